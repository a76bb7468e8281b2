"""Factories for the path of a young person (factory_boy, Faker fr_FR)."""

import datetime as dt

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from contracts.enums import ContactChannel, GuardianLink, Origin, Step
from contracts.models import Guardian, Youth
from foquale.inputs import name_key
from networks.enums import SolutionKind, SolutionStatus
from networks.models import Solution
from referents.models import TeamMember
from tests.factories import EstablishmentFactory, NetworkFactory, UserFactory
from tests.referents.factories import ReferentFactory

__all__ = ["ReferentFactory"]  # re-exported for the path's tests


def years_ago(years: int, days: int = 0) -> dt.date:
    today = timezone.localdate()
    return today.replace(year=today.year - years) - dt.timedelta(days=days)


class TeamMemberFactory(DjangoModelFactory):
    class Meta:
        model = TeamMember

    user = factory.SubFactory(UserFactory)
    establishment = factory.SubFactory(EstablishmentFactory)
    function = "cpe"


class SolutionFactory(DjangoModelFactory):
    class Meta:
        model = Solution

    network = factory.SubFactory(NetworkFactory)
    kind = SolutionKind.MICRO_LYCEE
    title = factory.Sequence(lambda n: f"Micro-lycée n° {n}")
    places = 10
    status = SolutionStatus.PUBLISHED


class YouthFactory(DjangoModelFactory):
    """A young person at the contact step (no transition logged: use the services for the
    path itself)."""

    class Meta:
        model = Youth
        skip_postgeneration_save = True

    network = factory.SubFactory(NetworkFactory)
    establishment = factory.SubFactory(
        EstablishmentFactory, academy=factory.SelfAttribute("..network.academy")
    )
    last_name = factory.Faker("last_name")
    first_name = factory.Faker("first_name")
    last_name_key = factory.LazyAttribute(lambda youth: name_key(youth.last_name))
    first_name_key = factory.LazyAttribute(lambda youth: name_key(youth.first_name))
    birth_date = factory.LazyFunction(lambda: years_ago(19))
    origin = Origin.SIEI
    contacted_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=60))
    contact_channel = ContactChannel.PHONE
    received_on = factory.LazyAttribute(lambda youth: youth.contacted_on or timezone.localdate())
    step = Step.CONTACT

    class Params:
        # Received from a platform's list and not reached yet (the 15-day clock runs).
        to_contact = factory.Trait(
            step=Step.TO_CONTACT,
            contacted_on=None,
            contact_channel="",
            received_on=factory.LazyFunction(timezone.localdate),
        )

    @factory.post_generation
    def _in_network(obj, create, extracted, **kwargs):
        if create:
            obj.network.establishments.add(obj.establishment)


class GuardianFactory(DjangoModelFactory):
    class Meta:
        model = Guardian

    youth = factory.SubFactory(YouthFactory)
    last_name = factory.Faker("last_name")
    first_name = factory.Faker("first_name")
    link = GuardianLink.MOTHER
    email = factory.Sequence(lambda n: f"famille{n}@example.org")
