from celery import shared_task

from .retention import personal_data_purge
from .services.invitations import invitations_remind


@shared_task(acks_late=True)
def purge_personal_data() -> int:
    return personal_data_purge()


@shared_task(acks_late=True)
def send_signing_reminders() -> int:
    """Idempotent: each reminder is claimed by a conditional update before it is sent."""
    return invitations_remind()
