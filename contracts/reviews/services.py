"""Writes for situation reviews: recording a review, the daily reminder scan, the weekly
digest to network leads, and the calendar secret."""

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, QuerySet, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone

from foquale.accounts.models import User
from foquale.outbox.models import EmailStatus, OutboxEmail
from foquale.outbox.services import email_enqueue, email_queue_many, email_render
from foquale.schoolyear import school_year_of
from networks.models import Network
from referents.models import Referent

from ..enums import ContractStatus
from ..models import Contract
from ..models.reviews import CalendarToken, Reminder, SituationReview, new_calendar_token
from .enums import REMINDER_LEVELS, ReminderKind
from .schedule import late_on, next_due_after, reminder_kind_for, scan_horizon

logger = logging.getLogger(__name__)

# Rows listed per category in a digest; the counts always cover everything.
DIGEST_LIST_LIMIT = 20
DIGEST_NETWORK_BATCH = 50


def youth_short_name(first_name: str, last_name: str) -> str:
    """How an e-mail names a young person: enough for the addressee, who knows the case,
    little for anyone else who might read it."""
    return f"{first_name} {last_name[:1].upper()}." if last_name else first_name


# --- Recording a review -------------------------------------------------------------


@transaction.atomic
def review_record(
    *,
    contract: Contract,
    author: User,
    held_on: dt.date,
    due_on: dt.date | None = None,
    youth_present: bool,
    attendance: str = "",
    progress: str = "",
    difficulties: str = "",
    decisions: str = "",
) -> SituationReview:
    """Record the review held for one due date and move the contract to its next due date
    (None past the contract's end; `contract.next_review_on` is updated too). Only the
    tutor of an active contract records."""
    # The lock orders two recordings on the same contract, so the second reads the first's
    # next due date.
    locked = Contract.objects.select_for_update().get(pk=contract.pk)
    if locked.tutor_id != author.pk:
        raise PermissionDenied("Seul le tuteur du contrat enregistre ses bilans de situation.")
    if locked.status != ContractStatus.ACTIVE:
        raise ValidationError(
            "Ce contrat n’est pas en cours (statut : %(status)s) : aucun bilan de situation "
            "ne peut y être enregistré.",
            params={"status": locked.get_status_display().lower()},
            code="contract_not_active",
        )
    today = timezone.localdate()
    if due_on is None:
        due_on = locked.next_review_on or held_on
    errors: dict[str, str] = {}
    if held_on > today:
        errors["held_on"] = "Un bilan de situation ne peut pas être daté dans le futur."
    elif held_on < locked.starts_on:
        errors["held_on"] = (
            f"Le bilan ne peut pas précéder le début du parcours, le {locked.starts_on:%d/%m/%Y}."
        )
    if not locked.starts_on <= due_on <= locked.ends_on:
        errors["due_on"] = (
            "L’échéance doit se situer pendant le parcours, "
            f"du {locked.starts_on:%d/%m/%Y} au {locked.ends_on:%d/%m/%Y}."
        )
    if errors:
        raise ValidationError(errors)

    review = SituationReview(
        contract=locked,
        author=author,
        held_on=held_on,
        due_on=due_on,
        youth_present=youth_present,
        attendance=attendance,
        progress=progress,
        difficulties=difficulties,
        decisions=decisions,
    )
    try:
        with transaction.atomic():
            review.save()
    except IntegrityError:
        raise ValidationError(
            {
                "due_on": "Un bilan de situation est déjà enregistré pour l’échéance du "
                f"{due_on:%d/%m/%Y}."
            }
        ) from None

    reference = max(due_on, held_on)
    # A review recorded for an older due date (catching up) never moves the schedule back.
    if locked.next_review_on is None or locked.next_review_on <= reference:
        locked.next_review_on = next_due_after(locked, reference)
        Contract.objects.filter(pk=locked.pk).update(next_review_on=locked.next_review_on)
    contract.next_review_on = locked.next_review_on
    logger.info("review %s recorded on contract %s", review.pk, locked.pk)
    return review


# --- The daily reminder scan --------------------------------------------------------


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


