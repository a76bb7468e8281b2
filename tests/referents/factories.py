"""Factories for operational actors (factory_boy with Faker fr_FR)."""

import factory
from factory.django import DjangoModelFactory

from referents.enums import AssessorFunction, TeamFunction
from referents.models import Assessor, MldsCoordinator, Referent, TeamMember
from tests.factories import EstablishmentFactory, NetworkFactory, UserFactory


class ReferentFactory(DjangoModelFactory):
    class Meta:
        model = Referent

    establishment = factory.SubFactory(EstablishmentFactory)
    user = factory.SubFactory(UserFactory)
    school_year = 2026


class TeamMemberFactory(DjangoModelFactory):
    class Meta:
        model = TeamMember

    establishment = factory.SubFactory(EstablishmentFactory)
    user = factory.SubFactory(UserFactory)
    function = TeamFunction.CPE


class AssessorFactory(DjangoModelFactory):
    """A bare row: tests that need the grants go through `assessor_add`."""

    class Meta:
        model = Assessor

    network = factory.SubFactory(NetworkFactory)
    user = factory.SubFactory(UserFactory)
    function = AssessorFunction.PSYEN


class MldsCoordinatorFactory(DjangoModelFactory):
    class Meta:
        model = MldsCoordinator

    network = factory.SubFactory(NetworkFactory)
    user = factory.SubFactory(UserFactory)
