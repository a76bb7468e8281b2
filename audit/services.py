"""Writes of the access log: one row per read, and the retention purge."""

import datetime as dt
import logging

from django.db import connection, transaction

from foquale.accounts.models import User
from networks.models import Network

from .enums import ReadKind, Role
from .models import ReadLog

logger = logging.getLogger(__name__)


def read_log_record(
    *,
    user: User | None,
    kind: ReadKind,
    role: Role,
    path: str,
    object_id: int | None = None,
    youth_id: int | None = None,
    network: Network | None = None,
    academy_id: int | None = None,
) -> ReadLog:
    """Record one read: a single INSERT, from what the view already loaded (no SELECT).

    Not wrapped in `transaction.atomic`: one statement is atomic by itself, and a savepoint
    would add two statements to every page that reads a file."""
    if network is not None and academy_id is None:
        academy_id = network.academy_id
    return ReadLog.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        kind=kind,
        role=role,
        path=path[:300],
        object_id=object_id,
        youth_id=youth_id,
        network_id=network.pk if network is not None else None,
        academy_id=academy_id,
    )


@transaction.atomic
def read_log_purge(*, before: dt.datetime) -> int:
    """Delete the rows older than `before` (the retention period). Idempotent.

    On PostgreSQL the append-only trigger lets a DELETE through only in a transaction that
    says it is the purge."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('foquale.audit_purge', 'on', true)")
    purged = ReadLog.objects.filter(at__lt=before)._purge()
    logger.info("access log purge removed %s row(s)", purged)
    return purged
