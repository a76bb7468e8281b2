"""Online signature, through the pages a family uses: invitation, code, signature, proof,
and every abuse answering 404 with nothing changed."""

import datetime as dt
import logging

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from contracts import services
from contracts.enums import ContractStatus, SignatoryRole, SignatureMode, SigningChannel
from contracts.models import Signature, SigningInvitation
from contracts.models.contract import terms_digest
from contracts.services.esign import truncate_ip
from foquale.outbox.models import OutboxEmail
from foquale.redact import redact

from .esign_helpers import UA, ask_code, invite, last_code, links_in_outbox, sign, sign_through

pytestmark = pytest.mark.django_db


def test_a_whole_online_signature_activates_the_contract_with_its_proof(
    client, path, minor_contract, links, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    youth = minor_contract.youth
    sophie, karim = youth.guardians.order_by("id")
    path.sign(minor_contract, SignatoryRole.TUTOR, on=timezone.localdate())
    page = client.get(links[youth.email])
    assert page.status_code == 200
    assert page["Cache-Control"] == "private, no-store"
    assert page["Referrer-Policy"] == "same-origin"
    assert "Reprendre une scolarité au micro-lycée" in page.content.decode()
    response = sign_through(client, links[youth.email], youth.email, "lea MARTIN", capture)
    assert response.status_code == 302
    response = sign_through(client, links[sophie.email], sophie.email, "Martin Sophie", capture)
    assert response.status_code == 302
    minor_contract.refresh_from_db()
    assert minor_contract.status == ContractStatus.AWAITING_SIGNATURES
    mail.outbox.clear()
    response = sign_through(client, links[karim.email], karim.email, "Karim Martin", capture)
    assert response.status_code == 302
    minor_contract.refresh_from_db()
    assert minor_contract.status == ContractStatus.ACTIVE
    signature = Signature.objects.get(contract=minor_contract, guardian=karim)
    assert signature.mode == SignatureMode.ONLINE
    assert signature.email == karim.email
    assert signature.ip_truncated == "203.0.113.0/24"
    assert signature.user_agent == UA
    assert signature.terms_sha256 == terms_digest(minor_contract)
    assert signature.signed_at is not None
    document = minor_contract.documents.get()
    family = [m for m in mail.outbox if m.subject.endswith("est signé")]
    assert {m.to[0] for m in family} == {youth.email, sophie.email, karim.email}
    assert all(document.sha256 in m.body for m in family)
    detail = client.get(links[karim.email])
    assert detail.status_code == 404  # single use


def test_the_name_must_be_the_one_in_the_contract(client, minor_contract, links):
    youth = minor_contract.youth
    response = ask_code(client, links[youth.email], "Léa Dupont")
    assert "Le nom saisi ne correspond pas à celui du contrat" in response.content.decode()
    response = ask_code(client, links[youth.email], "Léa Martin", accept=False)
    assert "Cochez la case" in response.content.decode()
    assert not OutboxEmail.objects.filter(kind="esign_code").exists()


def test_a_guardian_signs_for_themself_only(client, minor_contract, links):
    sophie, karim = minor_contract.youth.guardians.order_by("id")
    response = ask_code(client, links[sophie.email], "Karim Martin")
    assert "Le nom saisi ne correspond pas" in response.content.decode()
    assert not Signature.objects.filter(contract=minor_contract).exists()


def test_five_wrong_codes_lock_the_link_until_a_new_invitation(
    client, path, minor_contract, links, django_capture_on_commit_callbacks
):
    youth = minor_contract.youth
    link = links[youth.email]
    with django_capture_on_commit_callbacks(execute=True):
        ask_code(client, link, "Léa Martin")
    good = last_code(youth.email)
    wrong = f"{(int(good) + 1) % 10**6:06d}"
    for left in (4, 3, 2, 1):
        response = sign(client, link, "Léa Martin", wrong)
        assert f"Il vous reste {left} essai" in response.content.decode()
    response = sign(client, link, "Léa Martin", wrong)
    assert "ce lien est verrouillé" in response.content.decode()
    # Even the right code does nothing now.
    response = sign(client, link, "Léa Martin", good)
    assert response.status_code == 403
    assert not Signature.objects.filter(contract=minor_contract).exists()
    invitation = SigningInvitation.objects.get(contract=minor_contract, role="youth")
    assert invitation.locked_at is not None and invitation.failed_attempts == 5
    # The référent sends a new link: the old one is dead, the new one works.
    with django_capture_on_commit_callbacks(execute=True):
        invite(minor_contract, path.referent, keys=["youth"])
    new_links = links_in_outbox()
    assert client.get(link).status_code == 404
    assert client.get(new_links[youth.email]).status_code == 200


def test_a_code_expires_after_ten_minutes(
    client, minor_contract, links, django_capture_on_commit_callbacks
):
    youth = minor_contract.youth
    with django_capture_on_commit_callbacks(execute=True):
        ask_code(client, links[youth.email], "Léa Martin")
    code = last_code(youth.email)
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=11)):
        response = sign(client, links[youth.email], "Léa Martin", code)
    assert "Ce code n’est plus valable" in response.content.decode()
    assert not Signature.objects.exists()


