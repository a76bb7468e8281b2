"""Who reads and edits the solutions catalogue, the shared practices, the needs analyses
and the yearly evaluations. Views call only these."""

from django.db.models import Q, QuerySet

from foquale.access import scope_for
from foquale.accounts.models import User
from networks.enums import SolutionStatus
from networks.models import Network, Practice, Solution
from networks.perms import (
    can_edit_network_work,
    can_lead_network,
    case_network_ids,
    networks_edited_by,
    networks_for_user,
    referent_links,
    visible_networks_q,
)

__all__ = ["can_edit_network_work", "networks_edited_by", "networks_for_user"]


def solutions_for_user(user: User) -> QuerySet[Solution]:
    """Every entry of the networks the user reads, and the published entries of the
    neighbouring networks (same platform), which are read-only."""
    readable = networks_for_user(user)
    return Solution.objects.filter(
        Q(network__in=readable.values("pk"))
        | Q(status=SolutionStatus.PUBLISHED, network__platform__in=readable.values("platform"))
    )


def solutions_edited_by(user: User) -> QuerySet[Solution]:
    return Solution.objects.filter(network__in=networks_edited_by(user).values("pk"))


def can_edit_solution(user: User, solution: Solution) -> bool:
    return can_edit_network_work(user, solution.network)


def practices_for_user(user: User) -> QuerySet[Practice]:
    """Published practices of every académie where the user reads a network, and the
    drafts of the networks the user edits."""
    readable = networks_for_user(user)
    return Practice.objects.filter(
        Q(is_published=True, network__academy__in=readable.values("academy"))
        | Q(network__in=networks_edited_by(user).values("pk"))
    )


def practices_edited_by(user: User) -> QuerySet[Practice]:
    return Practice.objects.filter(network__in=networks_edited_by(user).values("pk"))


def catalogue_networks_for_user(user: User) -> QuerySet[Network]:
    """Networks whose published catalogue the user reads: the governance roles (lead,
    committee, IEN-IO, steering), the assessors and the référents of the network's
    establishments."""
    scope = scope_for(user)
    if not user.is_authenticated:
        return Network.objects.none()
    if scope.everything:
        return Network.objects.all()
    referent_networks = {network_id for network_id, _ in referent_links(scope)}
    return Network.objects.filter(
        visible_networks_q(scope) | Q(pk__in=case_network_ids(scope) | referent_networks)
    )


def report_networks_for_user(user: User) -> QuerySet[Network]:
    """Needs, evaluations and activity reports: lead, committee, IEN-IO and steering."""
    return networks_for_user(user)


def report_networks_edited_by(user: User) -> QuerySet[Network]:
    return networks_edited_by(user)


def can_edit_reports(user: User, network: Network) -> bool:
    return can_edit_network_work(user, network)


def can_send_activity_report(user: User, network: Network) -> bool:
    return can_lead_network(user, network)
