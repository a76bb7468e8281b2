import logging

from celery import shared_task
from django.core.mail import get_connection
from django.utils import timezone

from .services import (
    SELF_RETRY_MAX,
    email_attempts_failed,
    email_next_attempt,
    email_send,
    outbox_flush,
    outbox_prune,
    publish,
)

logger = logging.getLogger(__name__)


def _retry_later(task, args: tuple, email_ids: list[int]) -> None:
    """Schedule the next attempt of these rows when it is near; a later one is sent by the
    flush (every ten minutes), which also covers a broker lost meanwhile."""
    at = email_next_attempt(email_ids=email_ids)
    if at is None:
        return
    wait = max((at - timezone.now()).total_seconds(), 0)
    if wait <= SELF_RETRY_MAX.total_seconds():
        publish(task, args, countdown=wait)


@shared_task(acks_late=True)
def send_email(email_id: int) -> bool:
    """Send one e-mail. A failed attempt is recorded on the row (`email_send`) and tried
    again on the retry schedule; a run whose attempt is not due does nothing."""
    try:
        return email_send(email_id=email_id)
    except Exception:  # recorded on the row by email_send
        _retry_later(send_email, (email_id,), [email_id])
        return False


@shared_task(acks_late=True)
def send_emails(email_ids: list[int]) -> int:
    """Send a chunk over one mail connection. An e-mail that fails goes on to its own
    task, on the retry schedule; the others carry on. When the server cannot be reached at
    all, each row counts a failed attempt and the chunk is tried again on the schedule.
    Redelivered after a crash, the chunk skips what already left (each row is claimed
    once)."""
    connection = get_connection()
    try:
        connection.open()
    except Exception as exc:  # SMTP down, refused, timed out: recorded on every row
        failed = email_attempts_failed(email_ids=email_ids, error=type(exc).__name__)
        logger.warning(
            "outbox: mail server unreachable (%s), %s e-mail(s)", type(exc).__name__, failed
        )
        if failed:
            _retry_later(send_emails, (email_ids,), email_ids)
        return 0
    sent = 0
    try:
        for email_id in email_ids:
            try:
                sent += email_send(email_id=email_id, connection=connection)
            except Exception:  # recorded on the row by email_send; retried on its own
                _retry_later(send_email, (email_id,), [email_id])
    finally:
        connection.close()
    return sent


@shared_task(acks_late=True)
def flush_outbox() -> dict[str, int]:
    return outbox_flush()


@shared_task(acks_late=True)
def prune_outbox() -> int:
    return outbox_prune()
