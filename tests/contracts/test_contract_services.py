import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from guardian.shortcuts import get_perms

from contracts import services
from contracts.enums import ContractStatus, ProposalDecision, SignatoryRole, Step
from contracts.models import Contract, ContractDocument, Proposal, Signature
from tests.factories import UserFactory

from .conftest import days_ago
from .factories import GuardianFactory, TeamMemberFactory

pytestmark = pytest.mark.django_db


def test_contract_create_moves_step_and_grants_the_tutor(path):
    contract = path.contract()
    youth = contract.youth
    youth.refresh_from_db()
    assert contract.status == ContractStatus.AWAITING_SIGNATURES
    assert youth.step == Step.CONTRACT
    assert youth.transitions.last().from_step == Step.PROPOSAL
    assert get_perms(path.tutor, contract) == ["view_contract"]
    assert contract.solution == path.solution


def test_contract_on_a_refused_or_pending_proposal_is_refused(path):
    proposal = path.proposed()
    with pytest.raises(ValidationError, match="n’a pas encore accepté"):
        path.contract(proposal)
    services.proposal_decide(
        proposal=proposal,
        accepted=False,
        decided_on=days_ago(1),
        refusal_code="other",
        refusal_reason="Ne souhaite pas",
        by=path.referent,
    )
    with pytest.raises(ValidationError, match="Cette proposition a été refusée"):
        path.contract(proposal)
    assert not Contract.objects.exists()


def test_end_before_start_is_refused(path):
    proposal = path.accepted()
    with pytest.raises(ValidationError) as exc:
        path.contract(proposal, starts_on=days_ago(1), ends_on=days_ago(10))
    assert exc.value.message_dict["ends_on"] == ["La fin du parcours doit suivre son début."]
    assert not Contract.objects.exists()


def test_a_second_open_contract_is_refused(path):
    contract = path.active()
    # Another accepted proposal for the same young person, as a data import could leave.
    other = Proposal.objects.create(
        youth=contract.youth,
        kind="cfa",
        target="CFA public",
        proposed_on=days_ago(2),
        decision=ProposalDecision.ACCEPTED,
        decided_on=days_ago(1),
    )
    with pytest.raises(ValidationError, match="Ce jeune a déjà un contrat en cours."):
        path.contract(other)
    assert Contract.objects.count() == 1


def test_tutor_must_belong_to_a_network_team(path):
    proposal = path.accepted()
    with pytest.raises(ValidationError) as exc:
        path.contract(proposal, tutor=UserFactory())
    assert "équipe éducative" in exc.value.message_dict["tutor"][0]


def test_minor_without_guardian_cannot_get_a_contract(path):
    proposal = path.accepted(minor=True, guardians=0)
    with pytest.raises(ValidationError, match="ajoutez au moins un représentant légal"):
        path.contract(proposal)


def test_full_solution_needs_the_lead_override(path, lead):
    path.solution.places = 1
    path.solution.save()
    path.active(ine="1234567890A")
    proposal = path.accepted(ine="1234567890B", first_name="Noé")
    with pytest.raises(ValidationError, match="est complète"):
        path.contract(proposal)
    with pytest.raises(ValidationError, match="Seul le responsable du réseau"):
        services.contract_create(
            proposal=proposal,
            tutor=path.tutor,
            starts_on=days_ago(1),
            ends_on=days_ago(-100),
            meaning="Parcours",
            created_by=path.referent,
            override_capacity=True,
        )
    contract = services.contract_create(
        proposal=proposal,
        tutor=path.tutor,
        starts_on=days_ago(1),
        ends_on=days_ago(-100),
        meaning="Parcours",
        created_by=lead,
        override_capacity=True,
    )
    assert contract.capacity_overridden_by == lead


def _sign_all(path, contract, **extra):
    path.sign(contract, SignatoryRole.TUTOR)
    return services.signature_record(
        contract=contract,
        role=SignatoryRole.YOUTH,
        signed_on=days_ago(20),
        mode="paper",
        recorded_by=extra.pop("by", path.referent),
        **extra,
    )


