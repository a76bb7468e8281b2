"""Reads for situation reviews. Each function costs a fixed number of queries."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from foquale.accounts.models import User
from foquale.links import url_maker

from ..enums import CorrectedObject
from ..models import Contract, Correction
from ..models.family import hash_token
from ..models.reviews import CalendarToken, ReviewDue, SituationReview
from .enums import DueState
from .schedule import due_state, late_on
from .services.common import youth_short_name


@dataclass(frozen=True)
class DueReview:
    """One row of a tutor's reviews to do: the next review of one of their tutees."""

    contract_id: int
    youth_name: str
    # « Julien L. », as the e-mails name them: for what leaves the site (the calendar feed).
    youth_short_name: str
    due_on: dt.date
    late_on: dt.date
    state: DueState

    @property
    def is_late(self) -> bool:
        return self.state == DueState.LATE

    @property
    def badge_class(self) -> str:
        return {
            DueState.LATE: "fr-badge--error",
            DueState.DUE: "fr-badge--warning",
            DueState.UPCOMING: "fr-badge--info",
        }[self.state]

    @property
    def record_url(self) -> str:
        return url_maker("reviews:create")(self.contract_id)

    @property
    def history_url(self) -> str:
        return url_maker("reviews:list")(self.contract_id)


def tutor_reviews_due(user: User, *, today: dt.date | None = None) -> list[DueReview]:
    """The next review of each of the user's running contracts, the most urgent first.
    One query."""
    today = today or timezone.localdate()
    contracts = (
        Contract.objects.active()
        .filter(tutor_id=user.pk, next_review_on__isnull=False)
        .select_related("youth")
        .only("id", "next_review_on", "youth__id", "youth__first_name", "youth__last_name")
        .order_by("next_review_on", "pk")
    )
    return due_reviews_of(contracts, today=today)


def due_reviews_of(contracts, *, today: dt.date) -> list[DueReview]:
    """The rows of `tutor_reviews_due` from contracts already read (with their youth),
    in the given order. No query."""
    return [
        DueReview(
            contract_id=contract.pk,
            youth_name=str(contract.youth),
            youth_short_name=youth_short_name(contract.youth.first_name, contract.youth.last_name),
            due_on=contract.next_review_on,
            late_on=late_on(contract.next_review_on),
            state=due_state(contract.next_review_on, today),
        )
        for contract in contracts
    ]


def contract_reviews(contract: Contract) -> QuerySet[SituationReview]:
    """The contract's reviews, each saying whether it was ever corrected or cancelled."""
    corrected = Correction.objects.filter(target=CorrectedObject.REVIEW, object_id=OuterRef("pk"))
    return (
        contract.reviews.select_related("author")
        .annotate(corrected=Exists(corrected))
        .order_by("-due_on", "-pk")
    )


def contract_dues(contract: Contract) -> list[ReviewDue]:
    """Every due date of the contract's calendar with its state (at most 160): one query."""
    return list(ReviewDue.objects.filter(contract=contract).order_by("due_on"))


def open_dues(contract: Contract, *, today: dt.date) -> list[ReviewDue]:
    """The dates a review may answer now: missed ones and those planned up to the next
    one (or today). One query."""
    until = max(contract.next_review_on or today, today)
    return list(
        ReviewDue.objects.filter(
            contract=contract, review__isnull=True, due_on__lte=until
        ).order_by("due_on")
    )


def review_corrections(contract: Contract, reviews: list[SituationReview]) -> list:
    """The trace of the corrections of these reviews (read by `contract_reviews`), oldest
    first: one query, none when no review was ever corrected."""
    if not any(review.corrected for review in reviews):
        return []
    return Correction.objects.filter(
        youth_id=contract.youth_id,
        target=CorrectedObject.REVIEW,
        object_id__in=[review.pk for review in reviews],
    ).select_related("by")


def calendar_owner(token: str) -> User | None:
    """The active user whose calendar secret this is, or None."""
    row = (
        CalendarToken.objects.filter(token_hash=hash_token(token), user__is_active=True)
        .select_related("user")
        .first()
    )
    return row.user if row else None


def calendar_token_of(user: User) -> CalendarToken | None:
    return CalendarToken.objects.filter(user=user).first()
