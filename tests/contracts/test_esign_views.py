"""The référent's and the tutor's online-signature pages, and the public check of a copy:
who may open them, what they do, and their query budgets."""

import hashlib

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from contracts.enums import ContractStatus, SignatoryRole, SignatureMode, SigningChannel
from contracts.models import Signature, SigningInvitation
from tests.factories import EstablishmentFactory

from .esign_helpers import links_in_outbox
from .factories import ReferentFactory
from .utils import drain

pytestmark = pytest.mark.django_db
ROLES = ["outsider", "committee_member", "lead", "referent", "assessor", "tutor", "other_referent"]
VISIBLE = {"lead", "referent", "assessor", "tutor"}


@pytest.fixture
def other_referent(network):
    other = EstablishmentFactory(academy=network.academy)
    network.establishments.add(other)
    return ReferentFactory(establishment=other).user


@pytest.fixture
def awaiting(path):
    return path.contract(minor=True, guardians=2)


def answers(client, request, url: str) -> dict[str, int]:
    found = {}
    for role in ROLES:
        client.force_login(request.getfixturevalue(role))
        response = client.get(url)
        drain(response)
        found[role] = response.status_code
    return found


def expected(allowed: set[str]) -> dict[str, int]:
    return {role: 200 if role in allowed else 403 if role in VISIBLE else 404 for role in ROLES}


@pytest.mark.parametrize(
    ("name", "allowed"),
    [("contracts:signing_channels", {"lead", "referent"}), ("contracts:tutor_sign", {"tutor"})],
)
def test_who_opens_the_signing_pages(client, request, awaiting, name, allowed):
    url = reverse(name, args=[awaiting.pk])
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith("/connexion/")
    assert answers(client, request, url) == expected(allowed)


def test_the_referent_chooses_party_by_party(
    client, path, awaiting, django_capture_on_commit_callbacks
):
    sophie, karim = awaiting.youth.guardians.order_by("id")
    client.force_login(path.referent)
    url = reverse("contracts:signing_channels", args=[awaiting.pk])
    page = client.get(url).content.decode()
    assert "Signature en ligne" in page and "Signature sur papier" in page
    data = {
        "channel_tutor": SigningChannel.ONLINE,
        "channel_youth": SigningChannel.PAPER,
        f"channel_guardian-{sophie.pk}": SigningChannel.ONLINE,
        f"channel_guardian-{karim.pk}": SigningChannel.ONLINE,
        "submission_token": "0b6a1c1e-7c1f-4d7e-9a51-0a0f0c0d0e01",
    }
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
        again = client.post(url, data)  # a double click sends once
    assert response.status_code == 302 and again.status_code == 302
    assert set(links_in_outbox()) == {sophie.email, karim.email}
    tutor_mail = [m for m in mail.outbox if m.to == [path.tutor.email]]
    assert len(tutor_mail) == 1
    assert reverse("contracts:tutor_sign", args=[awaiting.pk]) in tutor_mail[0].body
    assert SigningInvitation.objects.filter(contract=awaiting).count() == 2
    page = client.get(awaiting.get_absolute_url()).content.decode()
    assert "Lien envoyé le" in page and "en attente" in page


def test_a_party_without_address_cannot_be_online(client, path, awaiting):
    sophie = awaiting.youth.guardians.order_by("id").first()
    sophie.email = ""
    sophie.save()
    client.force_login(path.referent)
    url = reverse("contracts:signing_channels", args=[awaiting.pk])
    _, karim = awaiting.youth.guardians.order_by("id")
    response = client.post(
        url,
        {
            "channel_tutor": SigningChannel.PAPER,
            "channel_youth": SigningChannel.PAPER,
            f"channel_guardian-{sophie.pk}": SigningChannel.ONLINE,
            f"channel_guardian-{karim.pk}": SigningChannel.ONLINE,
        },
    )
    assert response.status_code == 200
    assert "n’a pas d’adresse électronique au dossier" in response.content.decode()
    assert not SigningInvitation.objects.exists()


def test_the_tutor_signs_logged_in_without_a_code(client, path, awaiting):
    client.force_login(path.tutor)
    url = reverse("contracts:tutor_sign", args=[awaiting.pk])
    name = path.tutor.get_full_name()
    response = client.post(url, {"full_name": "Quelqu’un d’autre", "accept": "on"})
    assert "Le nom saisi ne correspond pas" in response.content.decode()
    response = client.post(url, {"full_name": name}, REMOTE_ADDR="2001:db8:1:2::9")
    assert "Cochez la case" in response.content.decode()
    assert not Signature.objects.exists()
    response = client.post(
        url, {"full_name": name.upper(), "accept": "on"}, REMOTE_ADDR="2001:db8:1:2::9"
    )
    assert response.status_code == 302
    signature = Signature.objects.get(contract=awaiting, role=SignatoryRole.TUTOR)
    assert signature.mode == SignatureMode.ONLINE
    assert signature.ip_truncated == "2001:db8:1::/48"
    assert signature.email == path.tutor.email
    # Signed: the page sends back to the contract, which still shows the signature.
    assert client.get(url).status_code == 302
    assert (
        "Signature en ligne sur FOQUALE" in client.get(awaiting.get_absolute_url()).content.decode()
    )


