"""The family's access, without an account: one document, through an expiring link."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from audit.enums import ReadKind, Role
from audit.services import read_log_record

from .. import services
from ..family import family_summary
from ..models import FamilyLink
from ..services.documents import document_filename
from .documents import pdf_response


def _valid_link(token: str) -> FamilyLink:
    """An altered, unknown or expired token gives the same 404: nothing tells them apart."""
    link = (
        FamilyLink.objects.valid()
        .for_token(token)
        .select_related(
            "document__contract__youth__network",
            "document__contract__youth__establishment",
            "document__contract__tutor",
            "document__contract__proposal__solution",
        )
        .first()
    )
    if link is None:
        raise Http404
    return link


def family_document(request: HttpRequest, token: str) -> HttpResponse:
    link = _valid_link(token)
    document = link.document
    response = render(
        request,
        "contracts/family_document.html",
        {
            "link": link,
            "document": document,
            "contract": document.contract,
            "youth_first_name": document.contract.youth.first_name,
            "token": token,
            "summary": family_summary(document.contract),
            "title": "Votre contrat FOQUALE",
            # No account: the header offers no log-in to the family.
            "without_account": True,
        },
    )
    # The address is a secret: keep it out of caches and of the referrer of outgoing links.
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response


def family_pdf(request: HttpRequest, token: str) -> HttpResponse:
    link = _valid_link(token)
    services.family_link_opened(link=link)
    contract = link.document.contract
    read_log_record(
        user=None,
        kind=ReadKind.CONTRACT_PDF,
        role=Role.FAMILY,
        path="/famille/…/contrat.pdf",  # the token is a secret: never written down
        object_id=contract.pk,
        youth_id=contract.youth_id,
        network=contract.youth.network,
    )
    response = pdf_response(link.document.pdf.open("rb"), document_filename(link.document))
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response
