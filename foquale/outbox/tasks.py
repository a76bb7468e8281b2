from celery import shared_task

from .services import email_send, outbox_flush


@shared_task(
    acks_late=True,
    autoretry_for=(Exception,),
    retry_backoff=60,
    retry_backoff_max=3600,
    retry_jitter=True,
    max_retries=4,
)
def send_email(email_id: int) -> bool:
    return email_send(email_id=email_id)


@shared_task(acks_late=True)
def flush_outbox() -> dict[str, int]:
    return outbox_flush()
