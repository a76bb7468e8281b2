import pytest

from contracts.selectors import solutions_for_proposal
from networks.demo import seed_organisation
from networks.models import Practice, Solution, SolutionEvaluation
from solutions.demo import DEMO_SMALL_SOLUTION, DEMO_STALE_SOLUTION, seed_solutions

pytestmark = pytest.mark.django_db


def test_demo_catalogue_is_idempotent_with_a_stale_and_a_small_entry():
    org = seed_organisation()
    seed_solutions(org["networks"], org["users"])
    counts = (
        Solution.objects.count(),
        SolutionEvaluation.objects.count(),
        Practice.objects.count(),
    )
    seed_solutions(org["networks"], org["users"])
    assert counts == (
        Solution.objects.count(),
        SolutionEvaluation.objects.count(),
        Practice.objects.count(),
    )
    assert counts[1:] == (3, 2)
    assert [s.title for s in Solution.objects.stale()] == [DEMO_STALE_SOLUTION]
    assert Solution.objects.get(title=DEMO_SMALL_SOLUTION).places == 2
    assert set(SolutionEvaluation.objects.values_list("school_year", flat=True)) == {2025}
    visible = {s.title for s in solutions_for_proposal(org["networks"][0])}
    assert "CFA public : CAP agricole" in visible  # neighbouring network
    assert "Lycée de la nouvelle chance" not in visible  # another platform
