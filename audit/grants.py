"""The académie's data protection officers turned into grants (see `foquale.grants`):
`audit_academy` on the académie. Every path that names or removes a DPO refreshes them:
the admin (`GrantsAdminMixin`), the demo seed, the factories."""

from collections.abc import Iterable, Iterator

from foquale import grants
from foquale.grants import Grant
from networks.models import Academy, AcademyUserObjectPermission

from .models import DataProtectionOfficer

DPO_PERMISSION = "audit_academy"


def _dpo_grants(users: Iterable[int] | None, objects: Iterable[int] | None) -> Iterator[Grant]:
    officers = DataProtectionOfficer.objects.all()
    if objects is not None:
        officers = officers.filter(academy_id__in=objects)
    if users is not None:
        officers = officers.filter(user_id__in=users)
    for academy_id, user_id in officers.values_list("academy_id", "user_id"):
        yield (user_id, DPO_PERMISSION, academy_id)


DPO_RULE = grants.register(
    grants.GrantRule(
        name="audit.dpo",
        grant_model=AcademyUserObjectPermission,
        codenames=(DPO_PERMISSION,),
        wanted=_dpo_grants,
    )
)


def refresh_dpo_grants(academy: Academy) -> None:
    grants.sync(DPO_RULE, objects=[academy.pk])
