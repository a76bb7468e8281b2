import pytest
from django.core.exceptions import ValidationError

from contracts import services
from contracts.enums import ProposalDecision, ProposalKind, RefusalReason, Step
from contracts.models import Assessment, Proposal
from networks.enums import SolutionStatus
from referents.services import assessor_add
from tests.factories import UserFactory

from .conftest import days_ago
from .factories import SolutionFactory

pytestmark = pytest.mark.django_db


def steps(youth):
    return [(t.from_step, t.to_step) for t in youth.transitions.all()]


def test_assessment_moves_to_the_assessment_step(path):
    youth = path.assessed()
    youth.refresh_from_db()
    assert youth.step == Step.ASSESSMENT
    assert steps(youth) == [("", Step.CONTACT), (Step.CONTACT, Step.ASSESSMENT)]
    assert youth.transitions.last().by == path.assessor
    # A second bilan is kept but does not log a step change.
    path.assessed(youth)
    assert youth.assessments.count() == 2
    assert len(steps(youth)) == 2


def test_assessment_must_be_held_by_an_assessor_of_the_network(path):
    youth = path.youth()
    with pytest.raises(ValidationError) as exc:
        services.assessment_record(
            youth=youth,
            assessor=UserFactory(),
            held_on=days_ago(1),
            findings="Constats",
            by=path.referent,
        )
    assert "n’est pas évaluateur" in exc.value.message_dict["assessor"][0]
    assert not Assessment.objects.exists()


def test_an_assessor_records_only_their_own_bilan(path, lead):
    colleague = UserFactory()
    assessor_add(network=path.network, user=colleague, function="mlds", by=path.network.lead)
    youth = path.youth()
    with pytest.raises(ValidationError) as exc:
        services.assessment_record(
            youth=youth,
            assessor=colleague,
            held_on=days_ago(1),
            findings="Constats",
            by=path.assessor,
        )
    assert exc.value.message_dict["assessor"] == [
        "Un évaluateur enregistre ses propres bilans : choisissez-vous comme auteur du bilan, "
        "ou demandez au référent de l’établissement ou au responsable du réseau d’enregistrer "
        "celui d’un collègue."
    ]
    assert not Assessment.objects.exists()
    youth.refresh_from_db()
    assert youth.step == Step.CONTACT
    # The référent and the lead name whoever held the bilan.
    for by in (path.referent, lead):
        services.assessment_record(
            youth=youth, assessor=colleague, held_on=days_ago(1), findings="Constats", by=by
        )
    assert list(youth.assessments.values_list("assessor", flat=True)) == [colleague.pk] * 2


def test_assessment_cannot_precede_the_contact(path):
    youth = path.youth()
    with pytest.raises(ValidationError) as exc:
        services.assessment_record(
            youth=youth,
            assessor=path.assessor,
            held_on=days_ago(100),
            findings="x",
            by=path.referent,
        )
    assert "ne peut précéder le contact" in exc.value.message_dict["held_on"][0]


def test_proposal_moves_to_the_proposal_step(path):
    proposal = path.proposed()
    youth = proposal.youth
    youth.refresh_from_db()
    assert youth.step == Step.PROPOSAL
    assert steps(youth)[-1] == (Step.ASSESSMENT, Step.PROPOSAL)
    assert proposal.decision == ProposalDecision.PENDING


def test_proposal_needs_a_bilan_first(path):
    youth = path.youth()
    with pytest.raises(ValidationError, match="Un bilan doit précéder"):
        services.proposal_make(
            youth=youth,
            kind=ProposalKind.CFA,
            target="CAP cuisine",
            proposed_on=days_ago(1),
            by=path.referent,
        )
    assert not Proposal.objects.exists()


def test_proposal_takes_only_a_published_solution_of_the_network(path):
    youth = path.assessed()
    for solution in (
        SolutionFactory(),  # another network
        SolutionFactory(network=path.network, status=SolutionStatus.DRAFT),
    ):
        with pytest.raises(ValidationError) as exc:
            services.proposal_make(
                youth=youth,
                kind=ProposalKind.CFA,
                solution=solution,
                proposed_on=days_ago(1),
                by=path.referent,
            )
        assert "solution publiée" in exc.value.message_dict["solution"][0]
    with pytest.raises(ValidationError) as exc:
        services.proposal_make(
            youth=youth, kind=ProposalKind.CFA, proposed_on=days_ago(1), by=path.referent
        )
    assert "décrivez la formation" in exc.value.message_dict["target"][0]
    assert not Proposal.objects.exists()


def test_one_pending_proposal_at_a_time_then_another_after_a_refusal(path):
    proposal = path.proposed()
    youth = proposal.youth
    with pytest.raises(ValidationError, match="attend encore la réponse"):
        path.proposed(youth)
    with pytest.raises(ValidationError) as exc:
        services.proposal_decide(
            proposal=proposal, accepted=False, decided_on=days_ago(1), by=path.referent
        )
    assert exc.value.message_dict["refusal_code"] == ["Choisissez le motif du refus."]
    services.proposal_decide(
        proposal=proposal,
        accepted=False,
        decided_on=days_ago(1),
        refusal_code=RefusalReason.DISTANCE,
        refusal_reason="Trop loin du domicile",
        by=path.referent,
    )
    proposal.refresh_from_db()
    assert proposal.decision == ProposalDecision.REFUSED
    assert proposal.refusal_code == RefusalReason.DISTANCE
    second = path.proposed(youth, solution=None)
    assert second.target == "Formation partenaire"
    with pytest.raises(ValidationError, match="déjà reçu une réponse"):
        services.proposal_decide(
            proposal=proposal, accepted=True, decided_on=days_ago(1), by=path.referent
        )


def test_decision_cannot_precede_the_proposal(path):
    proposal = path.proposed()
    with pytest.raises(ValidationError) as exc:
        services.proposal_decide(
            proposal=proposal, accepted=True, decided_on=days_ago(75), by=path.referent
        )
    assert "ne peut précéder la proposition" in exc.value.message_dict["decided_on"][0]
    proposal.refresh_from_db()
    assert proposal.decision == ProposalDecision.PENDING


def test_proposal_may_take_a_published_solution_of_a_neighbouring_network(path):
    from tests.factories import NetworkFactory

    neighbour = NetworkFactory(academy=path.network.academy, platform=path.network.platform)
    solution = SolutionFactory(network=neighbour)
    youth = path.assessed()
    proposal = services.proposal_make(
        youth=youth,
        kind=ProposalKind.MICRO_LYCEE,
        solution=solution,
        proposed_on=days_ago(1),
        by=path.referent,
    )
    assert proposal.solution == solution
