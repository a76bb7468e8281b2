"""Who may read and record situation reviews.

The contract's tutor records; the référent of the youth's establishment (current school
year) and the lead of the youth's network read; nobody else sees the contract at all (404).
"""

from django.db.models import Q, QuerySet

from foquale.accounts.models import User
from foquale.schoolyear import current_school_year
from networks.perms import networks_for_user
from referents.models import Referent

from ..enums import ContractStatus
from ..models import Contract


def contracts_for_user(user: User) -> QuerySet[Contract]:
    """Contracts whose reviews the user may read, as one query (subqueries, no join fan-out)."""
    if not user.is_authenticated:
        return Contract.objects.none()
    if user.is_superuser:
        return Contract.objects.all()
    referent_of = Referent.objects.filter(user=user, school_year=current_school_year()).values(
        "establishment_id"
    )
    return Contract.objects.filter(
        Q(tutor=user)
        | Q(youth__establishment_id__in=referent_of)
        | Q(youth__network_id__in=networks_for_user(user, "lead_network").values("pk"))
    )


def can_record_review(user: User, contract: Contract) -> bool:
    """Only the tutor records, and only while the contract runs."""
    return contract.tutor_id == user.pk and contract.status == ContractStatus.ACTIVE


def is_tutor_of(user: User, contract: Contract) -> bool:
    return contract.tutor_id == user.pk
