import datetime as dt

import pytest

from contracts.reviews.enums import DueState, ReminderKind
from contracts.reviews.schedule import due_state, next_due_after, reminder_kind_for

from .factories import ContractFactory

DUE = dt.date(2026, 10, 29)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2026, 10, 1), dt.date(2026, 10, 29)),
        (dt.date(2026, 10, 28), dt.date(2026, 10, 29)),
        # On the due date itself, the next one is a full rhythm later.
        (dt.date(2026, 10, 29), dt.date(2026, 11, 26)),
        (dt.date(2026, 11, 10), dt.date(2026, 11, 26)),
        # Past the last date of the rhythm before the end: no next review.
        (dt.date(2027, 6, 10), None),
    ],
)
def test_next_due_follows_the_rhythm_until_the_end(day, expected):
    contract = ContractFactory.build(starts_on=dt.date(2026, 10, 1), ends_on=dt.date(2027, 6, 30))
    assert next_due_after(contract, day) == expected


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (dt.date(2026, 10, 21), None),
        (dt.date(2026, 10, 22), ReminderKind.BEFORE),  # 7 days before
        (dt.date(2026, 10, 28), ReminderKind.BEFORE),
        (dt.date(2026, 10, 29), ReminderKind.DUE),
        (dt.date(2026, 11, 4), ReminderKind.DUE),
        (dt.date(2026, 11, 5), ReminderKind.LATE_REFERENT),  # 7 days of grace
        (dt.date(2026, 11, 18), ReminderKind.LATE_REFERENT),
        (dt.date(2026, 11, 19), ReminderKind.LATE_LEAD),  # 14 days more
        (dt.date(2027, 3, 1), ReminderKind.LATE_LEAD),
    ],
)
def test_reminder_ladder_under_default_settings(today, expected):
    assert reminder_kind_for(DUE, today) == expected


def test_ladder_follows_settings(settings):
    settings.REVIEW_REMINDER_DAYS_BEFORE = 0
    settings.REVIEW_GRACE_DAYS = 3
    settings.REVIEW_ESCALATE_LEAD_DAYS = 2
    assert reminder_kind_for(DUE, dt.date(2026, 10, 28)) is None
    assert reminder_kind_for(DUE, dt.date(2026, 11, 1)) == ReminderKind.LATE_REFERENT
    assert reminder_kind_for(DUE, dt.date(2026, 11, 3)) == ReminderKind.LATE_LEAD


@pytest.mark.parametrize(
    ("today", "state"),
    [
        (dt.date(2026, 10, 28), DueState.UPCOMING),
        (dt.date(2026, 10, 29), DueState.DUE),
        (dt.date(2026, 11, 4), DueState.DUE),
        (dt.date(2026, 11, 5), DueState.LATE),
    ],
)
def test_due_state(today, state):
    assert due_state(DUE, today) == state
