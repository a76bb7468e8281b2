"""Scans attached to a contract: who attaches, who downloads, what is refused."""

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.enums import ReadKind
from audit.models import ReadLog
from contracts.models import ContractAttachment
from foquale import attachments

from .utils import drain

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def upload(content: bytes, name: str = "scan.pdf", content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture
def contract(path):
    return path.active()


def attach(client, contract, content=PDF, name="scan.pdf", title="Contrat signé"):
    return client.post(
        reverse("contracts:attachment_add", args=[contract.pk]),
        {"title": title, "file": upload(content, name)},
    )


@pytest.mark.parametrize(
    ("content", "name", "kind"),
    [(PDF, "a.pdf", "application/pdf"), (PNG, "a.png", "image/png"), (JPEG, "a.jpg", "image/jpeg")],
)
def test_referent_attaches_a_scan_stored_privately(
    client, contract, path, content, name, kind, settings
):
    client.force_login(path.referent)
    response = attach(client, contract, content, name)
    assert response.status_code == 302
    attachment = ContractAttachment.objects.get()
    assert (attachment.content_type, attachment.size, attachment.uploaded_by) == (
        kind,
        len(content),
        path.referent,
    )
    # Under a random name, in the private storage, never in the public static files.
    assert "scan" not in attachment.file.name and "Martin" not in attachment.file.name
    assert storages["private"].exists(attachment.file.name)
    private_root = str(storages["private"].location)
    assert not private_root.startswith(str(settings.STATIC_ROOT))
    assert private_root != str(storages["default"].location)
    for address in (f"/{attachment.file.name}", f"/media/{attachment.file.name}"):
        assert client.get(address).status_code == 404
    page = client.get(contract.get_absolute_url()).content.decode()
    assert "Contrat signé" in page
    assert reverse("contracts:attachment_download", args=[contract.pk, attachment.pk]) in page


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"MZ\x90\x00 not a pdf", "contrat.pdf", "ni un PDF, ni une image JPEG ou PNG"),
        (b"<html><script>", "scan.png", "ni un PDF, ni une image JPEG ou PNG"),
        (b"", "vide.pdf", "Ce fichier est vide"),
    ],
)
def test_a_file_of_another_type_is_refused_by_its_content(
    client, contract, path, content, name, message
):
    client.force_login(path.referent)
    response = attach(client, contract, content, name)
    assert response.status_code == 200
    assert message in response.content.decode().replace("\xa0", " ")
    assert not ContractAttachment.objects.exists()


def test_a_file_over_ten_megabytes_is_refused(client, contract, path, settings):
    client.force_login(path.referent)
    response = attach(client, contract, PDF + b"0" * attachments.MAX_BYTES)
    assert "dépasse 10 Mo" in response.content.decode()
    assert not ContractAttachment.objects.exists()


@pytest.fixture
def scan(contract, path):
    return attachments.attachment_store(
        model=ContractAttachment,
        title="Contrat signé",
        upload=upload(PDF),
        by=path.referent,
        contract=contract,
    )


def test_who_downloads_the_scan(client, contract, scan, request, path):
    url = reverse("contracts:attachment_download", args=[contract.pk, scan.pk])
    answers = {}
    for role in (
        "outsider",
        "committee_member",
        "ien_io",
        "steering",
        "lead",
        "referent",
        "assessor",
        "tutor",
    ):
        client.force_login(request.getfixturevalue(role))
        response = client.get(url)
        answers[role] = response.status_code
        if response.status_code == 200:
            assert drain(response) == PDF
            assert response["Content-Type"] == "application/pdf"
            assert response["Content-Disposition"].startswith("attachment;")
            assert response["Cache-Control"] == "private, no-store"
    assert answers == {
        "outsider": 404,
        "committee_member": 404,
        "ien_io": 404,
        "steering": 404,
        "lead": 200,
        "referent": 200,
        "assessor": 200,
        "tutor": 200,
    }
    # Each download is in the access log, under the reader's role; refusals write nothing.
    rows = ReadLog.objects.filter(kind=ReadKind.ATTACHMENT)
    assert sorted(rows.values_list("role", flat=True)) == sorted(
        ["network_lead", "referent", "assessor", "tutor"]
    )
    assert set(rows.values_list("youth_id", flat=True)) == {contract.youth_id}


def test_anonymous_is_sent_to_log_in(client, contract, scan):
    for url in (
        reverse("contracts:attachment_download", args=[contract.pk, scan.pk]),
        reverse("contracts:attachment_add", args=[contract.pk]),
        reverse("contracts:attachment_delete", args=[contract.pk, scan.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith("/connexion/")


def test_only_referent_and_lead_attach_and_remove(client, contract, scan, request):
    for role, expected in (
        ("tutor", 403),
        ("assessor", 403),
        ("committee_member", 404),
        ("lead", 200),
    ):
        client.force_login(request.getfixturevalue(role))
        assert (
            client.get(reverse("contracts:attachment_add", args=[contract.pk])).status_code
            == expected
        )
        assert (
            client.get(
                reverse("contracts:attachment_delete", args=[contract.pk, scan.pk])
            ).status_code
            == expected
        )


def test_removal_deletes_the_file_and_keeps_a_trace(
    client, contract, scan, path, django_capture_on_commit_callbacks
):
    name = scan.file.name
    client.force_login(path.referent)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("contracts:attachment_delete", args=[contract.pk, scan.pk]))
    assert response.status_code == 302
    scan.refresh_from_db()
    assert scan.removed_by == path.referent and scan.removed_at is not None
    assert not storages["private"].exists(name)
    url = reverse("contracts:attachment_download", args=[contract.pk, scan.pk])
    assert client.get(url).status_code == 404
    page = client.get(contract.get_absolute_url()).content.decode()
    assert f"par {path.referent.get_full_name()}" in page and "Retiré le" in page


def test_contract_page_query_count_does_not_grow_with_attachments(
    client, contract, path, django_assert_max_num_queries
):
    client.force_login(path.referent)
    for index in range(6):
        attachments.attachment_store(
            model=ContractAttachment,
            title=f"Scan {index}",
            upload=upload(PDF),
            by=path.referent,
            contract=contract,
        )
    with django_assert_max_num_queries(25):
        response = client.get(contract.get_absolute_url())
    assert response.content.decode().count("Télécharger<span") == 6


def test_the_youths_file_offers_a_print_view(client, contract, path):
    client.force_login(path.referent)
    html = client.get(contract.youth.get_absolute_url()).content.decode()
    assert "data-foquale-print" in html and "foquale/print.js" in html