def test_a_stale_page_does_not_sign_a_changed_text(client, path, awaiting):
    client.force_login(path.tutor)
    url = reverse("contracts:tutor_sign", args=[awaiting.pk])
    response = client.post(
        url,
        {"full_name": path.tutor.get_full_name(), "accept": "on", "seen_sha256": "0" * 64},
    )
    assert "Le texte du contrat a changé" in response.content.decode()
    assert not Signature.objects.exists()


def test_the_paper_form_starts_on_the_first_party_still_to_sign(client, path, awaiting):
    path.sign(awaiting, SignatoryRole.TUTOR, on=timezone.localdate())
    client.force_login(path.referent)
    page = client.get(reverse("contracts:signature_create", args=[awaiting.pk])).content.decode()
    assert '<option value="youth" selected>' in page
    assert '<option value="tutor" selected>' not in page
    # The référent cannot pretend a signature was given online.
    assert 'value="online"' not in page


def test_signatures_remain_visible_on_an_active_contract(client, path):
    contract = path.active()
    client.force_login(path.referent)
    page = client.get(contract.get_absolute_url()).content.decode()
    assert "Signatures du contrat" in page
    assert page.count("Signé le") >= 2


def test_contract_page_budget_does_not_grow_with_invitations(
    client, path, awaiting, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    client.force_login(path.referent)
    url = awaiting.get_absolute_url()
    drain(client.get(url))
    with django_assert_max_num_queries(30) as before:
        drain(client.get(url))
    guardians = list(awaiting.youth.guardians.all())
    from contracts import services

    services.invitations_send(
        contract=awaiting,
        by=path.referent,
        channels={
            "youth": SigningChannel.ONLINE,
            **{f"guardian-{g.pk}": SigningChannel.ONLINE for g in guardians},
        },
    )
    with django_assert_max_num_queries(len(before.captured_queries)):
        drain(client.get(url))


def test_verify_recognises_an_issued_pdf_and_refuses_a_changed_byte(client, path):
    contract = path.active()
    document = contract.documents.get()
    with document.pdf.open("rb") as handle:
        pdf = handle.read()
    url = reverse("contracts:contract_verify")
    assert client.get(url).status_code == 200
    response = client.post(url, {"document": SimpleUploadedFile("c.pdf", pdf)})
    page = response.content.decode()
    assert "Document authentique" in page
    assert f"contrat FOQUALE n° {contract.pk}, version 1" in page
    youth = contract.youth
    assert youth.last_name.upper() not in page.upper().replace("FOQUALE", "")
    assert youth.first_name not in page
    changed = bytearray(pdf)
    changed[len(changed) // 2] ^= 0x01
    response = client.post(url, {"document": SimpleUploadedFile("c.pdf", bytes(changed))})
    assert "Document inconnu" in response.content.decode()
    response = client.post(url, {"sha256": document.sha256.upper()})
    assert "Document authentique" in response.content.decode()
    response = client.post(url, {"sha256": "pas une empreinte"})
    assert "64 caractères" in response.content.decode()
    response = client.post(url, {})
    assert "Choisissez un fichier PDF" in response.content.decode()


def test_verify_refuses_large_files_and_floods(client, settings, db):
    url = reverse("contracts:contract_verify")
    # Just over: refused by the form; far over: refused before the body is read.
    over = SimpleUploadedFile("over.pdf", b"%PDF" + b"0" * (10 * 1024 * 1024))
    response = client.post(url, {"document": over})
    assert response.status_code == 200
    assert "dépasse 10 Mo" in response.content.decode()
    big = SimpleUploadedFile("big.pdf", b"%PDF" + b"0" * (11 * 1024 * 1024))
    response = client.post(url, {"document": big})
    assert response.status_code == 413
    assert "dépasse 10 Mo" in response.content.decode()
    settings.VERIFY_PER_ADDRESS = 3  # the first request above counted
    digest = hashlib.sha256(b"x").hexdigest()
    codes = [client.post(url, {"sha256": digest}).status_code for _ in range(3)]
    assert codes == [200, 200, 429]


def test_the_demo_has_a_contract_waiting_for_a_guardian_online(db):
    from contracts.demo import seed_paths
    from networks.demo import seed_organisation
    from referents.demo import seed_actors

    network = seed_organisation()["networks"][0]
    seed_actors(network)
    seed_paths(network)
    waiting = SigningInvitation.objects.pending().filter(role=SignatoryRole.GUARDIAN)
    assert waiting.count() >= 1
    assert waiting.first().contract.status == ContractStatus.AWAITING_SIGNATURES
