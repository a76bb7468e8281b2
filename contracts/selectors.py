"""Reads of the contracts app that the pages above it call: how full each solution is.

A solution's place is taken by an active contract; a contract awaiting its signatures
takes none yet (its last signature checks the places again).
"""

from collections.abc import Iterable

from django.db.models import BooleanField, Case, Count, F, Q, QuerySet, Value, When
from django.db.models.functions import Greatest

from networks.models import Network, Solution
from networks.selectors import proposable_solutions

from .enums import ContractStatus
from .models import Contract


def places_taken(solution_ids: Iterable[int]) -> dict[int, int]:
    """{solution id: active contracts}, in one query; a solution with none is left out."""
    rows = (
        Contract.objects.active()
        .filter(solution_id__in=list(solution_ids))
        .order_by()
        .values("solution_id")
        .annotate(taken=Count("pk"))
    )
    return {row["solution_id"]: row["taken"] for row in rows}


def with_occupancy(solutions: QuerySet[Solution]) -> QuerySet[Solution]:
    """Annotate `places_taken`, `places_free` and `is_full` in the same query."""
    return solutions.annotate(
        places_taken=Count("contracts", filter=Q(contracts__status=ContractStatus.ACTIVE))
    ).annotate(
        places_free=Greatest(F("places") - F("places_taken"), Value(0)),
        is_full=Case(
            When(places_taken__gte=F("places"), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
    )


def solutions_for_proposal(network: Network) -> QuerySet[Solution]:
    """The solutions a proposal for a young person of `network` may pick (see
    `networks.selectors.proposable_solutions`), each with its occupancy."""
    return with_occupancy(proposable_solutions(network))
