from celery import shared_task

from .services import submissions_prune


@shared_task
def prune_submissions() -> int:
    return submissions_prune()
