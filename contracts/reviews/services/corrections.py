"""Correcting or cancelling a recorded bilan de situation, with its trace."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from foquale.accounts.models import User
from foquale.corrections import check_reason, snapshot

from ...corrections import correction_log
from ...enums import CorrectedObject, CorrectionAction
from ...models import Contract
from ...models.reviews import SituationReview
from ...perms import can_correct
from ..dues import review_due_release, review_due_restate
from .record import _check_dates

REVIEW_FIELDS = (
    "held_on",
    "youth_present",
    "attendance",
    "progress",
    "difficulties",
    "decisions",
)


def _lock(review: SituationReview, by: User) -> tuple[Contract, SituationReview]:
    contract = Contract.objects.select_for_update().get(pk=review.contract_id)
    if not can_correct(by, review.contract.youth, review.author_id):
        raise PermissionDenied("Seul l’auteur du bilan ou le responsable du réseau peut corriger.")
    locked = SituationReview.objects.select_for_update().get(pk=review.pk)
    if locked.cancelled_at is not None:
        raise ValidationError("Ce bilan de situation est annulé : il ne peut plus être corrigé.")
    return contract, locked


@transaction.atomic
def review_correct(
    *,
    review: SituationReview,
    by: User,
    reason: str,
    held_on: dt.date,
    youth_present: bool,
    attendance: str = "",
    progress: str = "",
    difficulties: str = "",
    decisions: str = "",
) -> SituationReview:
    """Correct what a bilan de situation says; its due date stays (cancel it to free it)."""
    reason = check_reason(reason)
    contract, locked = _lock(review, by)
    _check_dates(contract, held_on, locked.due_on)
    before = snapshot(locked, REVIEW_FIELDS)
    locked.held_on = held_on
    locked.youth_present = youth_present
    locked.attendance = attendance.strip()
    locked.progress = progress.strip()
    locked.difficulties = difficulties.strip()
    locked.decisions = decisions.strip()
    correction_log(
        youth=review.contract.youth,
        target=CorrectedObject.REVIEW,
        object_id=locked.pk,
        action=CorrectionAction.CORRECTED,
        before=before,
        after=snapshot(locked, REVIEW_FIELDS),
        reason=reason,
        by=by,
    )
    locked.save(update_fields=list(REVIEW_FIELDS))
    review_due_restate(review=locked)
    return locked


@transaction.atomic
def review_cancel(*, review: SituationReview, by: User, reason: str) -> SituationReview:
    """Cancel a bilan de situation recorded by mistake: it stays on the contract, struck
    out, counts no more, and its due date is open again (or missed, when the next one is
    reached: `contracts.reviews.dues`); the next review of a running contract is the
    earliest date still planned."""
    reason = check_reason(reason)
    contract, locked = _lock(review, by)
    locked.cancelled_at = timezone.now()
    locked.save(update_fields=["cancelled_at"])
    review_due_release(review=locked, today=timezone.localdate())
    contract.refresh_from_db(fields=["next_review_on"])
    review.contract.next_review_on = contract.next_review_on
    correction_log(
        youth=review.contract.youth,
        target=CorrectedObject.REVIEW,
        object_id=locked.pk,
        action=CorrectionAction.CANCELLED,
        before=snapshot(locked, REVIEW_FIELDS),
        after={},
        reason=reason,
        by=by,
    )
    review.cancelled_at = locked.cancelled_at
    return locked
