"""The contract: drawing it up, signatures and amendments (its PDF versions: `documents`)."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from audit.enums import ReadKind
from foquale.french import de
from networks.models import Solution
from referents.selectors import tutors_for_network

from .. import perms, services
from ..access_log import log_case_read
from ..enums import ContractStatus
from ..forms import (
    AmendmentForm,
    ContractForm,
    ContractUpdateForm,
    SignatureForm,
    default_terms,
)
from ..models import (
    Amendment,
    Contract,
    FamilyLink,
    Signature,
    SigningInvitation,
)
from ..models.contract import terms_digest
from ..reviews import perms as review_perms
from ..selectors import with_occupancy
from ..signing import all_parties, signature_state
from .common import (
    get_contract_for_user,
    get_managed_contract,
    get_youth_for_user,
    show_errors,
)

CONTRACT_FIELDS = list(ContractForm.base_fields)


@login_required
def contract_create(request: HttpRequest, youth_id: int, proposal_id: int) -> HttpResponse:
    youth = get_youth_for_user(request, youth_id)
    rights = perms.case_rights(request.user, youth)
    if not rights.manage:
        raise PermissionDenied
    proposal = get_object_or_404(youth.proposals.select_related("solution"), pk=proposal_id)
    solution = (
        with_occupancy(Solution.objects.filter(pk=proposal.solution_id)).get()
        if proposal.solution_id
        else None
    )
    full = solution is not None and solution.is_full
    form = ContractForm(
        request.POST or None,
        tutors=tutors_for_network(youth.network),
        show_override=full and rights.lead,
        initial=default_terms(proposal, timezone.localdate()),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            contract = services.contract_create(
                proposal=proposal,
                created_by=request.user,
                override_capacity=data.pop("override_capacity", False),
                **data,
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request,
                "Le contrat est établi. Recueillez les signatures des parties : il entre en "
                "vigueur à la dernière.",
            )
            return redirect(contract)
    return render(
        request,
        "contracts/contract_form.html",
        {
            "form": form,
            "youth": youth,
            "proposal": proposal,
            "solution": solution,
            "full": full,
            "title": f"Contrat FOQUALE {de(youth)}",
        },
    )


@login_required
def contract_detail(request: HttpRequest, contract_id: int) -> HttpResponse:
    contract = get_contract_for_user(request, contract_id)
    youth = contract.youth
    rights = perms.case_rights(request.user, youth)
    guardians = list(youth.guardians.all())
    signatures = list(
        Signature.objects.filter(contract=contract).select_related("guardian", "recorded_by")
    )
    amendments = [
        (
            amendment,
            signature_state(
                contract,
                amendment,
                guardians=guardians,
                signatures=[s for s in signatures if s.amendment_id == amendment.pk],
            ),
        )
        for amendment in contract.amendments.all()
    ]
    documents = contract.documents.select_related("amendment")
    if rights.manage:
        documents = documents.prefetch_related(
            Prefetch("family_links", queryset=FamilyLink.objects.select_related("guardian"))
        )
    state = signature_state(
        contract,
        guardians=guardians,
        signatures=[s for s in signatures if s.amendment_id is None],
    )
    _with_invitations(contract, state, amendments)
    log_case_read(request, ReadKind.CONTRACT, youth, object_id=contract.pk)
    return render(
        request,
        "contracts/contract_detail.html",
        {
            "contract": contract,
            "youth": youth,
            "rights": rights,
            "is_tutor": contract.tutor_id == request.user.pk,
            "state": state,
            "amendments": amendments,
            "pending_amendment": any(a.signed_on is None for a, _ in amendments),
            "documents": _with_send_tokens(documents),
            "attachments": contract.attachments.select_related("uploaded_by", "removed_by"),
            "ContractStatus": ContractStatus,
            "reviews_readable": review_perms.contracts_for_user(request.user)
            .filter(pk=contract.pk)
            .exists(),
            "can_record_review": review_perms.can_record_review(request.user, contract),
            "title": f"{contract} — {youth}",
        },
    )


@login_required
def contract_update(request: HttpRequest, contract_id: int) -> HttpResponse:
    contract = get_managed_contract(request, contract_id)
    form = ContractUpdateForm(
        request.POST or None,
        tutors=tutors_for_network(contract.youth.network),
        initial={name: getattr(contract, name) for name in CONTRACT_FIELDS},
        version=contract.version,
    )
    if request.method == "POST" and form.is_valid():
        try:
            withdrawn = services.contract_update(
                contract=contract,
                by=request.user,
                opened_version=form.opened_version(),
                **form.cleaned_data,
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            text = "Le contrat est modifié."
            if withdrawn:
                text += (
                    f" {withdrawn} signature(s) déjà recueillie(s) portai(en)t sur l’ancien "
                    "texte : elles sont retirées, chaque partie signe le nouveau."
                )
            messages.success(request, text)
            return redirect(contract)
    return render(
        request,
        "contracts/contract_form.html",
        {
            "form": form,
            "contract": contract,
            "youth": contract.youth,
            "proposal": contract.proposal,
            "frozen": contract.is_frozen,
            "title": f"Modifier le {contract}",
        },
    )


def _with_invitations(contract: Contract, state, amendments: list) -> None:
    """The online invitations of the contract and its amendments, in one query: the latest
    not withdrawn of each party."""
    by_amendment: dict = {}
    invitations = SigningInvitation.objects.filter(
        contract=contract, revoked_at__isnull=True
    ).order_by("created_at", "id")
    for invitation in invitations:
        by_amendment.setdefault(invitation.amendment_id, {})[invitation.party_key] = invitation
    state.invitations = by_amendment.get(None, {})
    for amendment, amendment_state in amendments:
        amendment_state.invitations = by_amendment.get(amendment.pk, {})


def _full_solution(contract: Contract) -> Solution | None:
    """The solution of a contract still to be signed, if it is full and no lead has accepted
    this contract beyond its places: the last signature will be refused."""
    if (
        contract.status != ContractStatus.AWAITING_SIGNATURES
        or contract.solution_id is None
        or contract.capacity_overridden_by_id is not None
    ):
        return None
    solution = with_occupancy(Solution.objects.filter(pk=contract.solution_id)).get()
    return solution if solution.is_full else None


def _signed_message(contract: Contract, amendment: Amendment | None) -> str:
    """What the recorded signature changed: the last one activates or applies."""
    contract.refresh_from_db()
    if amendment is not None:
        amendment.refresh_from_db()
    if amendment is not None and amendment.signed_on:
        return (
            f"L’avenant n° {amendment.number} est signé par toutes les parties : il "
            "s’applique, et sa version PDF est envoyée à la famille."
        )
    if amendment is None and contract.status == ContractStatus.ACTIVE:
        return (
            "Toutes les signatures sont recueillies : le contrat est actif. Sa version "
            "signée (PDF) est envoyée au jeune et à sa famille."
        )
    return "La signature est enregistrée."


def _signature_page(request, contract, amendment=None) -> HttpResponse:
    guardians = list(contract.youth.guardians.all())
    state = signature_state(contract, amendment, guardians=guardians)
    full = _full_solution(contract) if amendment is None else None
    form = SignatureForm(
        request.POST or None,
        parties=all_parties(contract, guardians),
        show_override=full is not None
        and perms.can_override_capacity(request.user, contract.youth),
        initial={"party": state.first_missing},
        seen_sha256=terms_digest(contract, amendment),
    )
    if request.method == "POST" and form.is_valid():
        party = form.cleaned_data["party"]
        signature = {
            "role": party.role,
            "guardian": party.guardian,
            "signed_on": form.cleaned_data["signed_on"],
            "mode": form.cleaned_data["mode"],
            "recorded_by": request.user,
            "seen_sha256": form.cleaned_data["seen_sha256"] or None,
        }
        try:
            if amendment is None:
                services.signature_record(
                    contract=contract,
                    override_capacity=form.cleaned_data.get("override_capacity", False),
                    **signature,
                )
            else:
                services.amendment_sign(amendment=amendment, **signature)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _signed_message(contract, amendment))
            return redirect(contract)
    if request.method == "POST":
        state = signature_state(contract, amendment, guardians=guardians)
    what = f"l’avenant n° {amendment.number}" if amendment else "le contrat"
    return render(
        request,
        "contracts/signature_form.html",
        {
            "form": form,
            "contract": contract,
            "youth": contract.youth,
            "amendment": amendment,
            "state": state,
            "full": full,
            "title": f"Enregistrer une signature sur {what} — {contract.youth}",
        },
    )


@login_required
def signature_create(request: HttpRequest, contract_id: int) -> HttpResponse:
    return _signature_page(request, get_managed_contract(request, contract_id))


@login_required
def amendment_sign(request: HttpRequest, contract_id: int, number: int) -> HttpResponse:
    contract = get_managed_contract(request, contract_id)
    amendment = get_object_or_404(Amendment, contract=contract, number=number)
    return _signature_page(request, contract, amendment)


@login_required
def amendment_create(request: HttpRequest, contract_id: int) -> HttpResponse:
    contract = get_managed_contract(request, contract_id)
    form = AmendmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            amendment = services.amendment_create(
                contract=contract, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request,
                f"L’avenant n° {amendment.number} est rédigé : il s’applique quand toutes les "
                "parties l’ont signé.",
            )
            return redirect(contract)
    return render(
        request,
        "contracts/form.html",
        {
            "form": form,
            "youth": contract.youth,
            "contract": contract,
            "title": f"Avenant au {contract}",
            "lead": "Un contrat signé ne se modifie que par avenant, signé à son tour par les "
            "parties.",
            "submit": "Rédiger l’avenant",
        },
    )


def _with_send_tokens(documents) -> list:
    """Each « Renvoyer » button carries its own token: a double click sends once."""
    documents = list(documents)
    for document in documents:
        document.send_token = uuid.uuid4()
    return documents
