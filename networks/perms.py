"""Who may see and do what in the networks app. Views call only these.

Every answer is derived from the user's access scope (`foquale.access`), itself read from
the grants that `networks.grants` and `referents.grants` derive from memberships.
"""

from django.db.models import Q, QuerySet

from foquale.access import Scope, scope_for
from foquale.accounts.models import User

from .models import Network, NetworkEstablishmentUserObjectPermission

ALL_NETWORK_PERMS = frozenset(
    {"view_network", "change_network", "lead_network", "contribute_network", "view_network_cases"}
)


def is_steering(user: User) -> bool:
    scope = scope_for(user)
    return bool(scope.ids("steer_academy"))


def visible_networks_q(scope: Scope) -> Q:
    """Networks the user may open: a `view_network` grant, or the steered academy."""
    return Q(pk__in=scope.ids("view_network")) | Q(academy_id__in=scope.ids("steer_academy"))


def case_network_ids(scope: Scope) -> frozenset[int]:
    """Networks whose every case the user sees: led (`lead_network`) or assessed
    (`view_network_cases`)."""
    return scope.ids("lead_network") | scope.ids("view_network_cases")


def referent_links(scope: Scope) -> frozenset[tuple[int, int]]:
    """(network id, establishment id) pairs the user follows as référent this year."""
    return frozenset(scope.rows("follow_cases").values())


def led_network_ids(user: User) -> frozenset[int]:
    return scope_for(user).ids("lead_network")


def referent_emails(links: set[tuple[int, int]]) -> dict[tuple[int, int], list[str]]:
    """The reverse of `referent_links`: for (network id, establishment id) pairs, the
    active référents who follow them (grant `follow_cases`), in one query; none when no
    pair is given."""
    found: dict[tuple[int, int], list[str]] = {}
    if not links:
        return found
    networks = {network_id for network_id, _ in links}
    rows = NetworkEstablishmentUserObjectPermission.objects.filter(
        permission__codename="follow_cases",
        content_object__network_id__in=networks,
        user__is_active=True,
    ).values_list("content_object__network_id", "content_object__establishment_id", "user__email")
    for network_id, establishment_id, email in rows.order_by("user__email"):
        if (network_id, establishment_id) in links:
            found.setdefault((network_id, establishment_id), []).append(email)
    return found


def referents_of(network_id: int, establishment_id: int) -> QuerySet[User]:
    """The active référents who follow one (network, establishment) pair this year (grant
    `follow_cases`): the contacts a family is given. One query."""
    granted = NetworkEstablishmentUserObjectPermission.objects.filter(
        permission__codename="follow_cases",
        content_object__network_id=network_id,
        content_object__establishment_id=establishment_id,
    ).values("user_id")
    return User.objects.filter(pk__in=granted, is_active=True).order_by("last_name", "first_name")


def networks_for_user(user: User, perm: str = "view_network") -> QuerySet[Network]:
    """Networks the user may open (`view_network`), or on which they hold `perm`."""
    scope = scope_for(user)
    if not user.is_authenticated:
        return Network.objects.none()
    if scope.everything:
        return Network.objects.all()
    if perm == "view_network":
        return Network.objects.filter(visible_networks_q(scope))
    return Network.objects.filter(pk__in=scope.ids(perm))


def network_perms(user: User, network: Network) -> set[str]:
    """The user's codenames on one network (no query once the scope is read)."""
    scope = scope_for(user)
    if scope.everything:
        return set(ALL_NETWORK_PERMS)
    return {codename for codename in ALL_NETWORK_PERMS if scope.has(codename, network.pk)}


def can_lead_network(user: User, network: Network) -> bool:
    return "lead_network" in network_perms(user, network)


def can_view_network_cases(user: User, network: Network) -> bool:
    return bool({"lead_network", "view_network_cases"} & network_perms(user, network))


def can_edit_network(user: User, network: Network) -> bool:
    """Only the lead (or an administrator) edits the committee, objectives and meetings.

    Anyone who may see the network reads those pages; a forbidden write on a visible network
    is a 403, not a 404.
    """
    return "change_network" in network_perms(user, network)


def can_appoint_network_lead(user: User, network: Network) -> bool:
    """The steering committee of the network's academy appoints the lead (for the recteur)."""
    return scope_for(user).has("steer_academy", network.academy_id)


# Catalogue of solutions, needs, evaluations, activity reports and shared practices.
# Editing follows the committee: the lead and the members holding an active seat.


def networks_edited_by(user: User) -> QuerySet[Network]:
    """Networks whose catalogue, needs, evaluations and report the user edits."""
    return networks_for_user(user, "contribute_network")


def can_edit_network_work(user: User, network: Network) -> bool:
    """Lead or committee member of this network (catalogue, needs, evaluations, report)."""
    return "contribute_network" in network_perms(user, network)


def can_search_people(user: User, network: Network) -> bool:
    """The directory of the académie (`networks.people`) is for who names people from a
    network's pages: its lead and its référents (and the administrators)."""
    scope = scope_for(user)
    if scope.everything or scope.has("lead_network", network.pk):
        return True
    return any(network_id == network.pk for network_id, _ in referent_links(scope))
