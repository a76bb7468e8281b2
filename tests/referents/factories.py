"""Factories for operational actors (factory_boy with Faker fr_FR)."""

import factory
from factory.django import DjangoModelFactory

from foquale.schoolyear import current_school_year
from networks.models import Network, NetworkEstablishment
from referents.enums import AssessorFunction, TeamFunction
from referents.grants import refresh_assessor_grants, refresh_referent_grants
from referents.models import Assessor, MldsCoordinator, Referent, TeamMember
from tests.factories import EstablishmentFactory, NetworkFactory, UserFactory


def _network_of(referent) -> Network:
    """The establishment's first network, or a new one of its académie."""
    network = referent.establishment.networks.order_by("pk").first()
    return network or NetworkFactory(academy=referent.establishment.academy)


class ReferentFactory(DjangoModelFactory):
    """A référent named for a (network, establishment) pair, with the grant that
    `referent_add` gives (the establishment joins the network when it is not a member)."""

    class Meta:
        model = Referent
        skip_postgeneration_save = True

    establishment = factory.SubFactory(EstablishmentFactory)
    network = factory.LazyAttribute(_network_of)
    user = factory.SubFactory(UserFactory)
    school_year = factory.LazyFunction(current_school_year)

    @factory.post_generation
    def _grants(obj, create, extracted, **kwargs):
        if create:
            NetworkEstablishment.objects.get_or_create(
                network=obj.network, establishment=obj.establishment
            )
            refresh_referent_grants(user_ids=[obj.user_id])


class TeamMemberFactory(DjangoModelFactory):
    class Meta:
        model = TeamMember

    establishment = factory.SubFactory(EstablishmentFactory)
    user = factory.SubFactory(UserFactory)
    function = TeamFunction.CPE


class AssessorFactory(DjangoModelFactory):
    """An assessor with the grant that `assessor_add` gives."""

    class Meta:
        model = Assessor
        skip_postgeneration_save = True

    network = factory.SubFactory(NetworkFactory)
    user = factory.SubFactory(UserFactory)
    function = AssessorFunction.PSYEN

    @factory.post_generation
    def _grants(obj, create, extracted, **kwargs):
        if create:
            refresh_assessor_grants(user_ids=[obj.user_id])


class MldsCoordinatorFactory(DjangoModelFactory):
    class Meta:
        model = MldsCoordinator

    network = factory.SubFactory(NetworkFactory)
    user = factory.SubFactory(UserFactory)
