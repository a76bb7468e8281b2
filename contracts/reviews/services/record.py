"""Recording a review: the tutor's write, which answers one due date of the contract and
moves it to its next one."""

import datetime as dt
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from foquale.accounts.models import User
from foquale.inputs import clean_texts

from ...enums import ContractStatus
from ...models import Contract
from ...models.reviews import ReviewDue, SituationReview
from ...perms import is_tutor_of
from ..dues import open_due, review_due_attach, review_dues_miss, review_next_sync

# The logger the reviews' services have always written to.
logger = logging.getLogger(__package__)


REVIEW_TEXTS = frozenset({"attendance", "progress", "difficulties", "decisions"})


def _check_recordable(contract: Contract, author: User) -> None:
    if not is_tutor_of(author, contract):
        raise PermissionDenied("Seul le tuteur du contrat enregistre ses bilans de situation.")
    if contract.status != ContractStatus.ACTIVE:
        raise ValidationError(
            "Ce contrat n’est pas en cours (statut : %(status)s) : aucun bilan de situation "
            "ne peut y être enregistré.",
            params={"status": contract.get_status_display().lower()},
            code="contract_not_active",
        )


def _check_dates(contract: Contract, held_on: dt.date, due_on: dt.date) -> None:
    errors: dict[str, str] = {}
    if held_on > timezone.localdate():
        errors["held_on"] = "Un bilan de situation ne peut pas être daté dans le futur."
    elif held_on < contract.starts_on:
        errors["held_on"] = (
            f"Le bilan ne peut pas précéder le début du parcours, le {contract.starts_on:%d/%m/%Y}."
        )
    if not contract.starts_on <= due_on <= contract.ends_on:
        errors["due_on"] = (
            "L’échéance doit se situer pendant le parcours, "
            f"du {contract.starts_on:%d/%m/%Y} au {contract.ends_on:%d/%m/%Y}."
        )
    if errors:
        raise ValidationError(errors)


def _save_once(review: SituationReview) -> None:
    """Save the review; a second one for the same due date is a form error, not a crash."""
    try:
        with transaction.atomic():
            review.save()
    except IntegrityError:
        raise ValidationError(
            {
                "due_on": "Un bilan de situation est déjà enregistré pour l’échéance du "
                f"{review.due_on:%d/%m/%Y}."
            }
        ) from None


def _check_due(contract: Contract, due_on: dt.date | None, row: ReviewDue | None) -> None:
    """The review answers a due date of the calendar still open."""
    if row is not None:
        return
    if due_on is None:
        raise ValidationError(
            {"due_on": "Aucune échéance de bilan n’est ouverte sur ce contrat."},
            code="no_open_due",
        )
    if ReviewDue.objects.filter(contract=contract, due_on=due_on, review__isnull=False).exists():
        raise ValidationError(
            {
                "due_on": f"Un bilan de situation est déjà enregistré pour l’échéance du {due_on:%d/%m/%Y}."
            }
        )
    upcoming = (
        f" (la prochaine : le {contract.next_review_on:%d/%m/%Y})"
        if contract.next_review_on
        else ""
    )
    raise ValidationError(
        {
            "due_on": f"Aucun bilan n’est prévu le {due_on:%d/%m/%Y} : choisissez une échéance "
            f"du calendrier du contrat{upcoming}."
        },
        code="not_a_due_date",
    )


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
    """Record the review held for one due date of the contract's calendar (the earliest
    planned one when none is given), and move the contract to its next planned date (None
    when there is none; `contract.next_review_on` is updated too). Only the tutor of an
    active contract records."""
    # The lock orders two recordings on the same contract, so the second reads the first's
    # due rows.
    locked = Contract.objects.select_for_update().get(pk=contract.pk)
    _check_recordable(locked, author)
    if due_on is not None:
        _check_dates(locked, held_on, due_on)
    # Dates the rule says are missed are closed first (the scan may not have run today): the
    # review then answers the earliest date still planned.
    today = timezone.localdate()
    review_dues_miss(today=today, contract=locked)
    row = open_due(locked, due_on)
    _check_due(locked, due_on, row)
    due_on = row.due_on
    _check_dates(locked, held_on, due_on)
    texts = clean_texts(
        {
            "attendance": attendance,
            "progress": progress,
            "difficulties": difficulties,
            "decisions": decisions,
        },
        multiline=REVIEW_TEXTS,
    )
    if not any(texts.values()):
        raise ValidationError(
            {
                "progress": "Un bilan de situation dit ce qui s’est passé : renseignez au moins "
                "l’assiduité, les progrès, les difficultés ou les décisions."
            }
        )
    review = SituationReview(
        contract=locked,
        author=author,
        held_on=held_on,
        due_on=due_on,
        youth_present=youth_present,
        **texts,
    )
    _save_once(review)
    review_due_attach(row=row, review=review)
    # The pointer follows: the earliest date still planned.
    review_next_sync(contract=locked)
    contract.next_review_on = locked.next_review_on
    logger.info("review %s recorded on contract %s", review.pk, locked.pk)
    return review
