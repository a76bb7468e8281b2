"""The daily reminder scan: the reminders due today, each stored once with its e-mail."""

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils import timezone

from foquale.outbox.models import EmailStatus, OutboxEmail
from foquale.outbox.services import email_enqueue, email_queue_many, email_render
from networks.perms import referent_emails

from ...models import Contract
from ...models.reviews import Reminder
from ..dues import review_dues_miss
from ..enums import REMINDER_LEVELS, ReminderKind
from ..schedule import late_on, reminder_kind_for, scan_horizon
from .common import youth_short_name
from .recipients import reminder_recipients, with_recipients

# The logger the reviews' services have always written to.
logger = logging.getLogger(__package__)

# (due date, kind) of the reminder each contract of a batch needs today, by contract id.
Wanted = dict[int, tuple[dt.date, ReminderKind]]
# (contract id, due date, kind) → (e-mail id, its status, attempts, created at).
Existing = dict[tuple[int, dt.date, str], tuple[int | None, str, int, dt.datetime]]


@dataclass
class ScanReport:
    batches: int = 0
    contracts: int = 0
    reminders: int = 0
    emails: int = 0


def _scan_candidates(today: dt.date) -> QuerySet[Contract]:
    """Active contracts whose next review is close enough to need a reminder. (Excluding
    those already at the top of the ladder in SQL looks cheaper but is not: the planner
    joins the whole reminder table for every batch. The batch's second query sorts them.)"""
    return (
        Contract.objects.active()
        .filter(next_review_on__isnull=False, next_review_on__lte=scan_horizon(today))
        .filter(next_review_on__lte=F("ends_on"))
        .order_by("pk")
    )


def _reminder_key(contract_id: int, due_on: dt.date, kind: str) -> str:
    return f"review-reminder:{contract_id}:{due_on:%Y%m%d}:{kind}"


def _reminder_email(
    contract: Contract, kind: ReminderKind, today: dt.date, recipients: list[str]
) -> OutboxEmail:
    due_on = contract.next_review_on
    youth = contract.youth
    context = {
        "kind": kind,
        "contract_id": contract.pk,
        "youth_name": youth_short_name(youth.first_name, youth.last_name),
        "tutor_name": contract.tutor.get_full_name(),
        "network_name": youth.network.name,
        "due_on": due_on,
        "late_on": late_on(due_on),
        "days_late": (today - due_on).days,
        "days_left": (due_on - today).days,
        "record_url": settings.SITE_URL + reverse("reviews:create", args=[contract.pk]),
        "history_url": settings.SITE_URL + reverse("reviews:list", args=[contract.pk]),
    }
    return email_render(
        kind=f"review_{kind}",
        to=recipients,
        template=f"contracts/emails/review_{kind}",
        context=context,
        dedupe_key=_reminder_key(contract.pk, due_on, kind),
    )


def _existing_reminders(wanted: Wanted) -> Existing:
    """The light read: the reminders already stored for the batch, with their e-mail."""
    return {
        (contract_id, due_on, kind): (email_id, status, attempts, created_at)
        for contract_id, due_on, kind, email_id, status, attempts, created_at in (
            Reminder.objects.filter(
                contract_id__in=list(wanted), due_on__in=list({due for due, _ in wanted.values()})
            ).values_list(
                "contract_id",
                "due_on",
                "kind",
                "email_id",
                "email__status",
                "email__attempts",
                "email__created_at",
            )
        )
    }


def _requeue_stranded(existing: Existing, started: dt.datetime) -> None:
    """An e-mail queued before this scan began and still untried lost its task in a crash
    (between commit and enqueue): queue it again. The outbox claims each row once, so a
    task that was only late sends nothing twice."""
    stranded = [
        email_id
        for email_id, status, attempts, created_at in existing.values()
        if email_id and status == EmailStatus.PENDING and not attempts and created_at < started
    ]
    if stranded:
        email_enqueue(stranded)


