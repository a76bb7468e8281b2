"""Who may do what in the networks app. Views call only these."""

from django.db.models import Q, QuerySet
from guardian.shortcuts import get_objects_for_user

from foquale.accounts.models import User

from .models import Academy, CommitteeSeat, Network, Platform


def academies_steered_by(user: User) -> QuerySet[Academy]:
    return Academy.objects.filter(steering_committee__members__user=user)


def is_steering(user: User) -> bool:
    return academies_steered_by(user).exists()


def platforms_for_user(user: User) -> QuerySet[Platform]:
    """Platforms an IEN-IO coordinates, or every platform of a steered academy."""
    if user.is_superuser:
        return Platform.objects.all()
    return Platform.objects.filter(
        Q(coordinators__user=user) | Q(academy__steering_committee__members__user=user)
    ).distinct()


def networks_for_user(user: User, perm: str = "view_network") -> QuerySet[Network]:
    """Networks the user may open: by object grant, or the whole academy for steering."""
    if not user.is_authenticated:
        return Network.objects.none()
    if user.is_superuser:
        return Network.objects.all()
    granted = get_objects_for_user(
        user, f"networks.{perm}", klass=Network, accept_global_perms=False
    )
    if perm != "view_network":
        return granted
    return Network.objects.filter(
        Q(pk__in=granted.values("pk")) | Q(academy__steering_committee__members__user=user)
    ).distinct()


def network_perms(user: User, network: Network) -> set[str]:
    """The user's codenames on one network, in one query."""
    if user.is_superuser:
        return {"view_network", "change_network", "lead_network", "view_network_cases"}
    return set(
        network.networkuserobjectpermission_set.filter(user=user).values_list(
            "permission__codename", flat=True
        )
    )


def can_lead_network(user: User, network: Network) -> bool:
    return "lead_network" in network_perms(user, network)


def can_view_network_cases(user: User, network: Network) -> bool:
    return "view_network_cases" in network_perms(user, network)


def can_edit_network(user: User, network: Network) -> bool:
    """Only the lead (or an administrator) edits the committee, objectives and meetings.

    Anyone who may see the network reads those pages; a forbidden write on a visible network
    is a 403, not a 404.
    """
    return "change_network" in network_perms(user, network)


def can_appoint_network_lead(user: User, network: Network) -> bool:
    """The steering committee of the network's academy appoints the lead (for the recteur)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return academies_steered_by(user).filter(pk=network.academy_id).exists()


# Catalogue of solutions, needs, evaluations, activity reports and shared practices.
# Editing follows the committee: the lead and the members holding an active seat.


def networks_edited_by(user: User) -> QuerySet[Network]:
    """Networks whose catalogue, needs, evaluations and report the user edits."""
    if not user.is_authenticated:
        return Network.objects.none()
    if user.is_superuser:
        return Network.objects.all()
    seats = CommitteeSeat.objects.filter(user=user, ended_on__isnull=True)
    return Network.objects.filter(Q(lead=user) | Q(pk__in=seats.values("network_id")))


def can_edit_network_work(user: User, network: Network) -> bool:
    """Lead or committee member of this network (catalogue, needs, evaluations, report)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or network.lead_id == user.pk:
        return True
    return network.seats.filter(user=user, ended_on__isnull=True).exists()
