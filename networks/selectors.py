"""Reads of the networks app that other apps call."""

from django.db.models import BooleanField, Case, Prefetch, QuerySet, Value, When

from .models import Network, Solution, SolutionEntryDate


def proposable_solutions(network: Network) -> QuerySet[Solution]:
    """Published solutions a proposal for a young person of `network` may pick: the
    network's own, then those of the neighbouring networks (same platform), which stay
    read-only. `is_own` says whether the solution belongs to `network`.
    """
    return (
        Solution.objects.published()
        .filter(network__platform_id=network.platform_id)
        .annotate(
            is_own=Case(
                When(network_id=network.pk, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .select_related("network", "host")
        .prefetch_related(Prefetch("entry_dates", queryset=SolutionEntryDate.objects.all()))
        .order_by("-is_own", "network__name", "title")
    )
