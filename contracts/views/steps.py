"""The steps before the contract: bilan, proposals and answers; and the exit."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from foquale.french import de
from foquale.submissions.views import send_once
from referents.selectors import assessors_for_network

from .. import perms, services
from ..enums import ProposalDecision
from ..forms import (
    AssessmentForm,
    ExitForm,
    FirstContactForm,
    ProposalDecisionForm,
    ProposalForm,
)
from ..models import Youth
from ..selectors import solutions_for_proposal
from .common import get_youth_for_user, show_errors


def _youth_with(request: HttpRequest, youth_id: int, check) -> Youth:
    youth = get_youth_for_user(request, youth_id)
    if not check(request.user, youth):
        raise PermissionDenied
    return youth


def _page(request, form, youth, title, submit, lead="", warning="") -> HttpResponse:
    return render(
        request,
        "contracts/form.html",
        {
            "form": form,
            "youth": youth,
            "title": title,
            "submit": submit,
            "lead": lead,
            "warning": warning,
        },
    )


@login_required
def assessment_create(request: HttpRequest, youth_id: int) -> HttpResponse:
    youth = _youth_with(request, youth_id, perms.can_assess_youth)
    rights = perms.case_rights(request.user, youth)
    assessors = assessors_for_network(youth.network)
    if not rights.manage:
        # Offer only what assessment_record accepts: an assessor records their own bilan;
        # a référent or the lead names who held it.
        assessors = assessors.filter(pk=request.user.pk)
    form = AssessmentForm(
        request.POST or None,
        assessors=assessors,
        initial={"held_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():

        def record() -> str:
            services.assessment_record(youth=youth, by=request.user, **form.cleaned_data)
            return youth.get_absolute_url()

        try:
            return send_once(request, form, record, "Le bilan est enregistré.")
        except ValidationError as error:
            show_errors(form, error)
    return _page(
        request,
        form,
        youth,
        f"Bilan {de(youth)}",
        "Enregistrer le bilan",
        "Bilan conduit par un COP / PsyEN ou un personnel de la MLDS du réseau.",
    )


@login_required
def proposal_create(request: HttpRequest, youth_id: int) -> HttpResponse:
    youth = _youth_with(request, youth_id, perms.can_assess_youth)
    solutions = solutions_for_proposal(youth.network)
    form = ProposalForm(
        request.POST or None,
        solutions=solutions,
        initial={"proposed_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():

        def make() -> str:
            services.proposal_make(youth=youth, by=request.user, **form.proposal_data())
            return youth.get_absolute_url()

        try:
            return send_once(
                request,
                form,
                make,
                "La proposition est enregistrée ; elle attend la réponse du jeune.",
            )
        except ValidationError as error:
            show_errors(form, error)
    return _page(
        request,
        form,
        youth,
        f"Proposition de retour en formation pour {youth}",
        "Enregistrer la proposition",
        warning=form.full_warning,
    )


@login_required
def proposal_decide(request: HttpRequest, youth_id: int, proposal_id: int) -> HttpResponse:
    youth = _youth_with(request, youth_id, perms.can_manage_youth)
    proposal = get_object_or_404(youth.proposals.select_related("solution"), pk=proposal_id)
    form = ProposalDecisionForm(request.POST or None, initial={"decided_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.proposal_decide(
                proposal=proposal,
                accepted=data["decision"] == ProposalDecision.ACCEPTED,
                decided_on=data["decided_on"],
                refusal_code=data["refusal_code"],
                refusal_reason=data["refusal_reason"],
                by=request.user,
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, "La réponse du jeune est enregistrée.")
            return redirect(youth)
    return _page(
        request,
        form,
        youth,
        f"Réponse à la proposition « {proposal} »",
        "Enregistrer la réponse",
        f"Proposition du {proposal.proposed_on:%d/%m/%Y} : {proposal.get_kind_display()}.",
    )


@login_required
def youth_exit(request: HttpRequest, youth_id: int) -> HttpResponse:
    youth = _youth_with(request, youth_id, perms.can_manage_youth)
    form = ExitForm(request.POST or None, initial={"exited_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.youth_exit(
                youth=youth,
                outcome=data["outcome"],
                exited_on=data["exited_on"],
                reason_code=data["exit_reason_code"],
                reason=data["exit_reason"],
                by=request.user,
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, "La sortie de parcours est enregistrée.")
            return redirect(youth)
    return _page(
        request,
        form,
        youth,
        f"Sortie de parcours {de(youth)}",
        "Enregistrer la sortie",
        "Le contrat en cours, s’il y en a un, prend fin à la date de sortie.",
    )


@login_required
def first_contact(request: HttpRequest, youth_id: int) -> HttpResponse:
    """A young person « à contacter » is reached: date and channel of the first contact."""
    youth = _youth_with(request, youth_id, perms.can_manage_youth)
    form = FirstContactForm(request.POST or None, initial={"contacted_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.youth_record_first_contact(youth=youth, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, "Le premier contact est enregistré.")
            return redirect(youth)
    return _page(
        request,
        form,
        youth,
        f"Premier contact avec {youth}",
        "Enregistrer le premier contact",
        f"Reçu par le réseau le {youth.received_on:%d/%m/%Y} : le premier entretien est "
        f"attendu dans les {settings.FIRST_INTERVIEW_DAYS} jours.",
    )
