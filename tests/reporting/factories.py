"""Factories for the path models, used by the dashboard's tests."""

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from contracts.enums import (
    COMPLETED_OUTCOMES,
    ContractStatus,
    ExitReason,
    Origin,
    ProposalKind,
    Step,
)
from contracts.grants import refresh_contract_grants
from contracts.models import Assessment, Contract, Proposal, SituationReview, Youth
from foquale.inputs import name_key
from tests.contracts.reviews.factories import factory_dues, factory_review_due
from tests.factories import EstablishmentFactory, NetworkFactory, UserFactory


class YouthFactory(DjangoModelFactory):
    class Meta:
        model = Youth
        skip_postgeneration_save = True

    @factory.post_generation
    def _in_network(obj, create, extracted, **kwargs):
        if create:  # a youth's establishment is a member of the youth's network
            obj.network.establishments.add(obj.establishment)

    network = factory.SubFactory(NetworkFactory)
    establishment = factory.SubFactory(
        EstablishmentFactory, academy=factory.SelfAttribute("..network.academy")
    )
    last_name = factory.Faker("last_name")
    first_name = factory.Faker("first_name")
    last_name_key = factory.LazyAttribute(lambda youth: name_key(youth.last_name))
    first_name_key = factory.LazyAttribute(lambda youth: name_key(youth.first_name))
    birth_date = dt.date(2008, 5, 4)
    origin = Origin.SIEI
    contact_channel = "phone"
    contacted_on = dt.date(2025, 10, 1)
    step = Step.CONTACT
    # Early exits carry a coded reason (a rule of the database).
    exit_reason_code = factory.LazyAttribute(
        lambda o: (
            ExitReason.OTHER
            if o.step == Step.EXITED and getattr(o, "outcome", "") not in COMPLETED_OUTCOMES
            else ""
        )
    )

    class Params:
        exited = factory.Trait(step=Step.EXITED, exited_on=dt.date(2026, 2, 1), outcome="job")


class AssessmentFactory(DjangoModelFactory):
    class Meta:
        model = Assessment

    youth = factory.SubFactory(YouthFactory)
    assessor = factory.SubFactory(UserFactory)
    held_on = dt.date(2025, 10, 15)
    findings = "Motivé pour un CAP."


class ProposalFactory(DjangoModelFactory):
    class Meta:
        model = Proposal

    youth = factory.SubFactory(YouthFactory)
    kind = ProposalKind.MICRO_LYCEE
    target = "Micro-lycée"
    proposed_on = dt.date(2025, 11, 1)


class ContractFactory(DjangoModelFactory):
    class Meta:
        model = Contract
        skip_postgeneration_save = True

    youth = factory.SubFactory(YouthFactory)
    proposal = factory.SubFactory(ProposalFactory, youth=factory.SelfAttribute("..youth"))
    tutor = factory.SubFactory(UserFactory)
    starts_on = dt.date(2025, 11, 15)
    ends_on = dt.date(2026, 6, 30)
    meaning = "Reprendre une formation qualifiante."
    status = ContractStatus.ACTIVE
    activated_on = dt.date(2025, 11, 10)
    next_review_on = dt.date(2026, 4, 1)

    @factory.post_generation
    def _grants(obj, create, extracted, **kwargs):
        if create:
            refresh_contract_grants(obj)  # the tutor's grant, as `contract_create` gives it

    @factory.post_generation
    def _dues(obj, create, extracted, **kwargs):
        if create:  # the whole calendar: the figures count every due date
            factory_dues(obj, keep_pointer=True)


class SituationReviewFactory(DjangoModelFactory):
    class Meta:
        model = SituationReview
        skip_postgeneration_save = True

    contract = factory.SubFactory(ContractFactory)
    due_on = dt.date(2025, 12, 10)
    held_on = dt.date(2025, 12, 10)
    author = factory.LazyAttribute(lambda o: o.contract.tutor)

    @factory.post_generation
    def _due(obj, create, extracted, **kwargs):
        if create and obj.cancelled_at is None:
            factory_review_due(obj)
