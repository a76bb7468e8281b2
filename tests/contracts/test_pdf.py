import datetime as dt
import hashlib
import io

import pytest
from pypdf import PdfReader

from contracts import services
from contracts.enums import SignatoryRole
from contracts.models import ContractDocument
from contracts.pdf import contract_calendar, render_contract_pdf, review_calendar

from .conftest import days_ago

pytestmark = pytest.mark.django_db


def read(document: ContractDocument) -> bytes:
    with document.pdf.open("rb") as handle:
        return handle.read()


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_review_calendar_follows_the_rhythm_until_the_end():
    start = dt.date(2026, 9, 7)
    assert review_calendar(start, 4, dt.date(2026, 11, 30)) == [
        dt.date(2026, 9, 7),
        dt.date(2026, 10, 5),
        dt.date(2026, 11, 2),
        dt.date(2026, 11, 30),
    ]
    assert review_calendar(start, 4, dt.date(2026, 9, 6)) == []


def test_activation_stores_the_signed_pdf_with_its_hash(path):
    contract = path.active(minor=True, first_name="Zoé", last_name="Müller")
    document = ContractDocument.objects.get(contract=contract)
    data = read(document)
    assert data.startswith(b"%PDF")
    assert document.version == 1
    assert document.sha256 == hashlib.sha256(data).hexdigest()
    text = pdf_text(data)
    guardian = contract.youth.guardians.get()
    for expected in [
        "Contrat FOQUALE",
        f"Contrat n° {contract.pk}, version 1",
        "Zoé MÜLLER",
        f"né(e) le {contract.youth.birth_date:%d/%m/%Y}",
        f"{guardian.first_name} {guardian.last_name.upper()}",
        path.tutor.get_full_name(),
        path.establishment.name,
        path.solution.title,
        "Reprendre une scolarité au micro-lycée et préparer un CAP.",
        "Être assidue et venir aux bilans.",
        "Toutes les 4 semaines",
        f"Signé le {days_ago(20):%d/%m/%Y}",
        "Signature manuscrite sur papier",
        "Page 1 sur",
    ]:
        assert expected in text, expected
    for day in contract_calendar(contract):
        assert f"{day:%d/%m/%Y}" in text
    assert f"{contract.starts_on + dt.timedelta(weeks=4):%d/%m/%Y}" in text


def test_adult_contract_has_no_guardian_block(path):
    contract = path.active()
    text = pdf_text(read(contract.documents.get()))
    assert "Représentant légal" not in text
    assert "Tuteur" in text and "Jeune" in text


def test_draft_is_marked_and_left_blank_for_signatures(path):
    contract = path.contract()
    text = pdf_text(render_contract_pdf(contract, draft=True))
    assert "Projet à signer par les parties" in text
    assert "Signature :" in text
    assert not contract.documents.exists()


def test_signed_amendment_issues_version_two_with_new_terms(path):
    contract = path.active()
    new_end = contract.ends_on + dt.timedelta(weeks=8)
    amendment = services.amendment_create(
        contract=contract,
        changes="Prolongation pour préparer l’examen.",
        new_ends_on=new_end,
        new_review_every_weeks=2,
        by=path.referent,
    )
    path.sign(contract, SignatoryRole.TUTOR, amendment=amendment, on=days_ago(1))
    path.sign(contract, SignatoryRole.YOUTH, amendment=amendment, on=days_ago(1))
    document = contract.documents.get(version=2)
    assert document.amendment == amendment
    text = pdf_text(read(document))
    assert "intégrant l’avenant n° 1" in text
    assert "Prolongation pour préparer l’examen." in text
    assert f"Nouvelle fin du parcours : {new_end.day}" in text
    assert "toutes les 2 semaines" in text
    # The first version is kept as it was signed.
    assert "avenant" not in pdf_text(read(contract.documents.get(version=1))).lower()


def test_page_margins_carry_the_reference_and_the_issuer(path):
    path.network.name = "Réseau d'Aix & Pays d’Arles"
    path.network.save()
    contract = path.active()
    signed = pdf_text(read(contract.documents.get()))
    assert f"Contrat FOQUALE n° {contract.pk} — version signée 1" in signed
    assert "Réseau d'Aix & Pays d’Arles" in signed  # the issuer, not its HTML escape
    assert "&#x27;" not in signed and "&amp;" not in signed
    draft = pdf_text(render_contract_pdf(path.contract(), draft=True))
    assert "— projet non signé" in draft
