"""Right of access: the lead (or the académie's DPO) downloads one young person's data as
a ZIP; the download is itself logged."""

import io
import json
import zipfile

import pytest
from django.core import mail
from django.urls import reverse

from audit.enums import ReadKind, Role
from audit.models import ReadLog
from contracts.services.documents import document_filename
from tests.audit.factories import DataProtectionOfficerFactory

from .test_family import token_of
from .utils import drain

pytestmark = pytest.mark.django_db

JSON_KEYS = {
    "generated_at",
    "youth",
    "guardians",
    "step_log",
    "assessments",
    "proposals",
    "transfers",
    "contracts",
    "signatures",
    "amendments",
    "contract_documents",
    "situation_reviews",
    "reminders",
    "family_links",
    "read_log",
}


@pytest.fixture
def dpo(network):
    return DataProtectionOfficerFactory(academy=network.academy).user


@pytest.fixture
def other_dpo(db):
    return DataProtectionOfficerFactory().user


@pytest.fixture
def contract(path, django_capture_on_commit_callbacks):
    """A minor's active contract, sent to the family (family links exist)."""
    with django_capture_on_commit_callbacks(execute=True):
        contract = path.active(minor=True, guardians=1)
    return contract


def export_url(youth) -> str:
    return reverse("contracts:youth_data_export", args=[youth.pk])


def test_anonymous_is_sent_to_login(client, contract):
    response = client.get(export_url(contract.youth))
    assert response.status_code == 302
    assert response.url.startswith("/connexion/")


def test_only_the_lead_and_the_dpo_download(client, contract, request):
    roles = ["outsider", "committee_member", "steering", "other_dpo"]
    roles += ["referent", "assessor", "tutor", "lead", "dpo"]
    answers = {}
    for role in roles:
        client.force_login(request.getfixturevalue(role))
        response = client.get(export_url(contract.youth))
        drain(response)
        answers[role] = response.status_code
    assert answers == {
        "outsider": 404,
        "committee_member": 404,
        "steering": 404,
        "other_dpo": 404,
        # They see the file, but the right of access is answered by the lead or the DPO.
        "referent": 403,
        "assessor": 403,
        "tutor": 403,
        "lead": 200,
        "dpo": 200,
    }
    assert set(
        ReadLog.objects.filter(kind=ReadKind.ACCESS_EXPORT).values_list("role", flat=True)
    ) == {Role.LEAD, Role.DPO}


def test_the_youths_page_links_to_the_download_for_the_lead_only(client, contract, lead, referent):
    url = reverse("contracts:youth_detail", args=[contract.youth_id])
    client.force_login(lead)
    assert export_url(contract.youth) in client.get(url).content.decode()
    client.force_login(referent)
    assert export_url(contract.youth) not in client.get(url).content.decode()


def test_the_zip_holds_the_summary_every_record_the_contracts_and_the_read_log(
    client, contract, lead, dpo, referent
):
    youth = contract.youth
    token = token_of(mail.outbox[0])
    client.force_login(referent)
    client.get(reverse("contracts:youth_detail", args=[youth.pk]))
    client.force_login(dpo)
    response = client.get(export_url(youth))
    assert response["Content-Type"] == "application/zip"
    assert response["Cache-Control"] == "private, no-store"
    assert f"donnees-jeune-{youth.pk}-" in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    document = contract.documents.get()
    assert set(archive.namelist()) == {
        "synthese.pdf",
        "donnees.json",
        "journal-des-acces.csv",
        f"contrats/{document_filename(document)}",
    }
    assert archive.read("synthese.pdf").startswith(b"%PDF")
    with document.pdf.open("rb") as stored:
        assert archive.read(f"contrats/{document_filename(document)}") == stored.read()
    data = json.loads(archive.read("donnees.json"))
    assert set(data) == JSON_KEYS
    assert data["youth"]["id"] == youth.pk and data["youth"]["last_name"] == youth.last_name
    assert [g["first_name"] for g in data["guardians"]] == ["Sophie"]
    assert [c["id"] for c in data["contracts"]] == [contract.pk]
    assert len(data["signatures"]) == 3 and len(data["step_log"]) >= 4
    assert data["family_links"] and "token_hash" not in data["family_links"][0]
    assert token not in archive.read("donnees.json").decode()
    # The referent's read, then this download itself.
    assert [(r["role"], r["kind"]) for r in data["read_log"]] == [
        ("Référent décrochage", "Dossier du jeune"),
        ("Délégué à la protection des données", "Données du jeune (droit d’accès)"),
    ]
    log_csv = archive.read("journal-des-acces.csv").decode()
    assert "Référent décrochage" in log_csv and "Dossier du jeune" in log_csv
    row = ReadLog.objects.get(kind=ReadKind.ACCESS_EXPORT)
    assert (row.user, row.role, row.youth_id) == (dpo, Role.DPO, youth.pk)


def test_the_dpo_reaches_the_download_from_the_log(client, contract, dpo):
    client.force_login(dpo)
    page = client.get(reverse("contracts:read_log"), {"jeune": contract.youth.last_name})
    assert export_url(contract.youth) in page.content.decode()
