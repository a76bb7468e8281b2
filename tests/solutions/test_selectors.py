import datetime as dt

import pytest

from networks.enums import SolutionStatus
from networks.selectors import solutions_for_proposal
from tests.factories import NetworkFactory

from .factories import SolutionFactory, make_contract

pytestmark = pytest.mark.django_db


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
