"""« Vérifier un contrat » (public): is this copy a contract the académie issued, and which
version? From the file's SHA-256: nothing about the people in it is shown."""

import hashlib

from django.conf import settings
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from foquale.accounts.security import Throttle, client_ip

from ..forms.esign import VERIFY_MAX_BYTES, VerifyForm
from ..models import ContractDocument

# Checks from one address in an hour: enough for a desk, not for a scan of the table.
VERIFY_PER_ADDRESS = Throttle("verify-ip", "VERIFY_PER_ADDRESS")
# The multipart envelope around the file.
ENVELOPE_BYTES = 64 * 1024


def _digest(upload) -> str:
    sha = hashlib.sha256()
    for chunk in upload.chunks():
        sha.update(chunk)
    return sha.hexdigest()


def _result(digest: str) -> dict:
    document = (
        ContractDocument.objects.filter(sha256=digest)
        .select_related("contract__youth__network__academy", "amendment")
        .only(
            "version",
            "created_at",
            "amendment__number",
            "contract__id",
            "contract__youth__network__academy__name",
        )
        .first()
    )
    if document is None:
        return {"found": False, "digest": digest}
    latest = ContractDocument.objects.filter(contract_id=document.contract_id).aggregate(
        latest=Max("version")
    )["latest"]
    return {
        "found": True,
        "digest": digest,
        "document": document,
        "academy": document.contract.youth.network.academy.name,
        "latest": latest,
    }


def contract_verify(request: HttpRequest) -> HttpResponse:
    form = VerifyForm()
    result = refusal = None
    status = 200
    if request.method == "POST":
        ip = client_ip(request)
        if VERIFY_PER_ADDRESS.exceeded(ip):
            refusal = "Trop de vérifications depuis votre adresse : réessayez dans une heure."
            status = 429
        elif int(request.META.get("CONTENT_LENGTH") or 0) > VERIFY_MAX_BYTES + ENVELOPE_BYTES:
            # Refused before Django reads the body: a large upload costs nothing.
            refusal = "Ce fichier dépasse 10 Mo : ce n’est pas un contrat FOQUALE."
            status = 413
        else:
            VERIFY_PER_ADDRESS.hit(ip)
            form = VerifyForm(request.POST, request.FILES)
            if form.is_valid():
                upload = form.cleaned_data["document"]
                result = _result(_digest(upload) if upload else form.cleaned_data["sha256"])
    return render(
        request,
        "contracts/verify.html",
        {
            "form": form,
            "result": result,
            "refusal": refusal,
            "title": "Vérifier un contrat FOQUALE",
            "limit": settings.VERIFY_PER_ADDRESS,
        },
        status=status,
    )
