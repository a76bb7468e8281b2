"""Factories shared by every app's tests (factory_boy with Faker fr_FR)."""

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from foquale.accounts.models import User
from foquale.validators import uai_check_letter
from networks.enums import EstablishmentKind, SeatRole
from networks.grants import refresh_academy_grants, refresh_network_grants
from networks.models import (
    Academy,
    Basin,
    CommitteeSeat,
    Establishment,
    Network,
    Platform,
    SteeringCommittee,
    SteeringMember,
)

factory.Faker._DEFAULT_LOCALE = "fr_FR"

PASSWORD = "mot-de-passe-de-test"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@ac-test.fr")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class AcademyFactory(DjangoModelFactory):
    class Meta:
        model = Academy
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"AC{n}")
    name = factory.Sequence(lambda n: f"Académie {n}")


class SteeringCommitteeFactory(DjangoModelFactory):
    class Meta:
        model = SteeringCommittee

    academy = factory.SubFactory(AcademyFactory)


class SteeringMemberFactory(DjangoModelFactory):
    class Meta:
        model = SteeringMember
        skip_postgeneration_save = True

    committee = factory.SubFactory(SteeringCommitteeFactory)
    user = factory.SubFactory(UserFactory)
    function = "csaio"

    @factory.post_generation
    def _grants(obj, create, extracted, **kwargs):
        if create:
            refresh_academy_grants(obj.committee.academy)


class PlatformFactory(DjangoModelFactory):
    class Meta:
        model = Platform

    academy = factory.SubFactory(AcademyFactory)
    name = factory.Sequence(lambda n: f"PSAD {n}")


class BasinFactory(DjangoModelFactory):
    class Meta:
        model = Basin

    academy = factory.SubFactory(AcademyFactory)
    name = factory.Sequence(lambda n: f"Bassin {n}")


def _uai(n: int) -> str:
    digits = f"069{n % 10000:04d}"
    return digits + uai_check_letter(digits)


class EstablishmentFactory(DjangoModelFactory):
    class Meta:
        model = Establishment

    academy = factory.SubFactory(AcademyFactory)
    uai = factory.Sequence(_uai)
    name = factory.LazyAttribute(lambda o: f"Lycée {o.uai}")
    kind = EstablishmentKind.LP
    city = factory.Faker("city")


class NetworkFactory(DjangoModelFactory):
    academy = factory.SubFactory(AcademyFactory)
    platform = factory.SubFactory(PlatformFactory, academy=factory.SelfAttribute("..academy"))
    name = factory.Sequence(lambda n: f"Réseau {n}")
    lead = None
    lead_appointed_on = factory.LazyAttribute(
        lambda o: dt.date(2026, 9, 15) if o.lead is not None else None
    )

    class Meta:
        model = Network
        skip_postgeneration_save = True

    @factory.post_generation
    def _grants(obj, create, extracted, **kwargs):
        if create and obj.lead_id:
            refresh_network_grants(obj)  # the lead's grants, as `network_appoint_lead` gives


class CommitteeSeatFactory(DjangoModelFactory):
    network = factory.SubFactory(NetworkFactory)
    role = SeatRole.HEAD_LP
    user = factory.SubFactory(UserFactory)
    started_on = dt.date(2026, 10, 1)

    class Meta:
        model = CommitteeSeat
        skip_postgeneration_save = True

    @factory.post_generation
    def _grants(obj, create, extracted, **kwargs):
        if create:
            refresh_network_grants(obj.network)  # as `committee_seat` gives
