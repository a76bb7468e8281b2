"""Corrections with a trace: a bilan, a bilan de situation or an exit corrected or cancelled
by its author or the network lead; each write keeps who, when, why, before and after."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from foquale.accounts.models import User
from foquale.corrections import check_reason, snapshot

from .. import perms
from ..corrections import correction_log, exit_correction_open
from ..enums import (
    COMPLETED_OUTCOMES,
    EXIT_CORRECTION_DAYS,
    ContractStatus,
    CorrectedObject,
    CorrectionAction,
    ExitReason,
    Outcome,
    Step,
)
from ..models import Assessment, Contract, StepTransition, Youth
from ..reviews.dues import review_dues_reopen
from .steps import check_not_future, step_move, youth_lock

ASSESSMENT_FIELDS = ("assessor", "held_on", "findings", "wishes", "level", "wished_kind")
EXIT_FIELDS = ("outcome", "exited_on", "exit_reason_code", "exit_reason")


def _check_author_or_lead(user: User, youth: Youth, author_id: int | None) -> None:
    if not perms.can_correct(user, youth, author_id):
        raise PermissionDenied("Seul l’auteur ou le responsable du réseau peut corriger.")


# --- the bilan ---


def _lock_assessment(assessment: Assessment) -> Assessment:
    youth_lock(assessment.youth)
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.cancelled_at is not None:
        raise ValidationError("Ce bilan est annulé : il ne peut plus être corrigé.")
    return locked


@transaction.atomic
def assessment_correct(
    *,
    assessment: Assessment,
    by: User,
    reason: str,
    held_on: dt.date,
    findings: str,
    wishes: str = "",
    level: str = "",
    wished_kind: str = "",
) -> Assessment:
    """Correct a bilan; its author (the assessor) or the network lead may."""
    youth = assessment.youth
    _check_author_or_lead(by, youth, assessment.assessor_id)
    reason = check_reason(reason)
    locked = _lock_assessment(assessment)
    check_not_future(held_on, "held_on", "La date du bilan")
    if held_on < youth.contacted_on:
        raise ValidationError(
            {"held_on": f"Le bilan ne peut précéder le contact ({youth.contacted_on:%d/%m/%Y})."}
        )
    before = snapshot(locked, ASSESSMENT_FIELDS)
    locked.held_on = held_on
    locked.findings = findings.strip()
    locked.wishes = wishes.strip()
    locked.level = level
    locked.wished_kind = wished_kind
    locked.full_clean()
    correction_log(
        youth=youth,
        target=CorrectedObject.ASSESSMENT,
        object_id=locked.pk,
        action=CorrectionAction.CORRECTED,
        before=before,
        after=snapshot(locked, ASSESSMENT_FIELDS),
        reason=reason,
        by=by,
    )
    locked.save()
    return locked


@transaction.atomic
def assessment_cancel(*, assessment: Assessment, by: User, reason: str) -> Assessment:
    """Cancel a bilan recorded by mistake: it stays in the file, struck out, and counts no
    more. A youth left without a bilan goes back to the contact step; a bilan a proposal
    rests on is corrected, not cancelled."""
    youth = assessment.youth
    _check_author_or_lead(by, youth, assessment.assessor_id)
    reason = check_reason(reason)
    locked = _lock_assessment(assessment)
    others = Assessment.objects.current().filter(youth=youth).exclude(pk=locked.pk).exists()
    if not others and youth.step != Step.ASSESSMENT:
        raise ValidationError(
            "Ce bilan est le seul du dossier et le parcours s’est poursuivi après lui : "
            "corrigez-le plutôt que de l’annuler."
        )
    locked.cancelled_at = timezone.now()
    locked.save(update_fields=["cancelled_at"])
    correction_log(
        youth=youth,
        target=CorrectedObject.ASSESSMENT,
        object_id=locked.pk,
        action=CorrectionAction.CANCELLED,
        before=snapshot(locked, ASSESSMENT_FIELDS),
        after={},
        reason=reason,
        by=by,
    )
    if not others:
        step_move(youth=youth, to=Step.CONTACT, by=by)
    return locked


# --- the exit ---


def exit_transition(youth: Youth) -> StepTransition | None:
    """The log row of the young person's exit, the last move to « sortie »."""
    return youth.transitions.filter(to_step=Step.EXITED).order_by("-at", "-id").first()


def _check_exit_correctable(youth: Youth, by: User) -> StepTransition:
    if youth.step != Step.EXITED:
        raise ValidationError("Ce jeune n’est pas sorti du parcours.")
    if youth.anonymised_on:
        raise ValidationError("Ce dossier est anonymisé : la sortie ne peut plus être corrigée.")
    transition = exit_transition(youth)
    if transition is None:
        raise ValidationError("La sortie de ce dossier n’a pas été enregistrée dans FOQUALE.")
    _check_author_or_lead(by, youth, transition.by_id)
    if not exit_correction_open(youth, transition):
        raise ValidationError(
            f"La sortie a été enregistrée il y a plus de {EXIT_CORRECTION_DAYS} jours : "
            "elle ne peut plus être corrigée ni annulée."
        )
    return transition


