"""Scans attached to a contract: the signed paper contract, an amendment signed on paper.

Read (and downloaded) by who reads the case (`contracts.perms`: the référent, the lead, the
assessors of the network, the tutor); out of scope is a 404, so the committee, the IEN-IO
and the steering committee never learn one exists. Each download writes the access log.
The référent and the lead attach and remove.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from audit.enums import ReadKind
from foquale.attachments import AttachmentForm, attachment_remove, attachment_response
from foquale.submissions.views import send_once

from .. import perms, services
from ..access_log import log_case_read
from ..models import Contract, ContractAttachment
from .common import get_contract_for_user, show_errors


def _managed(request: HttpRequest, contract_id: int) -> Contract:
    contract = get_contract_for_user(request, contract_id)
    if not perms.case_rights(request.user, contract.youth).manage:
        raise PermissionDenied(
            "Seuls le référent et le responsable du réseau joignent un document."
        )
    return contract


def _attachment(contract: Contract, attachment_id: int) -> ContractAttachment:
    return get_object_or_404(contract.attachments.present(), pk=attachment_id)


def _breadcrumb(contract: Contract, label: str) -> list:
    return [
        (str(contract.youth), contract.youth.get_absolute_url()),
        (str(contract), contract.get_absolute_url()),
        (label, None),
    ]


@login_required
@require_http_methods(["GET", "POST"])
def attachment_add(request: HttpRequest, contract_id: int) -> HttpResponse:
    contract = _managed(request, contract_id)
    form = AttachmentForm(
        request.POST or None,
        request.FILES or None,
        initial={"title": "Contrat signé (version papier numérisée)"},
    )
    if request.method == "POST" and form.is_valid():

        def store() -> str:
            services.contract_attachment_add(
                contract=contract,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
                by=request.user,
            )
            return contract.get_absolute_url() + "#pieces-jointes"

        try:
            return send_once(request, form, store, "Le document est joint au contrat.")
        except ValidationError as error:
            show_errors(form, error)
    title = "Joindre un document numérisé"
    return render(
        request,
        "contracts/attachment_form.html",
        {
            "form": form,
            "contract": contract,
            "youth": contract.youth,
            "title": title,
            "breadcrumb": _breadcrumb(contract, title),
        },
    )


@login_required
def attachment_download(request: HttpRequest, contract_id: int, attachment_id: int):
    contract = get_contract_for_user(request, contract_id)
    attachment = _attachment(contract, attachment_id)
    log_case_read(request, ReadKind.ATTACHMENT, contract.youth, object_id=contract.pk)
    return attachment_response(attachment)


@login_required
@require_http_methods(["GET", "POST"])
def attachment_delete(request: HttpRequest, contract_id: int, attachment_id: int):
    """GET asks to confirm; POST removes the file and keeps the trace (who, when)."""
    contract = _managed(request, contract_id)
    attachment = _attachment(contract, attachment_id)
    if request.method == "POST":
        try:
            attachment_remove(attachment=attachment, by=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, f"Le document « {attachment.title} » est retiré.")
        return redirect(contract.get_absolute_url() + "#pieces-jointes")
    title = f"Retirer « {attachment.title} »"
    return render(
        request,
        "contracts/attachment_delete.html",
        {
            "contract": contract,
            "attachment": attachment,
            "title": title,
            "breadcrumb": _breadcrumb(contract, title),
        },
    )
