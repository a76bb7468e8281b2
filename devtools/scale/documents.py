"""The stored signed version the benchmark serves (`contracts:document_pdf`).

The scale data is written by COPY and holds no PDF; a signed version is rendered once,
when the last party signs, and served from storage afterwards. This stores that version
for one signed contract (running or ended) of the bench tutor, as `document_issue` would, without sending
anything to the family. Idempotent.
"""

import hashlib

from django.core.files.base import ContentFile

from contracts.enums import ContractStatus
from contracts.models import Contract, ContractDocument
from contracts.pdf import render_contract_pdf
from contracts.services.documents import document_filename
from foquale.accounts.models import User


def bench_signed_document(tutor: User) -> ContractDocument | None:
    """The first stored version of the tutor's signed contracts, stored if none is."""
    existing = (
        ContractDocument.objects.filter(contract__tutor=tutor)
        .order_by("contract_id", "version")
        .first()
    )
    if existing is not None:
        return existing
    contract = (
        Contract.objects.filter(tutor=tutor, activated_on__isnull=False)
        .exclude(status=ContractStatus.AWAITING_SIGNATURES)
        .order_by("id")
        .first()
    )
    if contract is None:
        return None
    document = ContractDocument(contract=contract, version=1)
    pdf = render_contract_pdf(contract, version=1)
    document.sha256 = hashlib.sha256(pdf).hexdigest()
    document.pdf.save(document_filename(document), ContentFile(pdf), save=False)
    document.save()
    return document
