"""The due dates of each contract's review rhythm, one `ReviewDue` row each.

Rows are written here only, by the services that change what they depend on:

- `review_dues_plan`: the contract becomes active (its whole calendar, as its PDF shows
  it, bounded by `contracts.pdf.MAX_CALENDAR_DATES`), an amendment changes its end or its
  rhythm (unheld rows after the amendment's date replaced by the amended calendar, past
  ones kept), an exit is cancelled or moved later (the dates after the old exit back);
- `review_dues_close`: the young person exits (unheld rows after the exit dropped, the
  others missed);
- `review_due_attach` / `review_due_release` / `review_due_restate`: a review is
  recorded, cancelled or corrected;
- `review_dues_miss`: every day (the reminder scan) and after each recording, a date
  past its grace period, without a review, is missed once the next date is reached.

After each, `contract.next_review_on` is the earliest planned row of a running contract
(None otherwise): the pointer the reminders, the tutor's pages and the calendar read.
"""

import datetime as dt

from django.db.models import Exists, OuterRef, Q, Subquery

from ..enums import ContractStatus, DueStatus
from ..models import Amendment, Contract
from ..models.reviews import ReviewDue, SituationReview
from ..pdf import contract_calendar
from .schedule import held_status, judged_window, late_since


def overdue_dues(first: dt.date, last: dt.date, reference: dt.date):
    """« En retard »: the due dates of [first, last] past their grace period on the
    reference day without a review (planned or missed). The dashboard counts them for
    the school year chosen, the weekly digest for the current one: the same rows."""
    return ReviewDue.objects.due_between(*judged_window(first, last, reference)).unanswered()


def _end(contract: Contract) -> dt.date:
    """The last day a date of the rhythm may fall on: the planned end, or the exit."""
    if contract.ended_on is not None:
        return min(contract.ends_on, contract.ended_on)
    return contract.ends_on


def review_next_sync(*, contract: Contract) -> dt.date | None:
    """Point the contract at its earliest planned date (None when it is not running)."""
    next_on = None
    if contract.status == ContractStatus.ACTIVE:
        next_on = (
            ReviewDue.objects.filter(contract=contract, status=DueStatus.PLANNED)
            .order_by("due_on")
            .values_list("due_on", flat=True)
            .first()
        )
    Contract.objects.filter(pk=contract.pk).update(next_review_on=next_on)
    contract.next_review_on = next_on
    return next_on


def review_dues_plan(
    *, contract: Contract, since: dt.date | None = None, amendment: Amendment | None = None
) -> None:
    """Write the contract's due dates after `since` (all of them when None), from its
    calendar (or the amendment's): unheld rows after `since` that the calendar no longer
    has, or past the end, are dropped; held rows always stay."""
    if contract.activated_on is None:
        return
    end = _end(contract)
    dates = [day for day in contract_calendar(contract, amendment) if day <= end]
    if since is not None:
        dates = [day for day in dates if day > since]
    stale = Q(due_on__gt=end)
    stale |= ~Q(due_on__in=dates) if since is None else Q(due_on__gt=since) & ~Q(due_on__in=dates)
    ReviewDue.objects.filter(contract=contract, review__isnull=True).filter(stale).delete()
    ReviewDue.objects.bulk_create(
        [ReviewDue(contract=contract, due_on=day) for day in dates], ignore_conflicts=True
    )
    review_next_sync(contract=contract)


def review_dues_reopen(*, contract: Contract, closed_on: dt.date, today: dt.date) -> None:
    """The contract runs again (its exit cancelled or moved later than `closed_on`): the
    dates after the old exit come back, those missed only because it closed are planned
    again, then the rule of missed dates applies as of today."""
    ReviewDue.objects.filter(contract=contract, status=DueStatus.MISSED).update(
        status=DueStatus.PLANNED
    )
    amendment = contract.amendments.filter(signed_on__isnull=False).order_by("-number").first()
    contract.next_review_on = None  # the amended calendar restarts from the amendment
    review_dues_plan(contract=contract, since=closed_on, amendment=amendment)
    if contract.status != ContractStatus.ACTIVE:
        review_dues_close(contract=contract)
    else:
        review_dues_miss(today=today, contract=contract)


