"""Tutorship turned into django-guardian grants (see `foquale.grants`).

The contract's `tutor` column is the fact; the grant `view_contract` on the contract is
derived from it, and every read of who tutors what goes through the grant (the access
scope). `contract_create` and `contract_change_tutor` refresh it in their transaction.
"""

from collections.abc import Iterable, Iterator

from foquale import grants
from foquale.grants import Grant

from .models import Contract, ContractUserObjectPermission

TUTOR_PERMISSION = "view_contract"


def _tutor_grants(users: Iterable[int] | None, objects: Iterable[int] | None) -> Iterator[Grant]:
    contracts = Contract.objects.all()
    if objects is not None:
        contracts = contracts.filter(pk__in=objects)
    if users is not None:
        contracts = contracts.filter(tutor_id__in=users)
    for contract_id, tutor_id in contracts.values_list("pk", "tutor_id").iterator(chunk_size=5000):
        yield (tutor_id, TUTOR_PERMISSION, contract_id)


TUTOR_RULE = grants.register(
    grants.GrantRule(
        name="contracts.tutors",
        grant_model=ContractUserObjectPermission,
        codenames=(TUTOR_PERMISSION,),
        wanted=_tutor_grants,
        scope_columns=("youth_id",),
    )
)


def refresh_contract_grants(contract: Contract) -> None:
    grants.sync(TUTOR_RULE, objects=[contract.pk])
