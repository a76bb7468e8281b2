"""Situation reviews of the signed contracts: at each contract's rhythm, some missed, and
the due row of each date (`ReviewDue`), as `contracts.reviews.dues` would have written it."""

import datetime as dt
import random
from typing import NamedTuple

from contracts.enums import ContractStatus, DueStatus
from contracts.models import ReviewDue, SituationReview
from contracts.reviews.schedule import held_status, late_since

from .loader import Rows


class Schedule(NamedTuple):
    """A signed contract, as its reviews need it."""

    contract_id: int
    tutor_id: int
    activated_on: dt.date
    last_day: dt.date  # of the path so far: the end, or today
    status: str


def plan_reviews(
    schedules: list[Schedule], rows: Rows, *, rng: random.Random, today: dt.date, wanted: int
) -> dict[int, tuple[int, dt.date | None]]:
    """Reviews at each contract's rhythm from its signature; some missed, some late.

    The rhythm is set so that the reviews come near the `wanted` volume (a few more slots
    than wanted, then about one in eight missed). Returns each signed contract's rhythm
    and, when active, its next review date: already past when reviews were missed.
    """
    weeks = sum((last - activated).days / 7 for _, _, activated, last, _ in schedules)
    base = min(max(weeks / max(wanted * 1.15, 1), 1.0), 6.0)
    rhythms = [min(max(round(base * rng.choice((0.75, 1, 1, 1.25))), 1), 26) for _ in schedules]
    slots = [
        max((last - activated).days // (7 * rhythm), 0)
        for (_, _, activated, last, _), rhythm in zip(schedules, rhythms, strict=True)
    ]
    keep = min(1.0, wanted / max(sum(slots), 1))
    planned: dict[int, tuple[int, dt.date | None]] = {}
    for (contract_id, tutor_id, activated, _last, status), rhythm, count in zip(
        schedules, rhythms, slots, strict=True
    ):
        step = dt.timedelta(weeks=rhythm)
        # One active contract in eight has missed its latest reviews.
        stalled = status == ContractStatus.ACTIVE and rng.random() < 0.125
        dues: list[tuple[dt.date, int | None, str]] = []
        for k in range(1, count + 1):
            due = activated + step * k
            # The latest slot is kept unless stalled, so lateness is the stalled eighth.
            if (k < count and rng.random() > keep) or (stalled and k > count - 2):
                dues.append((due, None, DueStatus.PLANNED))
                continue
            late_by = rng.randint(-5, 0) if rng.random() < 0.8 else rng.randint(1, 21)
            held = min(due + dt.timedelta(days=late_by), today)
            review_id = rows.add(
                SituationReview, contract_id, due, held, tutor_id, "Assiduité correcte."
            )
            dues.append((due, review_id, held_status(due, held)))
        if status == ContractStatus.ACTIVE:
            dues.append((activated + step * (count + 1), None, DueStatus.PLANNED))
        next_review = _add_dues(rows, contract_id, dues, status, today)
        planned[contract_id] = (rhythm, next_review)
    return planned


def _add_dues(
    rows: Rows,
    contract_id: int,
    dues: list[tuple[dt.date, int | None, str]],
    status: str,
    today: dt.date,
) -> dt.date | None:
    """The due rows of one contract, by the rule of `dues.review_dues_miss` (or all missed
    once it ended); returns its next review: the earliest planned date."""
    next_review = None
    for index, (due, review_id, state) in enumerate(dues):
        if review_id is None:
            following = dues[index + 1][0] if index + 1 < len(dues) else None
            reached = following is not None and following <= today
            if status != ContractStatus.ACTIVE or (due <= late_since(today) and reached):
                state = DueStatus.MISSED
            elif next_review is None:
                next_review = due
        rows.add(ReviewDue, contract_id, due, state, review_id)
    return next_review
