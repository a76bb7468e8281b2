from celery import shared_task

from .grants import refresh_referent_grants


@shared_task(acks_late=True)
def refresh_referents_for_school_year() -> None:
    """A référent is named for a school year: on 1 September last year's référents lose
    their grants and this year's gain theirs. Daily, so a missed night catches up."""
    refresh_referent_grants()
