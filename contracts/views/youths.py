"""The cases: list, opening, detail, corrections and legal guardians."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from audit.enums import ReadKind
from foquale.accounts.models import User
from foquale.french import de
from foquale.submissions.views import send_once

from .. import perms, services
from ..access_log import log_case_read
from ..corrections import exit_correction_open
from ..enums import ProposalDecision, Step
from ..forms import YouthCreateForm, YouthUpdateForm
from ..models import StepTransition, Youth
from ..services.steps import STEPS_BEFORE_CONTRACT
from .common import get_youth_for_user, show_errors


@login_required
def youth_create(request: HttpRequest) -> HttpResponse:
    placements = perms.creation_establishments(request.user)
    if not placements:
        raise Http404
    form = YouthCreateForm(
        request.POST or None,
        placements=placements,
        initial={"contacted_on": timezone.localdate()},
    )
    duplicates = None
    if request.method == "POST" and form.is_valid():
        establishment, network = form.cleaned_data["placement"]
        try:
            return send_once(
                request,
                form,
                lambda: services.youth_create(
                    network=network,
                    establishment=establishment,
                    created_by=request.user,
                    confirm_duplicate=form.cleaned_data.get("confirm_duplicate", False),
                    **form.youth_fields(),
                ).get_absolute_url(),
                "Le dossier du jeune est ouvert, à l’étape du contact.",
            )
        except services.PossibleDuplicate as duplicate:
            duplicates = _duplicates_seen(request.user, duplicate.candidates)
            form.add_error(None, duplicate.message)
            form.ask_confirmation()
        except ValidationError as error:
            show_errors(form, error)
    return render(
        request,
        "contracts/form.html",
        {
            "form": form,
            "title": "Nouveau jeune",
            "lead": "Premier contact avec un jeune sorti du système scolaire sans diplôme.",
            "submit": "Ouvrir le dossier",
            "back_url": "contracts:youth_list",
            "duplicates": duplicates,
        },
    )


def _duplicates_seen(user: User, candidates: list[int]) -> dict:
    """The possible duplicates the user may open (links), and how many others exist out
    of their sight (named nowhere: « un dossier existe dans un autre réseau »)."""
    seen = list(
        perms.youths_for_user(user)
        .filter(pk__in=candidates)
        .select_related("network", "establishment")
        .order_by("pk")
    )
    return {"seen": seen, "others": len(candidates) - len(seen)}


@login_required
def youth_detail(request: HttpRequest, youth_id: int) -> HttpResponse:
    youth = get_youth_for_user(request, youth_id)
    rights = perms.case_rights(request.user, youth)
    proposals = list(youth.proposals.select_related("solution", "proposed_by"))
    contracts = list(
        perms.contracts_for_user(request.user)
        .filter(youth=youth)
        .select_related("tutor", "proposal")
        .order_by("-id")
    )
    assessments = list(youth.assessments.select_related("assessor"))
    for assessment in assessments:
        assessment.correctable = assessment.cancelled_at is None and perms.can_correct(
            request.user, youth, assessment.assessor_id
        )
    transitions = list(StepTransition.objects.filter(youth=youth).select_related("by"))
    exit_row = next((t for t in reversed(transitions) if t.to_step == Step.EXITED), None)
    with_contract = {c.proposal_id for c in contracts}
    open_for_contract = [
        p
        for p in proposals
        if p.decision == ProposalDecision.ACCEPTED and p.pk not in with_contract
    ]
    transfers = list(
        youth.transfers.select_related(
            "from_network", "to_network", "requested_by", "decided_by", "establishment"
        )
    )
    pending_transfer = next((t for t in transfers if t.is_pending), None)
    log_case_read(request, ReadKind.YOUTH, youth)
    return render(
        request,
        "contracts/youth_detail.html",
        {
            "youth": youth,
            "rights": rights,
            "guardians": list(youth.guardians.all()),
            "transitions": transitions,
            "assessments": assessments,
            "exit_correctable": exit_correction_open(youth, exit_row)
            and perms.can_correct(request.user, youth, exit_row.by_id),
            "corrections": youth.corrections.select_related("by"),
            "proposals": proposals,
            "pending": any(p.decision == ProposalDecision.PENDING for p in proposals),
            "contract_candidates": open_for_contract if youth.step == Step.PROPOSAL else [],
            "contracts": contracts,
            "Step": Step,
            "can_export_data": rights.lead,
            "transfers": transfers,
            "can_transfer": rights.lead
            and pending_transfer is None
            and youth.step in STEPS_BEFORE_CONTRACT,
            "can_cancel_transfer": pending_transfer is not None
            and (pending_transfer.requested_by_id == request.user.pk or rights.lead),
            "title": str(youth),
        },
    )


def manageable_youth(request: HttpRequest, youth_id: int) -> Youth:
    """A case the user runs: out of their sight 404, seen but not theirs to run 403."""
    youth = get_youth_for_user(request, youth_id)
    if not perms.can_manage_youth(request.user, youth):
        raise PermissionDenied
    return youth


@login_required
def youth_update(request: HttpRequest, youth_id: int) -> HttpResponse:
    youth = manageable_youth(request, youth_id)
    form = YouthUpdateForm(request.POST or None, youth=youth)
    duplicates = None
    if request.method == "POST" and form.is_valid():
        try:
            services.youth_update(
                youth=youth,
                by=request.user,
                opened_version=form.opened_version(),
                confirm_duplicate=form.cleaned_data.get("confirm_duplicate", False),
                **form.youth_fields(),
            )
        except services.PossibleDuplicate as duplicate:
            duplicates = _duplicates_seen(request.user, duplicate.candidates)
            form.add_error(None, duplicate.message)
            form.ask_confirmation()
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, "Le dossier est à jour.")
            return redirect(youth)
    return render(
        request,
        "contracts/form.html",
        {
            "form": form,
            "youth": youth,
            "title": f"Modifier le dossier {de(youth)}",
            "submit": "Enregistrer",
            "duplicates": duplicates,
        },
    )
