"""Object permissions follow memberships: this module turns memberships into guardian grants.

Every service that names, seats or removes someone calls `refresh_user_grants` inside its
transaction, so grants and memberships never disagree.
"""

from django.contrib.auth.models import Permission
from guardian.shortcuts import assign_perm

from foquale.accounts.models import User

from .models import Network, NetworkUserObjectPermission

LEAD_PERMS = {"view_network", "change_network", "lead_network", "view_network_cases"}
MEMBER_PERMS = {"view_network"}
COORDINATOR_PERMS = {"view_network"}
ASSESSOR_PERMS = {"view_network_cases"}


def wanted_perms(network: Network, user: User) -> set[str]:
    perms: set[str] = set()
    if network.lead_id == user.pk:
        perms |= LEAD_PERMS
    if network.seats.filter(user=user, ended_on__isnull=True).exists():
        perms |= MEMBER_PERMS
    if network.platform.coordinators.filter(user=user).exists():
        perms |= COORDINATOR_PERMS
    # Assessors are declared in `referents`; the reverse relation needs no import.
    if network.assessors.filter(user=user).exists():
        perms |= ASSESSOR_PERMS
    return perms


def refresh_user_grants(network: Network, user: User) -> None:
    wanted = wanted_perms(network, user)
    current = set(
        NetworkUserObjectPermission.objects.filter(content_object=network, user=user).values_list(
            "permission__codename", flat=True
        )
    )
    for codename in wanted - current:
        assign_perm(f"networks.{codename}", user, network)
    stale = current - wanted
    if stale:
        NetworkUserObjectPermission.objects.filter(
            content_object=network,
            user=user,
            permission__in=Permission.objects.filter(
                content_type__app_label="networks", codename__in=stale
            ),
        ).delete()


def refresh_network_grants(network: Network) -> None:
    """Recompute the grants of everyone holding or having held a role in the network."""
    user_ids = set(
        NetworkUserObjectPermission.objects.filter(content_object=network).values_list(
            "user_id", flat=True
        )
    )
    if network.lead_id:
        user_ids.add(network.lead_id)
    user_ids |= set(network.seats.filter(ended_on__isnull=True).values_list("user_id", flat=True))
    user_ids |= set(network.platform.coordinators.values_list("user_id", flat=True))
    user_ids |= set(network.assessors.values_list("user_id", flat=True))
    for user in User.objects.filter(pk__in=user_ids):
        refresh_user_grants(network, user)
