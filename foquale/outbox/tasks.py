import logging

from celery import shared_task
from django.core.mail import get_connection

from .services import email_send, outbox_flush, outbox_prune

logger = logging.getLogger(__name__)
RETRY_BACKOFF = 60


@shared_task(
    acks_late=True,
    autoretry_for=(Exception,),
    retry_backoff=RETRY_BACKOFF,
    retry_backoff_max=3600,
    retry_jitter=True,
    max_retries=4,
)
def send_email(email_id: int) -> bool:
    return email_send(email_id=email_id)


@shared_task(acks_late=True)
def send_emails(email_ids: list[int]) -> int:
    """Send a chunk over one mail connection. An e-mail that fails goes on to its own
    task, which retries it with backoff; the others carry on. Redelivered after a crash,
    the chunk skips what already left (each row is claimed once)."""
    sent = 0
    with get_connection() as connection:
        for email_id in email_ids:
            try:
                sent += email_send(email_id=email_id, connection=connection)
            except Exception:  # recorded on the row by email_send; retried on its own
                send_email.apply_async((email_id,), countdown=RETRY_BACKOFF)
    return sent


@shared_task(acks_late=True)
def flush_outbox() -> dict[str, int]:
    return outbox_flush()


@shared_task(acks_late=True)
def prune_outbox() -> int:
    return outbox_prune()
