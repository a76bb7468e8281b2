"""The bilan and the proposals of a return to training."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from foquale.accounts.models import User
from foquale.inputs import LINE_MAX, TEXT_MAX, clean_text, clean_texts
from networks.models import Solution
from networks.selectors import proposable_solutions
from referents.selectors import is_assessor_of

from .. import perms
from ..enums import ProposalDecision, ProposalKind, RefusalReason, Step
from ..models import Assessment, Proposal, Youth
from .steps import check_not_future, require_step, step_move, youth_lock

ASSESSOR_NOT_SELF = (
    "Un évaluateur enregistre ses propres bilans : choisissez-vous comme auteur du bilan, "
    "ou demandez au référent de l’établissement ou au responsable du réseau d’enregistrer "
    "celui d’un collègue."
)


def _check_assessor(youth: Youth, assessor: User, by: User) -> None:
    if not is_assessor_of(assessor, youth.network):
        raise ValidationError(
            {
                "assessor": f"{assessor} n’est pas évaluateur (COP/PsyEN, MLDS) du réseau "
                f"{youth.network}."
            }
        )
    # A référent or the lead records the bilan of whoever held it; an assessor records
    # only their own.
    if assessor.pk != by.pk and not perms.can_manage_youth(by, youth):
        raise ValidationError({"assessor": ASSESSOR_NOT_SELF})


@transaction.atomic
def assessment_record(
    *,
    youth: Youth,
    assessor: User,
    held_on: dt.date,
    findings: str,
    by: User,
    wishes: str = "",
    level: str = "",
    wished_kind: str = "",
) -> Assessment:
    """Record the initial bilan, held by a COP/PsyEN or MLDS assessor of the network."""
    youth_lock(youth)
    require_step(
        youth,
        Step.CONTACT,
        Step.ASSESSMENT,
        Step.PROPOSAL,
        message="Le bilan initial ne s’enregistre plus une fois le contrat établi.",
    )
    _check_assessor(youth, assessor, by)
    check_not_future(held_on, "held_on", "La date du bilan")
    if held_on < youth.contacted_on:
        raise ValidationError(
            {"held_on": f"Le bilan ne peut précéder le contact ({youth.contacted_on:%d/%m/%Y})."}
        )
    texts = clean_texts({"findings": findings, "wishes": wishes}, multiline={"findings", "wishes"})
    if not texts["findings"]:
        raise ValidationError({"findings": "Indiquez les constats du bilan."})
    assessment = Assessment(
        youth=youth,
        assessor=assessor,
        held_on=held_on,
        level=level,
        wished_kind=wished_kind,
        **texts,
    )
    assessment.full_clean()
    assessment.save()
    if youth.step == Step.CONTACT:
        step_move(youth=youth, to=Step.ASSESSMENT, by=by)
    return assessment


def _check_proposal_awaited(youth: Youth) -> None:
    """A proposal follows a bilan, comes before the contract, and waits for no other."""
    if youth.step == Step.CONTACT:
        raise ValidationError("Un bilan doit précéder toute proposition de retour en formation.")
    require_step(
        youth,
        Step.ASSESSMENT,
        Step.PROPOSAL,
        message="Ce jeune a déjà un contrat : une nouvelle proposition n’a plus lieu d’être.",
    )
    if youth.proposals.filter(decision=ProposalDecision.PENDING).exists():
        raise ValidationError(
            "Une proposition attend encore la réponse du jeune : enregistrez-la avant d’en "
            "faire une autre."
        )


def _check_proposal_terms(
    youth: Youth, kind: str, solution: Solution | None, target: str, proposed_on: dt.date
) -> None:
    if kind not in ProposalKind.values:
        raise ValidationError({"kind": "Choisissez le type de proposition."})
    if (
        solution is not None
        and not proposable_solutions(youth.network).filter(pk=solution.pk).exists()
    ):
        raise ValidationError(
            {
                "solution": "Choisissez une solution publiée du catalogue du réseau du jeune "
                "ou d’un réseau voisin de la même plateforme."
            }
        )
    if solution is None and not target:
        raise ValidationError(
            {
                "target": "Choisissez une solution du catalogue ou décrivez la formation ou la "
                "structure visée."
            }
        )
    check_not_future(proposed_on, "proposed_on", "La date de la proposition")
    if proposed_on < youth.contacted_on:
        raise ValidationError(
            {
                "proposed_on": "La proposition ne peut précéder le contact "
                f"({youth.contacted_on:%d/%m/%Y})."
            }
        )


@transaction.atomic
def proposal_make(
    *,
    youth: Youth,
    kind: str,
    proposed_on: dt.date,
    by: User,
    solution: Solution | None = None,
    target: str = "",
) -> Proposal:
    """Propose a return to training: a published solution of the network, or a described
    target when none fits. Proposals follow each other; one waits for an answer at a time."""
    youth_lock(youth)
    _check_proposal_awaited(youth)
    target = clean_text(target, field="target", max_length=LINE_MAX)
    _check_proposal_terms(youth, kind, solution, target, proposed_on)
    proposal = Proposal.objects.create(
        youth=youth,
        kind=kind,
        solution=solution,
        target=target,
        proposed_on=proposed_on,
        proposed_by=by,
    )
    if youth.step == Step.ASSESSMENT:
        step_move(youth=youth, to=Step.PROPOSAL, by=by)
    return proposal


@transaction.atomic
def proposal_decide(
    *,
    proposal: Proposal,
    accepted: bool,
    decided_on: dt.date,
    by: User,
    refusal_code: str = "",
    refusal_reason: str = "",
) -> Proposal:
    """Record the young person's answer: accepted, or refused with a coded reason (details
    in free text stay in the file only)."""
    youth = proposal.youth
    youth_lock(youth)
    proposal.refresh_from_db(fields=["decision"])
    if proposal.decision != ProposalDecision.PENDING:
        raise ValidationError("Cette proposition a déjà reçu une réponse.")
    require_step(youth, Step.PROPOSAL, message="Ce jeune n’est plus à l’étape des propositions.")
    check_not_future(decided_on, "decided_on", "La date de la réponse")
    if decided_on < proposal.proposed_on:
        raise ValidationError(
            {
                "decided_on": "La réponse ne peut précéder la proposition "
                f"({proposal.proposed_on:%d/%m/%Y})."
            }
        )
    if not accepted and refusal_code not in RefusalReason.values:
        raise ValidationError({"refusal_code": "Choisissez le motif du refus."})
    refusal_reason = clean_text(
        refusal_reason, field="refusal_reason", max_length=TEXT_MAX, multiline=True
    )
    proposal.decision = ProposalDecision.ACCEPTED if accepted else ProposalDecision.REFUSED
    proposal.decided_on = decided_on
    proposal.refusal_code = "" if accepted else refusal_code
    proposal.refusal_reason = "" if accepted else refusal_reason.strip()
    proposal.save(update_fields=["decision", "decided_on", "refusal_code", "refusal_reason"])
    return proposal
