"""Correcting or cancelling a bilan or an exit: small views, one service each. The record
is loaded through the user's case scope (404 out of it); only its author or the network
lead may correct it (403 otherwise)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from foquale.french import de

from .. import perms, services
from ..enums import Step
from ..forms import AssessmentCorrectForm, CorrectionReasonForm, ExitCorrectForm
from ..models import Assessment, Youth
from ..services.corrections import ASSESSMENT_FIELDS, exit_transition
from .common import get_youth_for_user, show_errors


def _page(request, form, youth, title, submit, lead="") -> HttpResponse:
    return render(
        request,
        "contracts/form.html",
        {"form": form, "youth": youth, "title": title, "submit": submit, "lead": lead},
    )


def _assessment(request: HttpRequest, youth_id: int, assessment_id: int) -> Assessment:
    youth = get_youth_for_user(request, youth_id)
    assessment = get_object_or_404(
        youth.assessments.filter(cancelled_at__isnull=True), pk=assessment_id
    )
    assessment.youth = youth
    if not perms.can_correct(request.user, youth, assessment.assessor_id):
        raise PermissionDenied
    return assessment


def _run(request, form, action, success: str) -> bool:
    """Call the service on a valid form; its refusal goes on the form."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        action(form.cleaned_data)
    except ValidationError as error:
        show_errors(form, error)
        return False
    messages.success(request, success)
    return True


@login_required
def assessment_correct(request: HttpRequest, youth_id: int, assessment_id: int) -> HttpResponse:
    assessment = _assessment(request, youth_id, assessment_id)
    initial = {n: getattr(assessment, n) for n in ASSESSMENT_FIELDS if n != "assessor"}
    form = AssessmentCorrectForm(request.POST or None, initial=initial)

    def correct(data):
        services.assessment_correct(assessment=assessment, by=request.user, **data)

    if _run(request, form, correct, "Le bilan est corrigé ; la correction est tracée."):
        return redirect(assessment.youth)
    return _page(
        request,
        form,
        assessment.youth,
        f"Corriger le {str(assessment).lower()}",
        "Enregistrer la correction",
        "L’historique du dossier gardera votre nom, la date, le motif et les valeurs avant "
        "et après la correction.",
    )


@login_required
def assessment_cancel(request: HttpRequest, youth_id: int, assessment_id: int) -> HttpResponse:
    assessment = _assessment(request, youth_id, assessment_id)
    form = CorrectionReasonForm(request.POST or None)

    def cancel(data):
        services.assessment_cancel(assessment=assessment, by=request.user, **data)

    if _run(request, form, cancel, "Le bilan est annulé ; il n’est plus compté."):
        return redirect(assessment.youth)
    return _page(
        request,
        form,
        assessment.youth,
        f"Annuler le {str(assessment).lower()}",
        "Annuler le bilan",
        "Un bilan annulé reste visible, barré, dans le dossier ; il n’est plus compté dans "
        "aucun chiffre.",
    )


def _exited_youth(request: HttpRequest, youth_id: int) -> Youth:
    youth = get_youth_for_user(request, youth_id)
    transition = exit_transition(youth) if youth.step == Step.EXITED else None
    if transition is None or not perms.can_correct(request.user, youth, transition.by_id):
        raise PermissionDenied
    return youth


@login_required
def exit_correct(request: HttpRequest, youth_id: int) -> HttpResponse:
    youth = _exited_youth(request, youth_id)
    initial = {
        "outcome": youth.outcome,
        "exited_on": youth.exited_on,
        "exit_reason_code": youth.exit_reason_code,
        "exit_reason": youth.exit_reason,
    }
    form = ExitCorrectForm(request.POST or None, initial=initial)

    def correct(data):
        services.exit_correct(youth=youth, by=request.user, **data)

    if _run(request, form, correct, "La sortie de parcours est corrigée."):
        return redirect(youth)
    return _page(
        request,
        form,
        youth,
        f"Corriger la sortie de parcours {de(youth)}",
        "Enregistrer la correction",
        "Possible pendant 30 jours après l’enregistrement de la sortie.",
    )


@login_required
def exit_cancel(request: HttpRequest, youth_id: int) -> HttpResponse:
    youth = _exited_youth(request, youth_id)
    form = CorrectionReasonForm(request.POST or None)

    def cancel(data):
        services.exit_cancel(youth=youth, by=request.user, **data)

    if _run(
        request,
        form,
        cancel,
        "La sortie de parcours est annulée : le jeune revient à l’étape précédente.",
    ):
        return redirect(youth)
    return _page(
        request,
        form,
        youth,
        f"Annuler la sortie de parcours {de(youth)}",
        "Annuler la sortie",
        "Le jeune revient à l’étape qu’il avait quittée et son contrat, s’il en avait un, "
        "reprend. Possible pendant 30 jours après l’enregistrement de la sortie.",
    )