def review_dues_close(*, contract: Contract) -> None:
    """The contract ended (exit): unheld dates after its end go, unheld ones before are
    missed, since no review can be recorded any more."""
    end = _end(contract)
    open_rows = ReviewDue.objects.filter(contract=contract, review__isnull=True)
    open_rows.filter(due_on__gt=end).delete()
    open_rows.filter(status=DueStatus.PLANNED).update(status=DueStatus.MISSED)
    review_next_sync(contract=contract)


def open_due(contract: Contract, due_on: dt.date | None) -> ReviewDue | None:
    """The row a review recorded now answers, locked: the given date when it is open,
    else the earliest planned one."""
    rows = ReviewDue.objects.select_for_update().filter(contract=contract, review__isnull=True)
    if due_on is not None:
        return rows.filter(due_on=due_on).first()
    return rows.filter(status=DueStatus.PLANNED).order_by("due_on").first()


def review_due_attach(*, row: ReviewDue, review: SituationReview) -> None:
    row.review = review
    row.status = held_status(row.due_on, review.held_on)
    row.save(update_fields=["review", "status"])


def review_due_restate(*, review: SituationReview) -> None:
    """The review's date was corrected: held on time or late again."""
    ReviewDue.objects.filter(review=review).update(
        status=held_status(review.due_on, review.held_on)
    )


def review_due_release(*, review: SituationReview, today: dt.date) -> None:
    """The review was cancelled: its date is open again (planned, or missed when the rule
    says so), and the pointer follows."""
    row = ReviewDue.objects.filter(review=review).select_related("contract").first()
    if row is None:
        return
    row.review = None
    row.status = DueStatus.PLANNED
    row.save(update_fields=["review", "status"])
    if row.contract.status == ContractStatus.ACTIVE:
        review_dues_miss(today=today, contract=row.contract)
    else:
        review_dues_close(contract=row.contract)


def _missed(today: dt.date) -> Q:
    """Planned, past its grace period (`schedule.late_since`), and the next date of the
    same contract reached."""
    overdue = Q(status=DueStatus.PLANNED, due_on__lte=late_since(today))
    # Naming the few contracts with an overdue date lets PostgreSQL probe their rows by
    # index instead of hashing the whole table (academy scale: 2.6 ms instead of 250 ms).
    candidates = ReviewDue.objects.filter(overdue).values("contract_id")
    next_reached = ReviewDue.objects.filter(
        contract_id=OuterRef("contract_id"),
        due_on__gt=OuterRef("due_on"),
        due_on__lte=today,
        contract_id__in=candidates,
    )
    return overdue & Q(Exists(next_reached))


def review_dues_miss(*, today: dt.date, contract: Contract | None = None) -> int:
    """Mark missed the dates the rule says (`_missed`), then move the pointer of the
    running contracts that pointed at one. A fixed number of queries, whatever the
    number of rows; idempotent."""
    rows = ReviewDue.objects.filter(_missed(today))
    if contract is not None:
        rows = rows.filter(contract=contract)
    missed = rows.update(status=DueStatus.MISSED)
    if contract is not None:
        review_next_sync(contract=contract)
    elif missed:
        earliest = (
            ReviewDue.objects.filter(contract_id=OuterRef("pk"), status=DueStatus.PLANNED)
            .order_by("due_on")
            .values("due_on")[:1]
        )
        pointing_at_missed = ReviewDue.objects.filter(
            contract_id=OuterRef("pk"), due_on=OuterRef("next_review_on"), status=DueStatus.MISSED
        )
        # A contract pointing at a date just missed points at an overdue one: the index on
        # (status, next review) finds them.
        Contract.objects.active().filter(
            Exists(pointing_at_missed), next_review_on__lte=late_since(today)
        ).update(next_review_on=Subquery(earliest))
    return missed
