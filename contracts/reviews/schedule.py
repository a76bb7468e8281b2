"""Dates of the review rhythm and of the reminder ladder. Pure functions of dates and
settings (read at call time, so that a deployment or a test may change them)."""

import datetime as dt

from django.conf import settings
from django.db.models import QuerySet

from ..enums import DueStatus
from ..models import Contract
from ..models.reviews import grace_end
from .enums import DueState, ReminderKind


def next_due_after(contract: Contract, day: dt.date) -> dt.date | None:
    """The first date of the contract's rhythm (start + k × rhythm, k ≥ 1) after `day`,
    or None when it would fall past the contract's end."""
    step = dt.timedelta(weeks=contract.review_every_weeks)
    elapsed = max((day - contract.starts_on).days, 0)
    periods = elapsed // step.days + 1
    due = contract.starts_on + periods * step
    return due if due <= contract.ends_on else None


def late_on(due_on: dt.date) -> dt.date:
    """The day a review not held becomes late: the end of the grace period."""
    return grace_end(due_on)


def late_since(today: dt.date) -> dt.date:
    """A review due on or before this day and not held is late today."""
    return today - dt.timedelta(days=settings.REVIEW_GRACE_DAYS)


def held_status(due_on: dt.date, held_on: dt.date) -> DueStatus:
    """A review held before its date became late (within the grace period) was held on
    time: the rule of the reminders, the digest and every figure."""
    return DueStatus.HELD if held_on < late_on(due_on) else DueStatus.LATE


def judged_window(first: dt.date, last: dt.date, reference: dt.date) -> tuple[dt.date, dt.date]:
    """Of the due dates in [first, last], those judged on the reference day: past their
    grace period. The window of every count of due dates (figures and digest)."""
    return first, min(last, late_since(reference))


def late_contracts(today: dt.date) -> QuerySet[Contract]:
    """Contracts whose next review is past the grace period: the rule of the reminders, of
    the lead's digest, of the dashboard and of the « À faire » page."""
    return Contract.objects.active().filter(next_review_on__lte=late_since(today))


def lead_escalation_on(due_on: dt.date) -> dt.date:
    return late_on(due_on) + dt.timedelta(days=settings.REVIEW_ESCALATE_LEAD_DAYS)


def reminder_thresholds(due_on: dt.date) -> list[tuple[dt.date, ReminderKind]]:
    """The ladder for one due date: from which day each reminder is due, lowest first."""
    ladder = []
    if settings.REVIEW_REMINDER_DAYS_BEFORE:
        before = due_on - dt.timedelta(days=settings.REVIEW_REMINDER_DAYS_BEFORE)
        ladder.append((before, ReminderKind.BEFORE))
    ladder += [
        (due_on, ReminderKind.DUE),
        (late_on(due_on), ReminderKind.LATE_REFERENT),
        (lead_escalation_on(due_on), ReminderKind.LATE_LEAD),
    ]
    return ladder


def reminder_kind_for(due_on: dt.date, today: dt.date) -> ReminderKind | None:
    """The highest step reached today. After a missed scan only that step is sent: nobody
    needs yesterday's "in a week" reminder next to today's "late" one."""
    reached = [kind for day, kind in reminder_thresholds(due_on) if day <= today]
    return reached[-1] if reached else None


def scan_horizon(today: dt.date) -> dt.date:
    """No reminder is due for a review due after this day."""
    return today + dt.timedelta(days=settings.REVIEW_REMINDER_DAYS_BEFORE)


def due_state(due_on: dt.date, today: dt.date) -> DueState:
    if today >= late_on(due_on):
        return DueState.LATE
    if today >= due_on:
        return DueState.DUE
    return DueState.UPCOMING