def _with_recipients(contracts: QuerySet[Contract]) -> QuerySet[Contract]:
    """What a reminder e-mail needs, in the same query: tutor, youth's name, network lead."""
    return contracts.select_related(
        "tutor", "youth", "youth__network", "youth__network__lead"
    ).only(
        "id",
        "next_review_on",
        "tutor__id",
        "tutor__email",
        "tutor__first_name",
        "tutor__last_name",
        "tutor__is_active",
        "youth__id",
        "youth__first_name",
        "youth__last_name",
        "youth__establishment_id",
        "youth__network__id",
        "youth__network__name",
        "youth__network__lead__id",
        "youth__network__lead__email",
        "youth__network__lead__is_active",
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


def _recipients(
    contract: Contract, kind: ReminderKind, referents: dict[int, list[str]]
) -> list[str]:
    if kind in (ReminderKind.BEFORE, ReminderKind.DUE):
        return [contract.tutor.email] if contract.tutor.is_active else []
    if kind == ReminderKind.LATE_REFERENT:
        return referents.get(contract.youth.establishment_id, [])
    lead = contract.youth.network.lead
    return [lead.email] if lead is not None and lead.is_active else []


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
    existing = {
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
    # An e-mail queued before this scan began and still untried lost its task in a crash
    # (between commit and enqueue): queue it again. The outbox claims each row once, so a
    # task that was only late sends nothing twice.
    stranded = [
        email_id
        for email_id, status, attempts, created_at in existing.values()
        if email_id and status == EmailStatus.PENDING and not attempts and created_at < started
    ]
    if stranded:
        email_enqueue(stranded)
    missing = [pk for pk, (due, kind) in wanted.items() if (pk, due, kind) not in existing]
    if not missing:
        return

    # A review recorded since the light read moved the due date: leave it to the next scan.
    contracts = [
        contract
        for contract in _with_recipients(Contract.objects.filter(pk__in=missing))
        if contract.next_review_on == wanted[contract.pk][0]
    ]
    referent_kind = ReminderKind.LATE_REFERENT
    establishments = {
        c.youth.establishment_id for c in contracts if wanted[c.pk][1] == referent_kind
    }
    referents: dict[int, list[str]] = defaultdict(list)
    if establishments:
        for establishment_id, email in Referent.objects.filter(
            establishment_id__in=establishments,
            school_year=school_year_of(today),
            user__is_active=True,
        ).values_list("establishment_id", "user__email"):
            referents[establishment_id].append(email)

    emails: list[OutboxEmail] = []
    reminders: list[Reminder] = []
    for contract in contracts:
        due_on, kind = wanted[contract.pk]
        recipients = _recipients(contract, kind, referents)
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
    # E-mails and their reminder rows commit together: a crash leaves both or neither.
    with transaction.atomic():
        stored = email_queue_many(emails=emails)
        for reminder in reminders:
            reminder.email_id = stored.get(
                _reminder_key(reminder.contract_id, reminder.due_on, reminder.kind)
            )
        Reminder.objects.bulk_create(reminders, ignore_conflicts=True)
    # Rows a concurrent scan created in the meantime are counted here too: the report is
    # for the logs, the constraint is what guarantees a single row.
    report.reminders += len(reminders)
    report.emails += len(emails)


def reminder_scan(*, today: dt.date | None = None, batch_size: int | None = None) -> ScanReport:
    """Create the reminders due today and queue their e-mails, batch after batch (keyset
    on the primary key, a fixed number of queries per batch). Idempotent: a second run the
    same day, or a run next to another one, creates and sends nothing more."""
    started = timezone.now()
    today = today or timezone.localdate()
    batch_size = batch_size or settings.REVIEW_SCAN_BATCH_SIZE
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


# --- The weekly digest to network leads ---------------------------------------------


def _late_contracts(today: dt.date) -> QuerySet[Contract]:
    return Contract.objects.active().filter(
        next_review_on__lte=today - dt.timedelta(days=settings.REVIEW_GRACE_DAYS)
    )


def _ending_contracts(today: dt.date) -> QuerySet[Contract]:
    return Contract.objects.active().filter(
        ends_on__gte=today,
        ends_on__lte=today + dt.timedelta(days=settings.CONTRACT_ENDING_SOON_DAYS),
    )


def _stale_contracts(now: dt.datetime) -> QuerySet[Contract]:
    return Contract.objects.filter(
        status=ContractStatus.AWAITING_SIGNATURES,
        created_at__lte=now - dt.timedelta(days=settings.SIGNATURE_STALE_DAYS),
    )


def _per_network(
    queryset: QuerySet[Contract], network_ids: list[int], order: str
) -> tuple[dict[int, int], dict[int, list[Contract]]]:
    """Counts and the first rows of each network, in two queries for the whole batch."""
    scoped = queryset.filter(youth__network_id__in=network_ids)
    counts = dict(
        scoped.order_by()
        .values("youth__network_id")
        .annotate(n=Count("pk"))
        .values_list("youth__network_id", "n")
    )
    rows: dict[int, list[Contract]] = defaultdict(list)
    ranked = (
        scoped.select_related("youth", "tutor")
        .only(
            "id",
            "starts_on",
            "ends_on",
            "next_review_on",
            "created_at",
            "status",
            "youth__id",
            "youth__network_id",
            "youth__first_name",
            "youth__last_name",
            "tutor__id",
            "tutor__first_name",
            "tutor__last_name",
        )
        .annotate(
            rank=Window(
                RowNumber(), partition_by=[F("youth__network_id")], order_by=[F(order).asc(), "pk"]
            )
        )
        .filter(rank__lte=DIGEST_LIST_LIMIT)
        .order_by(order, "pk")
    )
    for contract in ranked:
        contract.youth_name = youth_short_name(contract.youth.first_name, contract.youth.last_name)
        rows[contract.youth.network_id].append(contract)
    return counts, rows


def network_digest_send(*, today: dt.date | None = None) -> int:
    """Queue this week's digest to each network lead with something to report. The dedupe
    key names the ISO week: a second run in the same week sends nothing."""
    now = timezone.now()
    today = today or timezone.localdate()
    year, week, _ = today.isocalendar()
    networks = (
        Network.objects.filter(lead__isnull=False, lead__is_active=True)
        .select_related("lead")
        .only("id", "name", "lead__id", "lead__email", "lead__first_name", "lead__last_name")
        .order_by("pk")
    )
    queued = 0
    last_pk = 0
    while True:
        batch = list(networks.filter(pk__gt=last_pk)[:DIGEST_NETWORK_BATCH])
        if not batch:
            break
        last_pk = batch[-1].pk
        ids = [network.pk for network in batch]
        late_counts, late = _per_network(_late_contracts(today), ids, "next_review_on")
        ending_counts, ending = _per_network(_ending_contracts(today), ids, "ends_on")
        stale_counts, stale = _per_network(_stale_contracts(now), ids, "created_at")
        emails = []
        for network in batch:
            pk = network.pk
            if not (late_counts.get(pk) or ending_counts.get(pk) or stale_counts.get(pk)):
                continue
            context = {
                "network_name": network.name,
                "lead_name": network.lead.get_full_name(),
                "today": today,
                "grace_days": settings.REVIEW_GRACE_DAYS,
                "ending_days": settings.CONTRACT_ENDING_SOON_DAYS,
                "stale_days": settings.SIGNATURE_STALE_DAYS,
                "late": late.get(pk, []),
                "late_count": late_counts.get(pk, 0),
                "ending": ending.get(pk, []),
                "ending_count": ending_counts.get(pk, 0),
                "stale": stale.get(pk, []),
                "stale_count": stale_counts.get(pk, 0),
                "list_limit": DIGEST_LIST_LIMIT,
                "network_url": settings.SITE_URL + network.get_absolute_url(),
            }
            emails.append(
                email_render(
                    kind="review_digest",
                    to=[network.lead.email],
                    template="contracts/emails/review_digest",
                    context=context,
                    dedupe_key=f"network-digest:{pk}:{year}-W{week:02d}",
                )
            )
        with transaction.atomic():
            before = OutboxEmail.objects.filter(
                dedupe_key__in=[email.dedupe_key for email in emails]
            ).count()
            stored = email_queue_many(emails=emails)
            queued += len(stored) - before
    logger.info("network digest: %s e-mails queued", queued)
    return queued


# --- The calendar secret ------------------------------------------------------------


@transaction.atomic
def calendar_token_renew(*, user: User) -> CalendarToken:
    """Create the user's calendar secret, or replace it: the old address stops working."""
    token, created = CalendarToken.objects.get_or_create(user=user)
    if not created:
        token.token = new_calendar_token()
        token.save(update_fields=["token", "created_at"])
    logger.info("calendar token renewed for user %s", user.pk)
    return token