def test_the_first_contract_signed_takes_the_last_place(path, lead):
    path.solution.places = 1
    path.solution.save()
    first = path.contract(ine="1234567890A")
    second = path.contract(ine="1234567890B", first_name="Noé")  # both drawn up while free
    _sign_all(path, first)
    first.refresh_from_db()
    assert first.status == ContractStatus.ACTIVE

    with pytest.raises(ValidationError) as exc:
        _sign_all(path, second)
    assert exc.value.messages == [
        f"La solution « {path.solution.title} » est complète (1 place(s) occupée(s) sur 1) : ce "
        "contrat ne peut pas entrer en vigueur. Seul le responsable du réseau peut accepter un "
        "jeune au-delà des places prévues."
    ]
    second.refresh_from_db()
    second.youth.refresh_from_db()
    assert second.status == ContractStatus.AWAITING_SIGNATURES
    assert second.activated_on is None and second.capacity_overridden_by is None
    assert list(second.signatures.values_list("role", flat=True)) == [SignatoryRole.TUTOR]
    assert second.youth.step == Step.CONTRACT
    assert not second.documents.exists()

    # Only the network lead may take the young person beyond the places.
    youth_signs = {"role": SignatoryRole.YOUTH, "signed_on": days_ago(20), "mode": "paper"}
    with pytest.raises(ValidationError) as exc:
        services.signature_record(
            contract=second, recorded_by=path.referent, override_capacity=True, **youth_signs
        )
    assert exc.value.messages == [
        "Seul le responsable du réseau peut accepter un jeune au-delà des places prévues."
    ]
    assert second.signatures.count() == 1
    services.signature_record(
        contract=second, recorded_by=lead, override_capacity=True, **youth_signs
    )
    second.refresh_from_db()
    assert second.status == ContractStatus.ACTIVE
    assert second.capacity_overridden_by == lead


def test_a_contract_the_lead_took_beyond_the_places_becomes_active(path, lead):
    path.solution.places = 1
    path.solution.save()
    path.active(ine="1234567890A")
    proposal = path.accepted(ine="1234567890B", first_name="Noé")
    contract = services.contract_create(
        proposal=proposal,
        tutor=path.tutor,
        starts_on=days_ago(30),
        ends_on=days_ago(-100),
        meaning="Parcours",
        created_by=lead,
        override_capacity=True,
    )
    _sign_all(path, contract)
    contract.refresh_from_db()
    assert contract.status == ContractStatus.ACTIVE
    assert contract.capacity_overridden_by == lead


def test_activation_needs_every_required_signature(path):
    contract = path.contract(minor=True, guardians=2)
    youth = contract.youth
    first, second = youth.guardians.all()
    path.sign(contract, SignatoryRole.TUTOR)
    path.sign(contract, SignatoryRole.YOUTH)
    path.sign(contract, SignatoryRole.GUARDIAN, guardian=first)
    contract.refresh_from_db()
    assert contract.status == ContractStatus.AWAITING_SIGNATURES
    assert not ContractDocument.objects.exists()
    path.sign(contract, SignatoryRole.GUARDIAN, guardian=second, on=days_ago(18))
    contract.refresh_from_db()
    youth.refresh_from_db()
    assert contract.status == ContractStatus.ACTIVE
    assert contract.activated_on == days_ago(18)
    assert contract.next_review_on == contract.starts_on + dt.timedelta(weeks=4)
    assert youth.step == Step.ACTIVE
    assert youth.transitions.last().from_step == Step.CONTRACT
    assert ContractDocument.objects.get(contract=contract).version == 1


def test_adult_signs_without_guardians_and_a_guardian_is_then_no_party(path):
    contract = path.contract(guardians=1)
    guardian = contract.youth.guardians.get()
    with pytest.raises(ValidationError) as exc:
        path.sign(contract, SignatoryRole.GUARDIAN, guardian=guardian)
    assert "n’est pas partie au contrat" in exc.value.message_dict["party"][0]
    assert "majeur(e)" in exc.value.message_dict["party"][0]
    assert not Signature.objects.exists()
    path.sign(contract, SignatoryRole.TUTOR)
    path.sign(contract, SignatoryRole.YOUTH)
    contract.refresh_from_db()
    assert contract.status == ContractStatus.ACTIVE


def test_guardian_of_another_youth_is_no_party(path):
    contract = path.contract(minor=True)
    stranger = GuardianFactory()
    with pytest.raises(ValidationError) as exc:
        path.sign(contract, SignatoryRole.GUARDIAN, guardian=stranger)
    assert "n’est pas partie au contrat" in exc.value.message_dict["party"][0]
    assert not Signature.objects.exists()