def check_exit_terms(youth: Youth, outcome: str, exited_on: dt.date, reason_code: str) -> None:
    """The rules of an exit, shared by its recording and its correction."""
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": "Choisissez l’issue du parcours."})
    check_not_future(exited_on, "exited_on", "La date de sortie")
    # A young person never reached (« à contacter ») may leave too: from the day received.
    start = youth.contacted_on or youth.received_on
    if exited_on < start:
        what = "le premier contact" if youth.contacted_on else "la réception par le réseau"
        raise ValidationError(
            {"exited_on": f"La sortie ne peut précéder {what} ({start:%d/%m/%Y})."}
        )
    if outcome not in COMPLETED_OUTCOMES and reason_code not in ExitReason.values:
        raise ValidationError(
            {"exit_reason_code": "Un parcours interrompu doit être motivé : choisissez le motif."}
        )


@transaction.atomic
def exit_correct(
    *,
    youth: Youth,
    by: User,
    reason: str,
    outcome: str,
    exited_on: dt.date,
    exit_reason_code: str = "",
    exit_reason: str = "",
) -> Youth:
    """Correct an exit within 30 days of its recording: who recorded it, or the lead."""
    locked = youth_lock(youth)
    _check_exit_correctable(locked, by)
    reason = check_reason(reason)
    check_exit_terms(locked, outcome, exited_on, exit_reason_code)
    before = snapshot(locked, EXIT_FIELDS)
    locked.outcome = outcome
    locked.exited_on = exited_on
    locked.exit_reason_code = "" if outcome in COMPLETED_OUTCOMES else exit_reason_code
    locked.exit_reason = exit_reason.strip()
    correction_log(
        youth=locked,
        target=CorrectedObject.EXIT,
        object_id=locked.pk,
        action=CorrectionAction.CORRECTED,
        before=before,
        after=snapshot(locked, EXIT_FIELDS),
        reason=reason,
        by=by,
    )
    locked.save(update_fields=list(EXIT_FIELDS))
    # The contract the exit closed ends on the corrected day, and its due dates follow.
    closed = list(Contract.objects.filter(youth=locked, ended_on=youth.exited_on))
    Contract.objects.filter(youth=locked, ended_on=youth.exited_on).update(ended_on=exited_on)
    for contract in closed:
        old_end, contract.ended_on = contract.ended_on, exited_on
        review_dues_reopen(contract=contract, closed_on=old_end, today=timezone.localdate())
    youth.__dict__.update({name: getattr(locked, name) for name in EXIT_FIELDS})
    return youth


def _reopen(contract: Contract) -> None:
    closed_on = contract.ended_on
    contract.ended_on = None
    contract.status = ContractStatus.AWAITING_SIGNATURES
    if contract.activated_on:
        contract.status = ContractStatus.ACTIVE
    contract.save(update_fields=["status", "ended_on"])
    if contract.activated_on:
        # The dates after the exit come back; the pointer is the earliest one planned.
        review_dues_reopen(contract=contract, closed_on=closed_on, today=timezone.localdate())


@transaction.atomic
def exit_cancel(*, youth: Youth, by: User, reason: str) -> Youth:
    """Cancel an exit within 30 days: the young person returns to the step they left, and
    the contract the exit closed runs again, from the due date after its last review."""
    locked = youth_lock(youth)
    transition = _check_exit_correctable(locked, by)
    reason = check_reason(reason)
    before = snapshot(locked, EXIT_FIELDS)
    closed = (
        Contract.objects.filter(youth=locked, ended_on=locked.exited_on).order_by("-id").first()
        if transition.from_step in (Step.CONTRACT, Step.ACTIVE)
        else None
    )
    step_move(youth=locked, to=transition.from_step or Step.CONTACT, by=by)
    locked.outcome = locked.exit_reason_code = locked.exit_reason = ""
    locked.exited_on = None
    locked.save(update_fields=list(EXIT_FIELDS))
    if closed is not None:
        _reopen(closed)
    correction_log(
        youth=locked,
        target=CorrectedObject.EXIT,
        object_id=locked.pk,
        action=CorrectionAction.CANCELLED,
        before=before,
        after={"étape": locked.get_step_display()},
        reason=reason,
        by=by,
    )
    youth.step = locked.step
    youth.__dict__.update({name: getattr(locked, name) for name in EXIT_FIELDS})
    return youth
