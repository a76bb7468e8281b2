"""The weekly digest to each network lead: review due dates overdue this school year, contracts ending soon, and
contracts still waiting for their signatures; counts and contract numbers, no names."""

import datetime as dt
import logging
from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from foquale.outbox.models import OutboxEmail
from foquale.outbox.services import email_queue_many, email_render
from foquale.schoolyear import school_year_bounds, school_year_of
from networks.models import Network

from ...enums import ContractStatus
from ...models import Contract
from ..dues import overdue_dues
from .recipients import digest_networks

# The logger the reviews' services have always written to.
logger = logging.getLogger(__package__)

# Rows listed per category in a digest; the counts always cover everything.
DIGEST_LIST_LIMIT = 20
DIGEST_NETWORK_BATCH = 50
# Counts and first rows of one category, by network id.
PerNetwork = tuple[dict[int, int], dict[int, list[Contract]]]


def _late_dues(today: dt.date, network_ids: list[int]) -> PerNetwork:
    """Due dates of the current school year past their grace period without a review:
    the dashboard's « en retard » for this year, counted by the same function
    (`dues.overdue_dues`). Counts and the oldest rows of each network, two queries."""
    scoped = overdue_dues(*school_year_bounds(school_year_of(today)), today).filter(
        contract__youth__network_id__in=network_ids
    )
    network = "contract__youth__network_id"
    counts = dict(
        scoped.order_by().values(network).annotate(n=Count("pk")).values_list(network, "n")
    )
    rows: dict[int, list] = defaultdict(list)
    ranked = (
        scoped.select_related("contract__tutor")
        .only(
            "id",
            "due_on",
            "contract__id",
            "contract__tutor__id",
            "contract__tutor__first_name",
            "contract__tutor__last_name",
        )
        .annotate(
            network_id=F(network),
            rank=Window(RowNumber(), partition_by=[F(network)], order_by=[F("due_on").asc(), "pk"]),
        )
        .filter(rank__lte=DIGEST_LIST_LIMIT)
        .order_by("due_on", "pk")
    )
    for due in ranked:
        due.url = settings.SITE_URL + due.contract.get_absolute_url()
        rows[due.network_id].append(due)
    return counts, rows


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


def _per_network(queryset: QuerySet[Contract], network_ids: list[int], order: str) -> PerNetwork:
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
    # The digest names no young person: a contract number and its address are enough for
    # the lead, who opens the case in FOQUALE.
    for contract in ranked:
        contract.url = settings.SITE_URL + contract.get_absolute_url()
        rows[contract.youth.network_id].append(contract)
    return counts, rows


def _digest_email(
    network: Network, today: dt.date, categories: dict[str, PerNetwork]
) -> OutboxEmail | None:
    """The network's digest, or None when it has nothing to report. The dedupe key names
    the ISO week."""
    pk = network.pk
    if not any(counts.get(pk) for counts, _rows in categories.values()):
        return None
    year, week, _ = today.isocalendar()
    context = {
        "network_name": network.name,
        "lead_name": network.lead.get_full_name(),
        "today": today,
        "grace_days": settings.REVIEW_GRACE_DAYS,
        "ending_days": settings.CONTRACT_ENDING_SOON_DAYS,
        "stale_days": settings.SIGNATURE_STALE_DAYS,
        "list_limit": DIGEST_LIST_LIMIT,
        "network_url": settings.SITE_URL + network.get_absolute_url(),
    }
    for name, (counts, rows) in categories.items():
        context[name] = rows.get(pk, [])
        context[f"{name}_count"] = counts.get(pk, 0)
    return email_render(
        kind="review_digest",
        to=[network.lead.email],
        template="contracts/emails/review_digest",
        context=context,
        dedupe_key=f"network-digest:{pk}:{year}-W{week:02d}",
    )


def _digest_batch(batch: list[Network], today: dt.date, now: dt.datetime) -> int:
    """Queue the digests of a batch of networks; the number of e-mails new this week."""
    ids = [network.pk for network in batch]
    categories = {
        "late": _late_dues(today, ids),
        "ending": _per_network(_ending_contracts(today), ids, "ends_on"),
        "stale": _per_network(_stale_contracts(now), ids, "created_at"),
    }
    emails = [
        email
        for network in batch
        if (email := _digest_email(network, today, categories)) is not None
    ]
    with transaction.atomic():
        before = OutboxEmail.objects.filter(
            dedupe_key__in=[email.dedupe_key for email in emails]
        ).count()
        stored = email_queue_many(emails=emails)
        return len(stored) - before


def network_digest_send(*, today: dt.date | None = None) -> int:
    """Queue this week's digest to each network lead with something to report. The dedupe
    key names the ISO week: a second run in the same week sends nothing."""
    now = timezone.now()
    today = today or timezone.localdate()
    networks = digest_networks()
    queued = 0
    last_pk = 0
    while True:
        batch = list(networks.filter(pk__gt=last_pk)[:DIGEST_NETWORK_BATCH])
        if not batch:
            break
        last_pk = batch[-1].pk
        queued += _digest_batch(batch, today, now)
    logger.info("network digest: %s e-mails queued", queued)
    return queued
