"""The cases: list, opening, detail, corrections and legal guardians."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from audit.enums import ReadKind
from foquale.accounts.models import User
from foquale.french import de
from foquale.submissions.views import send_once

from .. import perms, services
from ..access_log import log_case_read
from ..corrections import exit_correction_open
from ..enums import ContractStatus, ProposalDecision, Step
from ..forms import GuardianForm, YouthCreateForm, YouthFilterForm, YouthUpdateForm
from ..models import StepTransition, Youth
from ..reviews.schedule import late_since
from .common import get_youth_for_user, paginate, show_errors, step_badge_class, url_maker


@login_required
def youth_list(request: HttpRequest) -> HttpResponse:
    scope = perms.case_scope(request.user)
    if not (scope.has_case_space or scope.has_tutor_space):
        raise Http404
    form = YouthFilterForm(
        request.GET or None,
        establishments=scope.establishments_seen,
        tutors=scope.tutors,
        listed=scope.filter_options(),
    )
    rows = (
        form.filter(scope.youths())
        .select_related("establishment")
        .only("last_name", "first_name", "step", "contacted_on", "establishment__name")
        .order_by("last_name_key", "first_name_key", "pk")
    )
    page = paginate(request, rows)
    return render(
        request,
        "contracts/youth_list.html",
        {
            "page": page,
            "rows": _list_rows(page, scope, late_since(timezone.localdate())),
            "form": form,
            "filters": form.plain_fields(),
            "can_create": scope.can_create_youth,
            "title": "Jeunes suivis",
        },
    )


def _list_rows(youths, scope: perms.CaseScope, late: dt.date) -> list[dict]:
    """The cells of the case list, worked out here: one template loop of plain values
    instead of a badge include, a `reverse()` and attribute chains per row; each youth's
    latest contract in sight read as plain values."""
    youths = list(youths)
    contracts = scope.latest_contracts([youth.pk for youth in youths])
    youth_url = url_maker("contracts:youth_detail")
    rows = []
    for youth in youths:
        contract = contracts.get(youth.pk)
        tutor = review = None
        if contract is not None:
            status, next_review_on, first_name, last_name = contract
            tutor = User(first_name=first_name, last_name=last_name).get_full_name()
            review = next_review_on if status == ContractStatus.ACTIVE else None
        rows.append(
            {
                "url": youth_url(youth.pk),
                "name": f"{youth.last_name.upper()} {youth.first_name}",
                "step": youth.get_step_display(),
                "step_class": step_badge_class(youth.step),
                "establishment": youth.establishment.name,
                "tutor": tutor or "—",
                "next_review": review,
                "late": review is not None and review <= late,
                "contacted_on": youth.contacted_on,
            }
        )
    return rows


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
            "title": str(youth),
        },
    )


def _manageable_youth(request: HttpRequest, youth_id: int) -> Youth:
    """A case the user runs: out of their sight 404, seen but not theirs to run 403."""
    youth = get_youth_for_user(request, youth_id)
    if not perms.can_manage_youth(request.user, youth):
        raise PermissionDenied
    return youth


@login_required
def youth_update(request: HttpRequest, youth_id: int) -> HttpResponse:
    youth = _manageable_youth(request, youth_id)
    form = YouthUpdateForm(request.POST or None, youth=youth)
    if request.method == "POST" and form.is_valid():
        try:
            services.youth_update(
                youth=youth,
                by=request.user,
                opened_version=form.opened_version(),
                **form.youth_fields(),
            )
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
        },
    )


@login_required
def guardian_add(request: HttpRequest, youth_id: int) -> HttpResponse:
    youth = _manageable_youth(request, youth_id)
    form = GuardianForm(request.POST or None)
    if request.method == "POST" and form.is_valid():

        def add() -> str:
            services.guardian_add(youth=youth, by=request.user, **form.cleaned_data)
            return youth.get_absolute_url()

        try:
            return send_once(request, form, add, "Le représentant légal est ajouté au dossier.")
        except ValidationError as error:
            show_errors(form, error)
    return render(
        request,
        "contracts/form.html",
        {
            "form": form,
            "youth": youth,
            "title": f"Ajouter un représentant légal {de(youth)}",
            "submit": "Ajouter",
        },
    )


@login_required
@require_POST
def guardian_remove(request: HttpRequest, youth_id: int, guardian_id: int) -> HttpResponse:
    youth = _manageable_youth(request, youth_id)
    guardian = get_object_or_404(youth.guardians, pk=guardian_id)
    try:
        services.guardian_remove(guardian=guardian, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Le représentant légal est retiré du dossier.")
    return redirect(youth)
