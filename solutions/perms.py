"""Who reads and edits the solutions catalogue, the shared practices, the needs analyses
and the yearly evaluations. Views call only these."""

from django.db.models import Q, QuerySet

from foquale.accounts.models import User
from foquale.schoolyear import current_school_year
from networks.enums import SolutionStatus
from networks.models import Network, Practice, Solution
from networks.perms import (
    can_edit_network_work,
    can_lead_network,
    networks_edited_by,
    networks_for_user,
)
from referents.models import Referent

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


def networks_as_referent(user: User) -> QuerySet[Network]:
    """Networks holding an establishment the user is référent of this school year."""
    establishments = Referent.objects.filter(user=user, school_year=current_school_year()).values(
        "establishment_id"
    )
    return Network.objects.filter(establishments__in=establishments)


def catalogue_networks_for_user(user: User) -> QuerySet[Network]:
    """Networks whose published catalogue the user reads: the governance roles (lead,
    committee, IEN-IO, steering), the assessors (`view_network_cases`) and the référents of
    the network's establishments."""
    if not user.is_authenticated:
        return Network.objects.none()
    if user.is_superuser:
        return Network.objects.all()
    return Network.objects.filter(
        Q(pk__in=networks_for_user(user).values("pk"))
        | Q(pk__in=networks_for_user(user, "view_network_cases").values("pk"))
        | Q(pk__in=networks_as_referent(user).values("pk"))
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