def _reminders_to_create(
    contracts: list[Contract], wanted: Wanted, today: dt.date
) -> tuple[list[OutboxEmail], list[Reminder]]:
    referent_kind = ReminderKind.LATE_REFERENT
    links = {
        (c.youth.network_id, c.youth.establishment_id)
        for c in contracts
        if wanted[c.pk][1] == referent_kind
    }
    referents = referent_emails(links)
    emails: list[OutboxEmail] = []
    reminders: list[Reminder] = []
    for contract in contracts:
        due_on, kind = wanted[contract.pk]
        recipients = reminder_recipients(contract, kind, referents)
        if recipients:
            emails.append(_reminder_email(contract, kind, today, recipients))
        reminders.append(
            Reminder(
                contract_id=contract.pk,
                due_on=due_on,
                kind=kind,
                level=REMINDER_LEVELS[kind],
                recipient_count=len(recipients),
            )
        )
    return emails, reminders


def _store(emails: list[OutboxEmail], reminders: list[Reminder]) -> None:
    # E-mails and their reminder rows commit together: a crash leaves both or neither.
    with transaction.atomic():
        stored = email_queue_many(emails=emails)
        for reminder in reminders:
            reminder.email_id = stored.get(
                _reminder_key(reminder.contract_id, reminder.due_on, reminder.kind)
            )
        Reminder.objects.bulk_create(reminders, ignore_conflicts=True)


def _scan_batch(
    batch: list[tuple[int, dt.date]], today: dt.date, started: dt.datetime, report: ScanReport
) -> None:
    """One batch of (contract id, due date): a light read of what exists, then the full
    rows of the contracts that need a new reminder only. A day with nothing new costs two
    small queries per batch."""
    wanted = {
        pk: (due_on, kind)
        for pk, due_on in batch
        if (kind := reminder_kind_for(due_on, today)) is not None
    }
    if not wanted:
        return
    existing = _existing_reminders(wanted)
    _requeue_stranded(existing, started)
    missing = [pk for pk, (due, kind) in wanted.items() if (pk, due, kind) not in existing]
    if not missing:
        return

    # A review recorded since the light read moved the due date: leave it to the next scan.
    contracts = [
        contract
        for contract in with_recipients(Contract.objects.filter(pk__in=missing))
        if contract.next_review_on == wanted[contract.pk][0]
    ]
    emails, reminders = _reminders_to_create(contracts, wanted, today)
    _store(emails, reminders)
    # Rows a concurrent scan created in the meantime are counted here too: the report is
    # for the logs, the constraint is what guarantees a single row.
    report.reminders += len(reminders)
    report.emails += len(emails)


def reminder_scan(*, today: dt.date | None = None, batch_size: int | None = None) -> ScanReport:
    """Create the reminders due today and queue their e-mails, batch after batch (keyset
    on the primary key, a fixed number of queries per batch). Idempotent: a second run the
    same day, or a run next to another one, creates and sends nothing more. Due dates
    the rule says are missed are marked first (`dues.review_dues_miss`)."""
    started = timezone.now()
    today = today or timezone.localdate()
    batch_size = batch_size or settings.REVIEW_SCAN_BATCH_SIZE
    # Dates skipped yesterday are missed today, and their contracts point at the next one:
    # the ladder then runs for that date (two UPDATEs, whatever the number of rows).
    review_dues_miss(today=today)
    candidates = _scan_candidates(today).values_list("pk", "next_review_on")
    report = ScanReport()
    last_pk = 0
    while True:
        batch = list(candidates.filter(pk__gt=last_pk)[:batch_size])
        if not batch:
            break
        last_pk = batch[-1][0]
        _scan_batch(batch, today, started, report)
        report.batches += 1
        report.contracts += len(batch)
    logger.info(
        "review scan: %s contracts in %s batches, %s reminders, %s e-mails",
        report.contracts,
        report.batches,
        report.reminders,
        report.emails,
    )
    return report
