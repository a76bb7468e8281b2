"""What the family is told about a contract: a summary and whom to ask, by name.

Read by the family's page (`views/family.py`) and by the e-mail that sends them the signed
document (`services/documents.py`), so that both say the same. Professional contacts only:
the tutor's and the référents' work addresses, nothing about anyone else.
"""

import datetime as dt
from dataclasses import dataclass

from networks.perms import referents_of

from .models import Contract


@dataclass(frozen=True)
class Contact:
    name: str
    email: str


@dataclass(frozen=True)
class FamilySummary:
    solution: str
    starts_on: dt.date
    ends_on: dt.date
    next_review_on: dt.date | None
    review_every_weeks: int
    tutor: Contact | None
    referents: list[Contact]
    establishment: str


def family_summary(contract: Contract) -> FamilySummary:
    """The contract in a few lines and its contacts. Two queries (the proposal's solution and
    the référents), fewer when the caller loaded them."""
    youth = contract.youth
    tutor = contract.tutor
    referents = referents_of(youth.network_id, youth.establishment_id)
    return FamilySummary(
        solution=str(contract.proposal),
        starts_on=contract.starts_on,
        ends_on=contract.ends_on,
        next_review_on=contract.next_review_on,
        review_every_weeks=contract.review_every_weeks,
        tutor=Contact(tutor.get_full_name(), tutor.email) if tutor.is_active else None,
        referents=[Contact(user.get_full_name(), user.email) for user in referents],
        establishment=youth.establishment.name,
    )
