"""Who reads the catalogue, needs, evaluations and activity reports of a network.

The référent check reads `referents`, which `networks` may not import: it lives here, in
the reporting module that may import every app.
"""

from django.db.models import Q, QuerySet

from foquale.accounts.models import User
from foquale.schoolyear import current_school_year
from networks import perms as network_perms
from networks.models import Network
from referents.models import Referent


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
        Q(pk__in=network_perms.networks_for_user(user).values("pk"))
        | Q(pk__in=network_perms.networks_for_user(user, "view_network_cases").values("pk"))
        | Q(pk__in=networks_as_referent(user).values("pk"))
    )


def report_networks_for_user(user: User) -> QuerySet[Network]:
    """Needs, evaluations and activity reports: lead, committee, IEN-IO and steering."""
    return network_perms.networks_for_user(user)


def report_networks_edited_by(user: User) -> QuerySet[Network]:
    return network_perms.networks_edited_by(user)


def can_edit_reports(user: User, network: Network) -> bool:
    return network_perms.can_edit_network_work(user, network)


def can_send_activity_report(user: User, network: Network) -> bool:
    return network_perms.can_lead_network(user, network)
