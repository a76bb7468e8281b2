"""Who may read the dashboard, and over which networks.

Aggregates only, so everyone who may open a network reads its figures: the steering
committee (its academy), the IEN-IO (the networks of the platforms they coordinate, granted
by `networks.grants`), the network lead and the committee members (their network). Tutors,
referents and assessors work on files, not on these figures: they have no `view_network`
grant and get a 404.
"""

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from foquale.accounts.models import User
from networks.models import (
    Network,
    NetworkUserObjectPermission,
    Platform,
    SteeringCommittee,
    SteeringMember,
)


def _scope_sql() -> str:
    table = {
        model: connection.ops.quote_name(model._meta.db_table)
        for model in (
            Network,
            Platform,
            NetworkUserObjectPermission,
            Permission,
            ContentType,
            SteeringMember,
            SteeringCommittee,
        )
    }
    return f"""
        SELECT n.id, n.name, n.academy_id, n.platform_id, n.lead_id, p.name AS platform_name
        FROM {table[Network]} n
        JOIN {table[Platform]} p ON p.id = n.platform_id
        WHERE n.id IN (
            SELECT g.content_object_id
            FROM {table[NetworkUserObjectPermission]} g
            JOIN {table[Permission]} a ON a.id = g.permission_id
            JOIN {table[ContentType]} t ON t.id = a.content_type_id
            WHERE g.user_id = %s AND a.codename = %s AND t.app_label = %s
        ) OR n.academy_id IN (
            SELECT c.academy_id
            FROM {table[SteeringMember]} m
            JOIN {table[SteeringCommittee]} c ON c.id = m.committee_id
            WHERE m.user_id = %s
        )
    """


def dashboard_networks_for_user(user: User) -> list[Network]:
    """The networks of `networks.perms.networks_for_user`, with their platform, by name.

    Same rule (a `view_network` grant, or the steered academy; everything for a
    superuser), in one plain SQL query: the dashboard asks on every view, and the ORM's
    building of guardian's query costs more than the rest of a cached page (measured in
    docs/benchmarks.md). The app grants to users only, never to groups
    (`networks.grants`); a group grant would be ignored here, which shows less, never
    more. A test keeps this function and `networks_for_user` in step.
    """
    if not user.is_authenticated:
        return []
    if user.is_superuser:
        networks = list(Network.objects.select_related("platform"))
    else:
        networks = list(
            Network.objects.raw(_scope_sql(), [user.pk, "view_network", "networks", user.pk])
        )
        for network in networks:
            network.platform = Platform(
                id=network.platform_id, academy_id=network.academy_id, name=network.platform_name
            )
    networks.sort(key=lambda n: (n.platform.name, n.name))
    return networks
