"""The party's signing page, without an account: one personal link per party.

Unknown, altered, expired, withdrawn, used or declined links all answer the same 404. The
token is in the path, which `foquale.redact` takes out of every log line (a segment of 32
URL-safe characters or more), and never written anywhere else."""

import io

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from audit.enums import ReadKind, Role
from audit.services import read_log_record
from foquale.accounts.security import client_ip

from .. import services
from ..forms.esign import CodeConfirmForm, ConfirmForm, DeclineForm
from ..models import SigningInvitation
from ..pdf import render_contract_pdf
from ..signing import signature_state
from .common import show_errors
from .documents import pdf_response

SECRET_HEADERS = {
    "Cache-Control": "private, no-store",
    # Not « no-referrer »: Chromium then sends « Origin: null » with the page's own forms,
    # which CSRF protection refuses. Same-origin keeps the address from any other site.
    "Referrer-Policy": "same-origin",
    "X-Robots-Tag": "noindex",
}


def _secret(response: HttpResponse) -> HttpResponse:
    for name, value in SECRET_HEADERS.items():
        response[name] = value
    return response


def _invitation(token: str) -> SigningInvitation:
    """The invitation of a usable link (a locked one included, to say so); else 404."""
    invitation = (
        SigningInvitation.objects.for_token(token)
        .filter(
            used_at__isnull=True,
            revoked_at__isnull=True,
            declined_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .select_related(
            "contract__youth__network",
            "contract__tutor",
            "contract__proposal__solution",
            "guardian",
            "amendment",
        )
        .first()
    )
    if invitation is None:
        raise Http404
    return invitation


def _locked_page(request: HttpRequest) -> HttpResponse:
    response = render(
        request,
        "contracts/esign_message.html",
        {
            "title": "Ce lien est verrouillé",
            "message": "Un code erroné a été saisi trop de fois. Demandez au référent "
            "décrochage de l’établissement de vous envoyer un nouveau lien.",
        },
        status=403,
    )
    return _secret(response)


def esign_page(request: HttpRequest, token: str) -> HttpResponse:
    invitation = _invitation(token)
    if invitation.locked_at is not None:
        return _locked_page(request)
    code_sent = False
    form = ConfirmForm()
    if request.method == "POST":
        action = request.POST.get("action")
        form = (CodeConfirmForm if action == "sign" else ConfirmForm)(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if action == "sign":
                    services.signature_online(
                        invitation=invitation,
                        typed_name=data["full_name"],
                        accepted=data["accept"],
                        code=data.get("code", ""),
                        ip=client_ip(request),
                        user_agent=request.META.get("HTTP_USER_AGENT", ""),
                    )
                    return redirect("contracts:esign_done")
                services.code_send(
                    invitation=invitation, typed_name=data["full_name"], accepted=data["accept"]
                )
                code_sent = True
                form = CodeConfirmForm(
                    initial={"full_name": data["full_name"], "accept": data["accept"]}
                )
            except services.InvitationGone as gone:
                raise Http404 from gone
            except ValidationError as error:
                show_errors(form, error)
                invitation.refresh_from_db()
                if invitation.locked_at is not None and "code" not in form.errors:
                    return _locked_page(request)
        code_sent = code_sent or action == "sign"
    return _secret(_render(request, invitation, token, form, code_sent))


def _render(request, invitation, token, form, code_sent, decline_form=None) -> HttpResponse:
    contract = invitation.contract
    state = signature_state(contract, invitation.amendment)
    person = invitation.guardian or contract.youth
    return render(
        request,
        "contracts/esign_page.html",
        {
            "invitation": invitation,
            "contract": contract,
            "amendment": invitation.amendment,
            "solution": contract.proposal.solution,
            "state": state,
            "person": person,
            "token": token,
            "form": form,
            "decline_form": decline_form or DeclineForm(),
            "code_sent": code_sent,
            "title": f"Signer le contrat FOQUALE de {contract.youth.first_name}",
        },
    )


def esign_pdf(request: HttpRequest, token: str) -> HttpResponse:
    """The exact version to sign, as a PDF (a draft: no signature on it yet)."""
    invitation = _invitation(token)
    contract = invitation.contract
    pdf = render_contract_pdf(contract, draft=True, amendment=invitation.amendment)
    read_log_record(
        user=None,
        kind=ReadKind.CONTRACT_PDF,
        role=Role.FAMILY,
        path="/signature/…/contrat.pdf",  # the token is a secret: never written down
        object_id=contract.pk,
        youth_id=contract.youth_id,
        network=contract.youth.network,
    )
    return _secret(pdf_response(io.BytesIO(pdf), f"projet-contrat-foquale-{contract.pk}.pdf"))


@require_POST
def esign_decline(request: HttpRequest, token: str) -> HttpResponse:
    invitation = _invitation(token)
    if invitation.locked_at is not None:
        return _locked_page(request)
    form = DeclineForm(request.POST)
    if form.is_valid():
        try:
            services.invitation_decline(invitation=invitation, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            show_errors(form, error)
        else:
            return redirect("contracts:esign_declined")
    return _secret(_render(request, invitation, token, ConfirmForm(), False, decline_form=form))


def esign_done(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "contracts/esign_message.html",
        {
            "title": "Votre signature est enregistrée",
            "message": "Merci. Quand toutes les parties auront signé, vous recevrez par "
            "courriel le contrat signé (PDF) et son empreinte SHA-256.",
            "success": True,
        },
    )


def esign_declined(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "contracts/esign_message.html",
        {
            "title": "Votre refus est enregistré",
            "message": "Le référent décrochage de l’établissement en est informé et reviendra "
            "vers vous.",
        },
    )
