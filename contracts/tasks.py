from celery import shared_task

from .retention import personal_data_purge


@shared_task(acks_late=True)
def purge_personal_data() -> int:
    return personal_data_purge()
