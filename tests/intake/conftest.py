"""A platform with one network, two member establishments (one shared with a second network
of the same platform), a référent, and the platform's gestionnaire des listes."""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from networks.grants import refresh_network_grants
from networks.models import Establishment, Network
from tests.contracts.factories import ReferentFactory
from tests.factories import EstablishmentFactory, NetworkFactory, UserFactory

from .factories import ListManagerFactory


@dataclass
class Lists:
    network: Network
    other: Network  # a second network of the same platform
    school: Establishment  # member of `network` only
    shared_school: Establishment  # member of both networks
    lonely_school: Establishment  # member of no network
    manager: object
    referent: object

    @property
    def lead(self):
        return self.network.lead

    @property
    def platform(self):
        return self.network.platform


@pytest.fixture
def lists(network) -> Lists:
    school = EstablishmentFactory(academy=network.academy, uai="0691234S")
    shared = EstablishmentFactory(academy=network.academy, uai="0690001B")
    lonely = EstablishmentFactory(academy=network.academy, uai="0420002Z")
    other = NetworkFactory(academy=network.academy, platform=network.platform, lead=UserFactory())
    refresh_network_grants(other)
    network.establishments.add(school, shared)
    other.establishments.add(shared)
    referent = ReferentFactory(establishment=school, network=network).user
    manager = ListManagerFactory(platform=network.platform).user
    return Lists(network, other, school, shared, lonely, manager, referent)


def born(years: int) -> str:
    day = timezone.localdate() - dt.timedelta(days=int(years * 365.25) + 40)
    return f"{day:%d/%m/%Y}"
