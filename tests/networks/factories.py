"""Factories for the network pages (objectives, actions, meetings)."""

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from networks.models import Action, Meeting, Objective
from tests.factories import NetworkFactory


class ObjectiveFactory(DjangoModelFactory):
    class Meta:
        model = Objective

    network = factory.SubFactory(NetworkFactory)
    school_year = 2026
    # No Faker sentence: an apostrophe would be escaped in the page and fail a plain match.
    title = factory.Sequence(lambda n: f"Objectif prioritaire n° {n} : réduire les délais")
    indicator = "Taux de retour en formation"


class ActionFactory(DjangoModelFactory):
    class Meta:
        model = Action

    objective = factory.SubFactory(ObjectiveFactory)
    title = factory.Sequence(lambda n: f"Action n° {n} : réunir les référents")
    due_on = dt.date(2027, 3, 31)


class MeetingFactory(DjangoModelFactory):
    class Meta:
        model = Meeting

    network = factory.SubFactory(NetworkFactory)
    held_on = dt.date(2026, 11, 12)
    agenda = "Inventaire des solutions du réseau"
    minutes = factory.Faker("paragraph", locale="fr_FR")
