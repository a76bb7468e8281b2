"""Who may read and record situation reviews.

The contract's tutor records; the référent of the youth's (network, establishment) and the
lead of the youth's network read; nobody else sees the contract at all (404). Derived from
the case scope (`contracts.perms`), like every other access question.
"""

from django.db.models import QuerySet

from foquale.accounts.models import User

from ..enums import ContractStatus
from ..models import Contract
from ..models.reviews import SituationReview
from ..perms import can_correct, case_scope, is_tutor_of


def contracts_for_user(user: User) -> QuerySet[Contract]:
    """Contracts whose reviews the user may read."""
    return case_scope(user).reviewable_contracts()


def can_record_review(user: User, contract: Contract) -> bool:
    """Only the tutor records, and only while the contract runs."""
    return is_tutor_of(user, contract) and contract.status == ContractStatus.ACTIVE


def can_correct_review(user: User, review: SituationReview) -> bool:
    """Its author, or the lead of the youth's network (`review.contract` read with its youth)."""
    return can_correct(user, review.contract.youth, review.author_id)


__all__ = ["can_correct_review", "can_record_review", "contracts_for_user", "is_tutor_of"]
