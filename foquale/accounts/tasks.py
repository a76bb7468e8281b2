import logging

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from foquale.grants import check_all, drift_report
from foquale.outbox.services import email_queue

logger = logging.getLogger(__name__)


def administrators() -> list[str]:
    """`ADMIN_EMAILS`, or else the active superusers' addresses."""
    if settings.ADMIN_EMAILS:
        return list(settings.ADMIN_EMAILS)
    users = get_user_model().objects.filter(is_superuser=True, is_active=True)
    return sorted(users.values_list("email", flat=True))


@shared_task(acks_late=True)
def check_grants_nightly() -> int:
    """Repair any drift between grants and memberships and tell the administrators: a
    drift means a path that changes a membership forgot to refresh the grants."""
    found = check_all(fix=True)
    total = sum(len(d.missing) + len(d.stale) for d in found.values())
    if total:
        logger.warning("grants drift repaired: %s difference(s)", total)
        email_queue(
            kind="grants_drift",
            to=administrators(),
            template="accounts/emails/grants_drift",
            context={"lines": drift_report(found), "total": total},
            dedupe_key=f"grants-drift:{timezone.localdate():%Y-%m-%d}",
        )
    return total