def test_a_party_signs_once_and_not_in_the_future_nor_before_acceptance(path):
    contract = path.contract()
    path.sign(contract, SignatoryRole.TUTOR)
    with pytest.raises(ValidationError) as exc:
        path.sign(contract, SignatoryRole.TUTOR)
    assert exc.value.message_dict["party"] == ["Cette partie a déjà signé."]
    with pytest.raises(ValidationError) as exc:
        path.sign(contract, SignatoryRole.YOUTH, on=days_ago(-2))
    assert "futur" in exc.value.message_dict["signed_on"][0]
    with pytest.raises(ValidationError) as exc:
        path.sign(contract, SignatoryRole.YOUTH, on=days_ago(61))
    assert "ne peut précéder l’acceptation" in exc.value.message_dict["signed_on"][0]
    assert Signature.objects.count() == 1


def test_signed_contract_is_frozen(path):
    contract = path.active()
    with pytest.raises(ValidationError, match="passe par un avenant"):
        services.contract_update(contract=contract, by=path.referent, meaning="Autre chose")
    contract.refresh_from_db()
    assert contract.meaning.startswith("Reprendre")
    with pytest.raises(ValidationError, match="déjà signé par toutes les parties"):
        path.sign(contract, SignatoryRole.TUTOR)


def test_update_before_activation_withdraws_signatures_and_moves_the_grant(path, establishment):
    contract = path.contract()
    path.sign(contract, SignatoryRole.TUTOR)
    other_tutor = TeamMemberFactory(establishment=establishment).user
    withdrawn = services.contract_update(
        contract=contract, by=path.referent, tutor=other_tutor, review_every_weeks=6
    )
    assert withdrawn == 1
    contract.refresh_from_db()
    assert contract.review_every_weeks == 6
    assert get_perms(path.tutor, contract) == []
    assert get_perms(other_tutor, contract) == ["view_contract"]


def test_amendment_applies_once_signed(path):
    contract = path.active()
    with pytest.raises(ValidationError) as exc:
        services.amendment_create(
            contract=contract, changes="x", new_ends_on=days_ago(40), by=path.referent
        )
    assert "doit suivre le début" in exc.value.message_dict["new_ends_on"][0]
    amendment = services.amendment_create(
        contract=contract, changes="Rythme resserré", new_review_every_weeks=2, by=path.referent
    )
    assert amendment.number == 1
    with pytest.raises(ValidationError, match="attend encore ses signatures"):
        services.amendment_create(contract=contract, changes="Autre", by=path.referent)
    path.sign(contract, SignatoryRole.TUTOR, amendment=amendment, on=days_ago(1))
    contract.refresh_from_db()
    assert contract.review_every_weeks == 4
    services.amendment_sign(
        amendment=amendment,
        role=SignatoryRole.YOUTH,
        signed_on=days_ago(1),
        mode="paper",
        recorded_by=path.referent,
    )
    contract.refresh_from_db()
    amendment.refresh_from_db()
    assert contract.review_every_weeks == 2
    assert amendment.signed_on == days_ago(1)
    assert contract.documents.count() == 2
    with pytest.raises(ValidationError, match="déjà signé"):
        path.sign(contract, SignatoryRole.YOUTH, amendment=amendment, on=days_ago(1))


def test_no_amendment_before_signature(path):
    contract = path.contract()
    with pytest.raises(ValidationError, match="pas encore signé"):
        services.amendment_create(contract=contract, changes="x", by=path.referent)


def test_the_database_holds_one_open_contract_per_youth(path):
    from django.db import IntegrityError, transaction

    contract = path.active()
    other = Proposal.objects.create(
        youth=contract.youth,
        kind="cfa",
        target="CFA",
        proposed_on=days_ago(2),
        decision=ProposalDecision.ACCEPTED,
        decided_on=days_ago(1),
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Contract.objects.create(
            youth=contract.youth,
            proposal=other,
            tutor=path.tutor,
            starts_on=days_ago(1),
            ends_on=days_ago(-10),
            meaning="x",
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Contract.objects.filter(pk=contract.pk).update(ends_on=contract.starts_on)
