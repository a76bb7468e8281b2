import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from networks.grants import refresh_network_grants
from referents.enums import AssessorFunction
from referents.services import assessor_add
from tests.factories import EstablishmentFactory, NetworkFactory, UserFactory
from tests.referents.factories import ReferentFactory

# Mid school year 2026-2027: 2025-2026 is the last ended year.
NOW = dt.datetime(2027, 1, 15, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))


@pytest.fixture(autouse=True)
def _frozen_clock(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def referent(network):
    establishment = EstablishmentFactory(academy=network.academy)
    network.establishments.add(establishment)
    return ReferentFactory(network=network, establishment=establishment, school_year=2026).user


@pytest.fixture
def assessor(network):
    user = UserFactory()
    assessor_add(network=network, user=user, function=AssessorFunction.PSYEN, by=network.lead)
    return user


@pytest.fixture
def other_network(network):
    """A neighbouring network: same académie and platform, another lead."""
    other = NetworkFactory(academy=network.academy, platform=network.platform, lead=UserFactory())
    refresh_network_grants(other)
    return other


@pytest.fixture
def other_lead(other_network):
    return other_network.lead


READERS = ["lead", "committee_member", "ien_io", "steering"]
EDITORS = ["lead", "committee_member"]
NOT_EDITORS = ["ien_io", "steering", "referent", "assessor", "other_lead", "outsider"]
NOT_READERS = ["referent", "assessor", "other_lead", "outsider"]
