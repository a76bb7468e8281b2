"""Who may read the dashboard, and over which networks.

Aggregates only, so everyone who may open a network reads its figures: the steering
committee (its academy), the IEN-IO (the networks of the platforms they coordinate, granted
by `networks.grants`), the network lead and the committee members (their network). Tutors,
referents and assessors work on files, not on these figures: they have no `view_network`
grant and get a 404.
"""

from django.db.models import Q, QuerySet

from foquale.accounts.models import User
from networks.models import Network, NetworkUserObjectPermission, SteeringMember


def dashboard_networks_for_user(user: User) -> QuerySet[Network]:
    """The networks of `networks.perms.networks_for_user`, in a leaner query.

    Same rule (a `view_network` grant, or the steered academy; everything for a
    superuser), written as two plain subqueries: the dashboard runs it on every view and
    guardian's generic query costs about 2 ms more to build. The app grants to users
    only, never to groups (`networks.grants`); a group grant would be ignored here, which
    shows less, never more. A test keeps both functions in step.
    """
    if not user.is_authenticated:
        return Network.objects.none()
    if user.is_superuser:
        return Network.objects.all()
    granted = NetworkUserObjectPermission.objects.filter(
        user=user,
        permission__codename="view_network",
        permission__content_type__app_label="networks",
    ).values("content_object_id")
    steered = SteeringMember.objects.filter(user=user).values("committee__academy_id")
    return Network.objects.filter(Q(pk__in=granted) | Q(academy_id__in=steered))
