import os

from celery import Celery
from celery.schedules import crontab
from celery.signals import worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "foquale.settings")

app = Celery("foquale")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Task modules below an app's own package are not found by autodiscovery.
app.autodiscover_tasks(["contracts.reviews"])

REVIEW_SCAN = "contracts.reviews.tasks.scan_review_reminders"

# The whole periodic schedule, in one place (Europe/Paris, CELERY_TIMEZONE).
app.conf.beat_schedule = {
    # Reminders, escalations: once a day, before the working day starts.
    "review-reminders": {"task": REVIEW_SCAN, "schedule": crontab(hour=6, minute=30)},
    # Contracts past their planned end without exit or amendment: flagged once, daily.
    "expired-contracts": {
        "task": "contracts.reviews.tasks.flag_expired_contracts",
        "schedule": crontab(hour=6, minute=40),
    },
    # The 15-day rule of the first interview (issue 12): référent at D+10, lead at D+15.
    "first-interviews": {
        "task": "contracts.reviews.tasks.remind_first_interviews",
        "schedule": crontab(hour=6, minute=50),
    },
    # Online signature: parties who have not signed, reminded on days 3 and 7.
    "signing-reminders": {
        "task": "contracts.tasks.send_signing_reminders",
        "schedule": crontab(hour=9, minute=0),
    },
    # The digest to each network lead: Monday morning.
    "network-digests": {
        "task": "contracts.reviews.tasks.send_network_digests",
        "schedule": crontab(day_of_week="mon", hour=7, minute=0),
    },
    # Retention: files past DATA_RETENTION_YEARS are anonymised and the access log's rows
    # of that age deleted; old e-mails emptied.
    "personal-data-retention": {
        "task": "contracts.tasks.purge_personal_data",
        "schedule": crontab(hour=3, minute=15),
    },
    "outbox-prune": {
        "task": "foquale.outbox.tasks.prune_outbox",
        "schedule": crontab(hour=3, minute=45),
    },
    # Tokens of forms sent more than a month ago (double-send protection).
    "submissions-prune": {
        "task": "foquale.submissions.tasks.prune_submissions",
        "schedule": crontab(hour=3, minute=50),
    },
    # Référents hold their grants for the current school year only.
    "referent-grants-school-year": {
        "task": "referents.tasks.refresh_referents_for_school_year",
        "schedule": crontab(hour=0, minute=10),
    },
    # Grants equal to what the memberships imply; a drift is repaired and reported.
    "check-grants": {
        "task": "foquale.accounts.tasks.check_grants_nightly",
        "schedule": crontab(hour=2, minute=30),
    },
    # E-mails whose task was lost in a crash are enqueued again.
    "outbox-flush": {
        "task": "foquale.outbox.tasks.flush_outbox",
        "schedule": crontab(minute="*/10"),
    },
}


@worker_ready.connect
def catch_up_review_scan(sender, **kwargs) -> None:
    """Beat does not replay a run missed while the workers were down; a worker starting
    runs the scan once, which sends only what is still due (the scan is idempotent)."""
    from django.conf import settings

    if settings.REVIEW_SCAN_AT_WORKER_START:
        app.send_task(REVIEW_SCAN)
