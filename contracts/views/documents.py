"""The contract's PDF versions: the draft to sign, the signed versions, and their sending
to the family."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from audit.enums import ReadKind
from foquale.submissions.forms import TOKEN_FIELD, TokenField
from foquale.submissions.services import submission_run
from foquale.submissions.views import ALREADY_SENT

from .. import services
from ..access_log import log_case_read
from ..enums import ContractStatus
from ..models import ContractDocument
from ..pdf import draft_contract_pdf
from ..services.documents import document_filename
from .common import get_contract_for_user, get_managed_contract


def pdf_response(content, filename: str) -> FileResponse:
    response = FileResponse(content, content_type="application/pdf", filename=filename)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def document_pdf(request: HttpRequest, contract_id: int, version: int) -> HttpResponse:
    contract = get_contract_for_user(request, contract_id, related=("youth__network",))
    document = get_object_or_404(ContractDocument, contract=contract, version=version)
    log_case_read(request, ReadKind.CONTRACT_PDF, contract.youth, object_id=contract.pk)
    return pdf_response(document.pdf.open("rb"), document_filename(document))


@login_required
def contract_draft_pdf(request: HttpRequest, contract_id: int) -> HttpResponse:
    contract = get_contract_for_user(request, contract_id, related=("youth__network",))
    if contract.status != ContractStatus.AWAITING_SIGNATURES:
        raise Http404
    pdf = draft_contract_pdf(contract)
    log_case_read(request, ReadKind.CONTRACT_PDF, contract.youth, object_id=contract.pk)
    return pdf_response(io.BytesIO(pdf), f"projet-contrat-foquale-{contract.pk}.pdf")


@login_required
@require_POST
def document_send(request: HttpRequest, contract_id: int, version: int) -> HttpResponse:
    contract = get_managed_contract(request, contract_id)
    document = get_object_or_404(ContractDocument, contract=contract, version=version)
    token = TokenField(required=False).clean(request.POST.get(TOKEN_FIELD))
    counts = []

    def send() -> str:
        counts.append(services.family_send(document=document))
        return contract.get_absolute_url()

    _, first = submission_run(user=request.user, token=token, action=send)
    if not first:
        messages.info(request, ALREADY_SENT)
        return redirect(contract)
    sent = counts[0]
    if sent:
        messages.success(
            request,
            f"Version {document.version} envoyée : {sent} courriel(s) avec un nouveau lien "
            "personnel.",
        )
    else:
        messages.warning(
            request,
            "Aucune adresse électronique au dossier : remettez le document en main propre.",
        )
    return redirect(contract)
