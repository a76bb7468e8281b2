"""Factories for the path objects a review needs (youth, proposal, contract) and for
référents. Kept here so that the reviews' tests stand on their own."""

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from contracts.enums import ContactChannel, ContractStatus, Origin, ProposalDecision, ProposalKind
from contracts.grants import refresh_contract_grants
from contracts.models import Contract, Proposal, Youth
from contracts.models.reviews import ReviewDue, SituationReview
from contracts.reviews.dues import review_dues_close, review_dues_plan
from contracts.reviews.schedule import held_status
from foquale.inputs import name_key
from tests.factories import EstablishmentFactory, NetworkFactory, UserFactory
from tests.referents.factories import ReferentFactory

__all__ = ["ReferentFactory"]  # re-exported for the reviews' tests


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
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    last_name_key = factory.LazyAttribute(lambda youth: name_key(youth.last_name))
    first_name_key = factory.LazyAttribute(lambda youth: name_key(youth.first_name))
    birth_date = dt.date(2009, 3, 14)
    origin = Origin.PSAD
    contacted_on = dt.date(2026, 9, 1)
    contact_channel = ContactChannel.PHONE


class ProposalFactory(DjangoModelFactory):
    class Meta:
        model = Proposal

    youth = factory.SubFactory(YouthFactory)
    kind = ProposalKind.MICRO_LYCEE
    target = "Micro-lycée de Vénissieux"
    proposed_on = dt.date(2026, 9, 10)
    decision = ProposalDecision.ACCEPTED
    decided_on = dt.date(2026, 9, 12)


class ContractFactory(DjangoModelFactory):
    """An active contract starting on 1 October 2026, a review every 4 weeks."""

    class Meta:
        model = Contract
        skip_postgeneration_save = True

    youth = factory.SubFactory(YouthFactory)
    proposal = factory.SubFactory(ProposalFactory, youth=factory.SelfAttribute("..youth"))
    tutor = factory.SubFactory(UserFactory)
    starts_on = dt.date(2026, 10, 1)
    ends_on = dt.date(2027, 6, 30)
    meaning = "Reprendre une formation qualifiante en CAP."
    review_every_weeks = 4
    status = ContractStatus.ACTIVE
    activated_on = factory.SelfAttribute("starts_on")
    next_review_on = factory.LazyAttribute(
        lambda o: o.starts_on + dt.timedelta(weeks=o.review_every_weeks)
    )

    class Params:
        awaiting = factory.Trait(
            status=ContractStatus.AWAITING_SIGNATURES, activated_on=None, next_review_on=None
        )
        ended = factory.Trait(status=ContractStatus.ENDED, ended_on=dt.date(2027, 1, 15))

    @factory.post_generation
    def _grants(obj, create, extracted, **kwargs):
        if create:
            refresh_contract_grants(obj)  # the tutor's grant, as `contract_create` gives it

    @factory.post_generation
    def _dues(obj, create, extracted, **kwargs):
        if create:
            factory_dues(obj)


def factory_dues(contract: Contract, *, keep_pointer: bool = False) -> None:
    """The due rows a signed contract has (`review_dues_plan`, as its signature writes
    them). A test that sets its own next review (`next_review_on=…`) means the dates
    before it were dealt with: its calendar starts there (or, with `keep_pointer`, the
    whole calendar is kept and only the pointer is the test's)."""
    if contract.activated_on is None:
        return
    pointer = contract.next_review_on
    review_dues_plan(contract=contract)
    default = contract.starts_on + dt.timedelta(weeks=contract.review_every_weeks)
    if contract.status == ContractStatus.ENDED:
        review_dues_close(contract=contract)
    elif keep_pointer or pointer == default:
        return  # the calendar as signed
    elif pointer is None:
        ReviewDue.objects.filter(contract=contract, review__isnull=True).delete()
    else:
        ReviewDue.objects.filter(
            contract=contract, review__isnull=True, due_on__lt=pointer
        ).delete()
        ReviewDue.objects.get_or_create(contract=contract, due_on=pointer)
    if pointer != contract.next_review_on:
        Contract.objects.filter(pk=contract.pk).update(next_review_on=pointer)
        contract.next_review_on = pointer


def factory_review_due(review: SituationReview) -> None:
    """A review made by a factory answers its due row, made when the calendar has none."""
    ReviewDue.objects.update_or_create(
        contract_id=review.contract_id,
        due_on=review.due_on,
        defaults={"review": review, "status": held_status(review.due_on, review.held_on)},
    )


class SituationReviewFactory(DjangoModelFactory):
    class Meta:
        model = SituationReview
        skip_postgeneration_save = True

    contract = factory.SubFactory(ContractFactory)
    due_on = factory.LazyAttribute(lambda o: o.contract.starts_on + dt.timedelta(weeks=4))
    held_on = factory.SelfAttribute("due_on")
    author = factory.SelfAttribute("contract.tutor")
    attendance = "Assidu, deux absences justifiées."
    progress = factory.Faker("sentence", nb_words=8)

    @factory.post_generation
    def _due(obj, create, extracted, **kwargs):
        if create and obj.cancelled_at is None:
            factory_review_due(obj)
