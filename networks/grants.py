"""Network memberships turned into django-guardian grants (see `foquale.grants`).

- the network lead: `view_network`, `change_network`, `lead_network`, `contribute_network`;
- a committee member (active seat): `view_network`, `contribute_network`;
- an IEN-IO coordinating the network's platform: `view_network`;
- a member of the academy's steering committee: `steer_academy` on the academy.

Assessors (`view_network_cases`) and référents are granted by `referents.grants`.
Every service or admin page that changes one of these memberships calls a refresh below
inside its transaction.
"""

from collections.abc import Iterable, Iterator

from foquale import grants
from foquale.accounts.models import User
from foquale.grants import Grant

from .models import (
    Academy,
    AcademyUserObjectPermission,
    CommitteeSeat,
    Network,
    NetworkUserObjectPermission,
    PlatformCoordinator,
    SteeringMember,
)

LEAD_PERMS = ("view_network", "change_network", "lead_network", "contribute_network")
MEMBER_PERMS = ("view_network", "contribute_network")
COORDINATOR_PERMS = ("view_network",)


def _network_grants(users: Iterable[int] | None, objects: Iterable[int] | None) -> Iterator[Grant]:
    leads = Network.objects.filter(lead__isnull=False)
    seats = CommitteeSeat.objects.filter(ended_on__isnull=True)
    coordinated = PlatformCoordinator.objects.filter(platform__networks__isnull=False)
    if objects is not None:
        leads = leads.filter(pk__in=objects)
        seats = seats.filter(network_id__in=objects)
        coordinated = coordinated.filter(platform__networks__in=objects)
    if users is not None:
        leads = leads.filter(lead_id__in=users)
        seats = seats.filter(user_id__in=users)
        coordinated = coordinated.filter(user_id__in=users)
    for network_id, user_id in leads.values_list("pk", "lead_id"):
        yield from ((user_id, codename, network_id) for codename in LEAD_PERMS)
    for network_id, user_id in seats.values_list("network_id", "user_id"):
        yield from ((user_id, codename, network_id) for codename in MEMBER_PERMS)
    for network_id, user_id in coordinated.values_list("platform__networks", "user_id"):
        yield from ((user_id, codename, network_id) for codename in COORDINATOR_PERMS)


def _academy_grants(users: Iterable[int] | None, objects: Iterable[int] | None) -> Iterator[Grant]:
    members = SteeringMember.objects.all()
    if objects is not None:
        members = members.filter(committee__academy_id__in=objects)
    if users is not None:
        members = members.filter(user_id__in=users)
    for academy_id, user_id in members.values_list("committee__academy_id", "user_id"):
        yield (user_id, "steer_academy", academy_id)


NETWORK_RULE = grants.register(
    grants.GrantRule(
        name="networks.governance",
        grant_model=NetworkUserObjectPermission,
        codenames=tuple(dict.fromkeys(LEAD_PERMS + MEMBER_PERMS + COORDINATOR_PERMS)),
        wanted=_network_grants,
    )
)
ACADEMY_RULE = grants.register(
    grants.GrantRule(
        name="networks.steering",
        grant_model=AcademyUserObjectPermission,
        codenames=("steer_academy",),
        wanted=_academy_grants,
    )
)


def refresh_network_grants(network: Network) -> None:
    """Everyone's governance grants on one network (lead, seats, IEN-IO)."""
    grants.sync(NETWORK_RULE, objects=[network.pk])


def refresh_user_grants(network: Network, user: User) -> None:
    grants.sync(NETWORK_RULE, users=[user.pk], objects=[network.pk])


def refresh_platform_grants(platform_id: int) -> None:
    """After a change of the platform's IEN-IO coordinators."""
    networks = Network.objects.filter(platform_id=platform_id).values_list("pk", flat=True)
    grants.sync(NETWORK_RULE, objects=list(networks))


def refresh_academy_grants(academy: Academy) -> None:
    """After a change of the academy's steering committee."""
    grants.sync(ACADEMY_RULE, objects=[academy.pk])
