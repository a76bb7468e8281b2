"""Factories for the catalogue and, minimal, for the contracts that fill it."""

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from contracts.enums import (
    COMPLETED_OUTCOMES,
    ContactChannel,
    ContractStatus,
    ExitReason,
    Origin,
    ProposalDecision,
    ProposalKind,
    RefusalReason,
    Step,
)
from contracts.grants import refresh_contract_grants
from contracts.models import Assessment, Contract, Proposal, Youth
from foquale.inputs import name_key
from networks.enums import SolutionKind, SolutionStatus
from networks.models import Practice, Solution, SolutionEvaluation
from tests.contracts.reviews.factories import factory_dues
from tests.factories import EstablishmentFactory, NetworkFactory, UserFactory


class SolutionFactory(DjangoModelFactory):
    class Meta:
        model = Solution

    network = factory.SubFactory(NetworkFactory)
    kind = SolutionKind.MICRO_LYCEE
    title = factory.Sequence(lambda n: f"Solution {n}")
    host = factory.SubFactory(
        EstablishmentFactory, academy=factory.SelfAttribute("..network.academy")
    )
    places = 5
    status = SolutionStatus.PUBLISHED
    contact = factory.Faker("phone_number")


class SolutionEvaluationFactory(DjangoModelFactory):
    class Meta:
        model = SolutionEvaluation

    solution = factory.SubFactory(SolutionFactory)
    school_year = 2024
    comment = "Avis du comité"
    decision = "keep"


class PracticeFactory(DjangoModelFactory):
    class Meta:
        model = Practice

    network = factory.SubFactory(NetworkFactory)
    title = factory.Sequence(lambda n: f"Expérience {n}")
    context = factory.Faker("paragraph")
    actions = factory.Faker("paragraph")
    results = factory.Faker("paragraph")
    contact = factory.Faker("name")
    is_published = True
    published_at = factory.LazyFunction(lambda: dt.datetime(2026, 1, 10, tzinfo=dt.UTC))


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
    contacted_on = dt.date(2025, 10, 1)
    contact_channel = ContactChannel.PHONE
    step = Step.ASSESSMENT
    exit_reason_code = factory.LazyAttribute(
        lambda o: (
            ExitReason.OTHER
            if o.step == Step.EXITED and getattr(o, "outcome", "") not in COMPLETED_OUTCOMES
            else ""
        )
    )


class AssessmentFactory(DjangoModelFactory):
    class Meta:
        model = Assessment

    youth = factory.SubFactory(YouthFactory)
    assessor = factory.SubFactory(UserFactory)
    held_on = dt.date(2025, 10, 15)
    findings = "Constats du bilan"
    wishes = "CAP cuisine"
    level = "cap_level"


class ProposalFactory(DjangoModelFactory):
    class Meta:
        model = Proposal

    youth = factory.SubFactory(YouthFactory)
    kind = ProposalKind.MICRO_LYCEE
    solution = None
    target = "Formation visée"
    proposed_on = dt.date(2025, 11, 1)
    decision = ProposalDecision.PENDING
    refusal_code = factory.LazyAttribute(
        lambda o: RefusalReason.OTHER if o.decision == ProposalDecision.REFUSED else ""
    )


def make_contract(
    solution: Solution,
    *,
    starts_on: dt.date,
    status: str = ContractStatus.ACTIVE,
    ended_on: dt.date | None = None,
    outcome: str = "",
    reason_code: str = "",
    youth: Youth | None = None,
) -> Contract:
    """A signed contract on `solution`, started (and signed) on `starts_on`; ended ones
    carry the youth's exit outcome."""
    if youth is None:
        youth = YouthFactory(network=solution.network, step=Step.ACTIVE)
    proposal = ProposalFactory(
        youth=youth,
        solution=solution,
        decision=ProposalDecision.ACCEPTED,
        proposed_on=starts_on - dt.timedelta(days=10),
        decided_on=starts_on - dt.timedelta(days=5),
    )
    activated = status != ContractStatus.AWAITING_SIGNATURES
    contract = Contract.objects.create(
        youth=youth,
        proposal=proposal,
        solution=solution,
        tutor=UserFactory(),
        starts_on=starts_on,
        ends_on=starts_on + dt.timedelta(days=300),
        meaning="Retour en formation",
        status=status,
        activated_on=starts_on if activated else None,
        ended_on=ended_on,
    )
    refresh_contract_grants(contract)
    factory_dues(contract, keep_pointer=True)  # its calendar's due rows, as signed
    if status == ContractStatus.ENDED and outcome:
        early = outcome not in COMPLETED_OUTCOMES
        Youth.objects.filter(pk=youth.pk).update(
            step=Step.EXITED,
            exited_on=ended_on,
            outcome=outcome,
            exit_reason_code=(reason_code or ExitReason.OTHER) if early else "",
        )
    return contract