def test_codes_are_stored_hashed_and_never_logged(
    client, minor_contract, links, django_capture_on_commit_callbacks, caplog
):
    youth = minor_contract.youth
    caplog.set_level(logging.DEBUG)
    with django_capture_on_commit_callbacks(execute=True):
        ask_code(client, links[youth.email], "Léa Martin")
    code = last_code(youth.email)
    invitation = SigningInvitation.objects.get(contract=minor_contract, role="youth")
    assert invitation.code_hash and code not in invitation.code_hash
    token = links[youth.email].split("/")[2]
    assert code not in caplog.text and token not in caplog.text
    # The access logs take the token out of the address.
    assert redact(f'"GET {links[youth.email]} HTTP/1.1"') == '"GET /signature/[secret]/ HTTP/1.1"'
    assert redact(f"{links[youth.email]}contrat.pdf") == "/signature/[secret]/contrat.pdf"


@pytest.mark.parametrize("change", ["expired", "altered", "used", "declined", "withdrawn"])
def test_unusable_links_answer_404_and_change_nothing(
    client, path, minor_contract, links, change, django_capture_on_commit_callbacks
):
    youth = minor_contract.youth
    link = links[youth.email]
    invitation = SigningInvitation.objects.get(contract=minor_contract, role="youth")
    now = timezone.now()
    if change == "expired":
        SigningInvitation.objects.filter(pk=invitation.pk).update(expires_at=now)
    elif change == "altered":
        link = link[:-3] + ("A" if link[-2] != "A" else "B") + "/"
    elif change == "used":
        SigningInvitation.objects.filter(pk=invitation.pk).update(used_at=now)
    elif change == "declined":
        SigningInvitation.objects.filter(pk=invitation.pk).update(declined_at=now)
    else:
        SigningInvitation.objects.filter(pk=invitation.pk).update(revoked_at=now)
    before = OutboxEmail.objects.count()
    assert client.get(link).status_code == 404
    assert client.get(f"{link}contrat.pdf").status_code == 404
    assert ask_code(client, link, "Léa Martin").status_code == 404
    assert sign(client, link, "Léa Martin", "123456").status_code == 404
    assert client.post(f"{link}refuser/", {"reason": "Non."}).status_code == 404
    assert OutboxEmail.objects.count() == before
    assert not Signature.objects.exists()


def test_another_partys_link_signs_for_that_party_only(
    client, minor_contract, links, django_capture_on_commit_callbacks
):
    """A guardian who has the young person's link cannot sign with their own name, nor
    with a code sent to their own address."""
    sophie, _ = minor_contract.youth.guardians.order_by("id")
    youth = minor_contract.youth
    response = ask_code(client, links[youth.email], "Sophie Martin")
    assert "ne correspond pas" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        ask_code(client, links[sophie.email], "Sophie Martin")
    response = sign(client, links[youth.email], "Léa Martin", last_code(sophie.email))
    assert response.status_code == 200
    assert not Signature.objects.exists()


def test_two_tabs_signing_at_once_give_one_signature(
    client, minor_contract, links, django_capture_on_commit_callbacks
):
    youth = minor_contract.youth
    with django_capture_on_commit_callbacks(execute=True):
        ask_code(client, links[youth.email], "Léa Martin")
    code = last_code(youth.email)
    first = sign(client, links[youth.email], "Léa Martin", code)
    second = sign(client, links[youth.email], "Léa Martin", code)
    assert (first.status_code, second.status_code) == (302, 404)
    assert Signature.objects.filter(contract=minor_contract, role="youth").count() == 1


def test_the_ip_is_truncated():
    assert truncate_ip("203.0.113.77") == "203.0.113.0/24"
    assert truncate_ip("2001:db8:abcd:12:1:2:3:4") == "2001:db8:abcd::/48"
    assert truncate_ip("not an address") == ""


def test_the_signing_pdf_is_the_draft_of_the_exact_version(client, minor_contract, links):
    youth = minor_contract.youth
    response = client.get(f"{links[youth.email]}contrat.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Referrer-Policy"] == "same-origin"


def test_the_signing_pages_need_no_account_and_reveal_nothing_to_a_stranger(client, db):
    token = "x" * 43
    assert client.get(reverse("contracts:esign_page", args=[token])).status_code == 404


def test_an_amendment_is_signed_online_too(client, path, django_capture_on_commit_callbacks):
    contract = path.active()
    new_end = contract.ends_on + dt.timedelta(weeks=4)
    amendment = services.amendment_create(
        contract=contract, changes="Quatre semaines de plus.", new_ends_on=new_end, by=path.referent
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.invitations_send(
            contract=contract,
            amendment=amendment,
            by=path.referent,
            channels={"youth": SigningChannel.ONLINE},
        )
    (link,) = links_in_outbox().values()
    page = client.get(link).content.decode()
    assert "Avenant n° 1" in page and "Quatre semaines de plus." in page
    assert client.get(f"{link}contrat.pdf").status_code == 200
    youth = contract.youth
    sign_through(client, link, youth.email, "Léa Martin", django_capture_on_commit_callbacks)
    client.force_login(path.tutor)
    url = reverse("contracts:amendment_sign_online", args=[contract.pk, amendment.number])
    response = client.post(url, {"full_name": path.tutor.get_full_name(), "accept": "on"})
    assert response.status_code == 302
    amendment.refresh_from_db()
    contract.refresh_from_db()
    assert amendment.signed_on == timezone.localdate() and contract.ends_on == new_end
    signature = Signature.objects.get(amendment=amendment, role=SignatoryRole.YOUTH)
    invitation = SigningInvitation.objects.get(amendment=amendment)
    assert signature.terms_sha256 == invitation.terms_sha256
    assert signature.mode == SignatureMode.ONLINE
