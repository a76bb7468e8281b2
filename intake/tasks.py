"""The import of a list runs here, off the request. Takes an id, no personal data;
idempotent: a second run of a done import does nothing."""

from celery import shared_task

from .services import list_import_run


@shared_task(acks_late=True)
def run_list_import(import_id: int) -> bool:
    return list_import_run(import_id=import_id)
