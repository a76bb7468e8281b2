"""The référent chooses, party by party, online or paper signature; the tutor signs
online while logged in."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from foquale.accounts.security import client_ip
from foquale.submissions.services import submission_run
from foquale.submissions.views import ALREADY_SENT

from .. import perms, services
from ..enums import ContractStatus
from ..forms.esign import ConfirmForm, SigningChannelsForm
from ..models import Amendment, Contract, SigningInvitation
from ..models.contract import terms_digest
from ..services.invitations import party_email
from ..signing import signature_state
from .common import get_contract_for_user, show_errors


def _amendment(contract: Contract, number: int | None) -> Amendment | None:
    if number is None:
        return None
    return get_object_or_404(Amendment, contract=contract, number=number)


def live_invitations(contract: Contract, amendment: Amendment | None) -> dict:
    """The latest invitation not withdrawn of each party, by party key."""
    invitations = SigningInvitation.objects.filter(
        contract=contract, amendment=amendment, revoked_at__isnull=True
    ).order_by("created_at", "id")
    return {invitation.party_key: invitation for invitation in invitations}


def _open_for_signatures(contract: Contract, amendment: Amendment | None) -> bool:
    if amendment is None:
        return contract.status == ContractStatus.AWAITING_SIGNATURES
    return amendment.signed_on is None and contract.status == ContractStatus.ACTIVE


@login_required
def signing_channels(
    request: HttpRequest, contract_id: int, number: int | None = None
) -> HttpResponse:
    contract = get_contract_for_user(request, contract_id)
    if not perms.can_manage_youth(request.user, contract.youth):
        raise PermissionDenied
    amendment = _amendment(contract, number)
    if not _open_for_signatures(contract, amendment):
        messages.info(request, "Toutes les signatures sont recueillies.")
        return redirect(contract)
    state = signature_state(contract, amendment)
    missing = [party for party, signature in state.parties if signature is None]
    form = SigningChannelsForm(
        request.POST or None,
        parties=missing,
        emails={party.key: party_email(party, contract) for party in missing},
        live=live_invitations(contract, amendment),
    )
    if request.method == "POST" and form.is_valid():
        counts = []

        def send() -> str:
            counts.append(
                services.invitations_send(
                    contract=contract,
                    amendment=amendment,
                    by=request.user,
                    channels=form.channels(),
                )
            )
            return contract.get_absolute_url()

        try:
            url, first = submission_run(
                user=request.user, token=form.submission_token(), action=send
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            if first:
                messages.success(
                    request,
                    f"Modes de signature enregistrés : {counts[0]} courriel(s) envoyé(s). "
                    "Les signatures sur papier s’enregistrent comme avant.",
                )
            else:
                messages.info(request, ALREADY_SENT)
            return redirect(url)
    what = f"l’avenant n° {amendment.number}" if amendment else "le contrat"
    return render(
        request,
        "contracts/form.html",
        {
            "form": form,
            "youth": contract.youth,
            "contract": contract,
            "title": f"Faire signer {what} — {contract.youth}",
            "lead": "Pour chaque partie qui n’a pas encore signé, choisissez la signature en "
            "ligne (un lien personnel par courriel, valable 14 jours, confirmé par un code) "
            "ou la signature sur papier.",
            "submit": "Enregistrer et envoyer les invitations",
        },
    )


@login_required
def tutor_sign(request: HttpRequest, contract_id: int, number: int | None = None) -> HttpResponse:
    contract = get_contract_for_user(request, contract_id)
    if contract.tutor_id != request.user.pk:
        raise PermissionDenied
    amendment = _amendment(contract, number)
    if not _open_for_signatures(contract, amendment):
        messages.info(request, "Toutes les signatures sont recueillies.")
        return redirect(contract)
    state = signature_state(contract, amendment)
    if any(party.key == "tutor" and signature for party, signature in state.parties):
        messages.info(request, "Vous avez déjà signé.")
        return redirect(contract)
    digest = terms_digest(contract, amendment)
    form = ConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.signature_by_tutor(
                contract=contract,
                amendment=amendment,
                user=request.user,
                typed_name=form.cleaned_data["full_name"],
                accepted=form.cleaned_data["accept"],
                ip=client_ip(request),
                user_agent=request.META.get("HTTP_USER_AGENT", ""),
                seen_sha256=request.POST.get("seen_sha256") or digest,
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, "Votre signature est enregistrée.")
            return redirect(contract)
    what = f"l’avenant n° {amendment.number}" if amendment else "le contrat"
    return render(
        request,
        "contracts/tutor_sign.html",
        {
            "form": form,
            "contract": contract,
            "youth": contract.youth,
            "amendment": amendment,
            "state": state,
            "seen_sha256": digest,
            "title": f"Signer {what} en ligne — {contract.youth}",
        },
    )
