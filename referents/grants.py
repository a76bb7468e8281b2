"""Operational actors turned into django-guardian grants (see `foquale.grants`).

- an assessor (COP/PsyEN, MLDS) of a network: `view_network_cases` on the network;
- a référent décrochage named for a (network, establishment) pair and the current school
  year: `follow_cases` on that membership (`NetworkEstablishment`). A référent of last
  year keeps no grant: the yearly rollover (`referents.tasks`) refreshes them.
"""

from collections.abc import Iterable, Iterator

from foquale import grants
from foquale.grants import Grant
from foquale.schoolyear import current_school_year
from networks.models import (
    NetworkEstablishment,
    NetworkEstablishmentUserObjectPermission,
    NetworkUserObjectPermission,
)

from .models import Assessor, Referent


def _assessor_grants(users: Iterable[int] | None, objects: Iterable[int] | None) -> Iterator[Grant]:
    assessors = Assessor.objects.all()
    if objects is not None:
        assessors = assessors.filter(network_id__in=objects)
    if users is not None:
        assessors = assessors.filter(user_id__in=users)
    for network_id, user_id in assessors.values_list("network_id", "user_id"):
        yield (user_id, "view_network_cases", network_id)


def _referent_grants(users: Iterable[int] | None, objects: Iterable[int] | None) -> Iterator[Grant]:
    referents = Referent.objects.filter(school_year=current_school_year())
    links = NetworkEstablishment.objects.all()
    if users is not None:
        referents = referents.filter(user_id__in=users)
    if objects is not None:
        links = links.filter(pk__in=objects)
        referents = referents.filter(network__memberships__in=objects)
    rows = set(referents.values_list("network_id", "establishment_id", "user_id"))
    links = links.filter(network_id__in={network_id for network_id, _, _ in rows})
    link_ids = {
        (network_id, establishment_id): pk
        for pk, network_id, establishment_id in links.values_list(
            "pk", "network_id", "establishment_id"
        )
    }
    for network_id, establishment_id, user_id in rows:
        link_id = link_ids.get((network_id, establishment_id))
        if link_id is not None:
            yield (user_id, "follow_cases", link_id)


ASSESSOR_RULE = grants.register(
    grants.GrantRule(
        name="referents.assessors",
        grant_model=NetworkUserObjectPermission,
        codenames=("view_network_cases",),
        wanted=_assessor_grants,
    )
)
REFERENT_RULE = grants.register(
    grants.GrantRule(
        name="referents.referents",
        grant_model=NetworkEstablishmentUserObjectPermission,
        codenames=("follow_cases",),
        wanted=_referent_grants,
        scope_columns=("network_id", "establishment_id"),
    )
)


def refresh_assessor_grants(*, user_ids: Iterable[int]) -> None:
    grants.sync(ASSESSOR_RULE, users=user_ids)


def refresh_referent_grants(*, user_ids: Iterable[int] | None = None) -> None:
    """The référents' grants for the current school year (all of them when no user is
    given: the yearly rollover)."""
    grants.sync(REFERENT_RULE, users=user_ids)
