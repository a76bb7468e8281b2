"""Business settings (per académie), read from the environment: the delays and limits of a
young person's path. Imported by `foquale.settings`."""

from django.core.exceptions import ImproperlyConfigured

from .environment import env
from .environment import int_at_least as _int_at_least

FAMILY_LINK_DAYS = env.int("FAMILY_LINK_DAYS", default=30)
DATA_RETENTION_YEARS = env.int("DATA_RETENTION_YEARS", default=3)
if DATA_RETENTION_YEARS < 1:
    raise ImproperlyConfigured("DATA_RETENTION_YEARS must be 1 or more.")
# Sent e-mails keep their content this long (they carry names and family links).
OUTBOX_KEEP_DAYS = env.int("OUTBOX_KEEP_DAYS", default=90)
if OUTBOX_KEEP_DAYS < FAMILY_LINK_DAYS:
    raise ImproperlyConfigured("OUTBOX_KEEP_DAYS must be at least FAMILY_LINK_DAYS.")
# A catalogue entry not reviewed for this many days is flagged « À mettre à jour ».
SOLUTION_STALE_DAYS = env.int("SOLUTION_STALE_DAYS", default=365)
if SOLUTION_STALE_DAYS < 1:
    raise ImproperlyConfigured("SOLUTION_STALE_DAYS must be 1 or more.")


# Situation reviews: the tutor is reminded REVIEW_REMINDER_DAYS_BEFORE days before the due
# date (0: no early reminder) and on the day; REVIEW_GRACE_DAYS after the due date the
# review is late and the référent is told; REVIEW_ESCALATE_LEAD_DAYS later, the network lead.
REVIEW_REMINDER_DAYS_BEFORE = _int_at_least("REVIEW_REMINDER_DAYS_BEFORE", 7)
REVIEW_GRACE_DAYS = _int_at_least("REVIEW_GRACE_DAYS", 7, minimum=1)
REVIEW_ESCALATE_LEAD_DAYS = _int_at_least("REVIEW_ESCALATE_LEAD_DAYS", 14, minimum=1)
# Weekly digest to network leads: contracts ending within this many days, contracts still
# awaiting signatures this many days after creation.
CONTRACT_ENDING_SOON_DAYS = _int_at_least("CONTRACT_ENDING_SOON_DAYS", 30, minimum=1)
SIGNATURE_STALE_DAYS = _int_at_least("SIGNATURE_STALE_DAYS", 14, minimum=1)
# Contracts read per batch by the daily scan (each batch costs a fixed number of queries).
REVIEW_SCAN_BATCH_SIZE = _int_at_least("REVIEW_SCAN_BATCH_SIZE", 500, minimum=1)
# A worker that starts runs one scan, so a schedule missed while it was down is caught up
# (the scan is idempotent).
REVIEW_SCAN_AT_WORKER_START = env.bool("REVIEW_SCAN_AT_WORKER_START", default=True)

# Monthly lists (issue 12): a young person received by a network has a first interview
# within FIRST_INTERVIEW_DAYS; the référent is reminded FIRST_INTERVIEW_REFERENT_DAYS after
# reception, the lead on the deadline. A platform's list holds at most IMPORT_MAX_ROWS rows
# and IMPORT_MAX_MB megabytes.
FIRST_INTERVIEW_DAYS = _int_at_least("FIRST_INTERVIEW_DAYS", 15, minimum=1)
FIRST_INTERVIEW_REFERENT_DAYS = _int_at_least("FIRST_INTERVIEW_REFERENT_DAYS", 10, minimum=0)
if FIRST_INTERVIEW_REFERENT_DAYS >= FIRST_INTERVIEW_DAYS:
    raise ImproperlyConfigured("FIRST_INTERVIEW_REFERENT_DAYS must be below FIRST_INTERVIEW_DAYS.")
IMPORT_MAX_ROWS = _int_at_least("IMPORT_MAX_ROWS", 50000, minimum=1)
IMPORT_MAX_MB = _int_at_least("IMPORT_MAX_MB", 20, minimum=1)
