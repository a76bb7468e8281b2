import datetime as dt

import pytest

from contracts.enums import ContractStatus
from contracts.selectors import places_taken, solutions_for_proposal, with_occupancy
from networks.enums import SolutionStatus
from networks.models import Solution
from tests.factories import NetworkFactory

from .factories import SolutionFactory, make_contract

pytestmark = pytest.mark.django_db


def test_places_taken_count_only_active_contracts(network):
    solution = SolutionFactory(network=network, places=3)
    make_contract(solution, starts_on=dt.date(2026, 9, 10))
    make_contract(solution, starts_on=dt.date(2026, 9, 12))
    make_contract(
        solution, starts_on=dt.date(2026, 9, 12), status=ContractStatus.AWAITING_SIGNATURES
    )
    make_contract(
        solution,
        starts_on=dt.date(2025, 9, 12),
        status=ContractStatus.ENDED,
        ended_on=dt.date(2026, 6, 30),
        outcome="qualification",
    )
    annotated = with_occupancy(Solution.objects.all()).get(pk=solution.pk)
    assert annotated.places_taken == 2
    assert annotated.places_free == 1
    assert not annotated.is_full
    assert places_taken([solution.pk]) == {solution.pk: 2}


def test_solution_is_full_when_active_contracts_reach_places(network):
    solution = SolutionFactory(network=network, places=2)
    make_contract(solution, starts_on=dt.date(2026, 9, 10))
    make_contract(solution, starts_on=dt.date(2026, 9, 11))
    annotated = with_occupancy(Solution.objects.all()).get(pk=solution.pk)
    assert annotated.is_full
    assert annotated.places_free == 0


def test_own_then_neighbouring_published_solutions_with_places(
    network, other_network, django_assert_num_queries
):
    own = SolutionFactory(network=network, title="B propre", places=1)
    SolutionFactory(network=network, status=SolutionStatus.DRAFT)
    SolutionFactory(network=network, status=SolutionStatus.ARCHIVED)
    neighbour = SolutionFactory(network=other_network, title="A voisine", places=4)
    SolutionFactory(network=other_network, status=SolutionStatus.DRAFT)
    far = NetworkFactory(academy=network.academy)  # another platform
    SolutionFactory(network=far)
    make_contract(own, starts_on=dt.date(2026, 9, 10))

    with django_assert_num_queries(2):  # solutions, entry dates
        rows = list(solutions_for_proposal(network))
        flags = [(s.pk, s.is_own, s.places_free, s.is_full) for s in rows]
    assert flags == [(own.pk, True, 0, True), (neighbour.pk, False, 4, False)]
