"""Signed versions as PDF, and their delivery to the family (e-mail and expiring link)."""

import datetime as dt
import hashlib

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone

from foquale.attachments import attachment_store
from foquale.outbox.services import email_queue

from ..family import family_summary
from ..models import Amendment, Contract, ContractAttachment, ContractDocument, FamilyLink, Guardian
from ..models.family import hash_token
from ..pdf import render_contract_pdf


def document_filename(document: ContractDocument) -> str:
    # No name in the file name: it travels in mail headers and download folders.
    return f"contrat-foquale-{document.contract_id}-v{document.version}.pdf"


@transaction.atomic
def document_issue(*, contract: Contract, amendment: Amendment | None = None) -> ContractDocument:
    """Render the signed version, store it with its SHA-256, and send it to the family."""
    last = contract.documents.aggregate(last=Max("version"))["last"] or 0
    document = ContractDocument(contract=contract, amendment=amendment, version=last + 1)
    pdf = render_contract_pdf(contract, version=document.version, amendment=amendment)
    document.sha256 = hashlib.sha256(pdf).hexdigest()
    document.pdf.save(document_filename(document), ContentFile(pdf), save=False)
    document.save()
    family_send(document=document, pdf=pdf)
    return document


def family_recipients(document: ContractDocument) -> list[tuple[Guardian | None, str, str]]:
    """(guardian or None for the young person, name, address) of those who receive a signed
    version: the young person, and the legal guardians when they were parties to it (the
    young person a minor on the signing date): an adult's contract is theirs alone."""
    contract = document.contract
    youth = contract.youth
    signed_on = document.amendment.signed_on if document.amendment_id else contract.activated_on
    recipients: list[tuple[Guardian | None, str, str]] = []
    if youth.email:
        recipients.append((None, youth.first_name, youth.email))
    if signed_on and youth.is_minor_on(signed_on):
        for guardian in youth.guardians.exclude(email=""):
            recipients.append(
                (guardian, f"{guardian.first_name} {guardian.last_name}", guardian.email)
            )
    return recipients


def family_link_create(
    *, document: ContractDocument, guardian: Guardian | None = None
) -> tuple[FamilyLink, str]:
    """A new link to one document; the clear token is returned once and never stored."""
    token = FamilyLink.new_token()
    link = FamilyLink.objects.create(
        document=document,
        guardian=guardian,
        token_hash=hash_token(token),
        expires_at=timezone.now() + dt.timedelta(days=settings.FAMILY_LINK_DAYS),
    )
    return link, token


@transaction.atomic
def family_send(*, document: ContractDocument, pdf: bytes | None = None) -> int:
    """E-mail the PDF and a fresh personal link to each recipient with an address; one
    message each, so that no one sees another's address. Returns the number of e-mails."""
    if pdf is None:
        with document.pdf.open("rb") as handle:
            pdf = handle.read()
    contract = document.contract
    # The links sent before stop working: only the latest e-mail opens the document.
    FamilyLink.objects.filter(document=document, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    summary = family_summary(contract)
    sent = 0
    for guardian, name, address in family_recipients(document):
        link, token = family_link_create(document=document, guardian=guardian)
        email_queue(
            kind="family_contract",
            to=[address],
            template="contracts/emails/family_contract",
            context={
                "name": name,
                "to_youth": guardian is None,
                "summary": summary,
                "youth_first_name": contract.youth.first_name,
                "contract": contract,
                "document": document,
                "amendment": document.amendment,
                "link_url": settings.SITE_URL + reverse("contracts:family_document", args=[token]),
                "expires_at": link.expires_at,
            },
            dedupe_key=f"family-link:{link.pk}",
            attachment=pdf,
            attachment_name=document_filename(document),
            secret_body=True,
        )
        sent += 1
    return sent


def family_link_opened(*, link: FamilyLink) -> None:
    FamilyLink.objects.filter(pk=link.pk).update(
        open_count=F("open_count") + 1, last_opened_at=timezone.now()
    )


def contract_attachment_add(*, contract: Contract, title: str, upload, by) -> ContractAttachment:
    """Attach a scan (the signed paper contract…) to a contract; type and size checked."""
    return attachment_store(
        model=ContractAttachment, title=title, upload=upload, by=by, contract=contract
    )
