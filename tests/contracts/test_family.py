import datetime as dt
import hashlib
import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from contracts import services
from contracts.models import FamilyLink
from foquale.outbox.models import EmailStatus, OutboxEmail

from .utils import drain

pytestmark = pytest.mark.django_db
TOKEN = re.compile(r"/famille/([A-Za-z0-9_-]{20,})/")


def status(client, url: str) -> int:
    response = client.get(url)
    drain(response)
    return response.status_code


def token_of(message) -> str:
    return TOKEN.search(message.body).group(1)


def test_signed_contract_is_emailed_to_the_youth_and_each_guardian(
    path, django_capture_on_commit_callbacks
):
    contract = path.contract(minor=True, guardians=3)
    youth = contract.youth
    first, second, silent = youth.guardians.order_by("id")
    silent.email = ""
    silent.save()
    with django_capture_on_commit_callbacks(execute=True):
        path.active(contract)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([youth.email, first.email, second.email])
    document = contract.documents.get()
    for message in mail.outbox:
        assert len(message.to) == 1  # nobody sees another's address
        if message.to == [youth.email]:  # the young person is spoken to, not about
            assert message.subject == "Votre contrat FOQUALE est signé"
            assert "Votre contrat FOQUALE a été signé" in message.body
            assert f"FOQUALE de {youth.first_name}" not in message.body
        else:
            assert message.subject == f"Le contrat FOQUALE de {youth.first_name} est signé"
            assert f"Le contrat FOQUALE de {youth.first_name} a été signé" in message.body
        ((name, content, mimetype),) = message.attachments
        assert name == f"contrat-foquale-{contract.pk}-v1.pdf"
        assert mimetype == "application/pdf"
        assert hashlib.sha256(content).hexdigest() == document.sha256
        assert document.sha256 in message.body
        assert "Ne transmettez pas ce lien" in message.body
        html = message.alternatives[0][0]
        assert "Consulter le contrat signé" in html
    assert OutboxEmail.objects.filter(kind="family_contract", status=EmailStatus.SENT).count() == 3
    assert FamilyLink.objects.filter(document=document).count() == 3
    assert set(FamilyLink.objects.values_list("guardian", flat=True)) == {None, first.pk, second.pk}


def test_guardians_of_an_adult_receive_nothing(path, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        contract = path.active(guardians=1)
    assert [m.to for m in mail.outbox] == [[contract.youth.email]]


def test_no_address_no_email(path, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        contract = path.active(email="")
    assert mail.outbox == []
    assert not FamilyLink.objects.exists()
    assert services.family_send(document=contract.documents.get()) == 0


@pytest.fixture
def family_link(path, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        contract = path.active()
    return contract, token_of(mail.outbox[0])


def test_family_link_opens_the_document_without_an_account(client, family_link):
    contract, token = family_link
    document = contract.documents.get()
    page = client.get(reverse("contracts:family_document", args=[token]))
    assert page.status_code == 200
    assert f"Le contrat FOQUALE de {contract.youth.first_name}" in page.content.decode()
    assert page["Cache-Control"] == "private, no-store"
    response = client.get(reverse("contracts:family_pdf", args=[token]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    body = drain(response)
    assert hashlib.sha256(body).hexdigest() == document.sha256
    link = FamilyLink.objects.get()
    assert link.open_count == 1
    assert link.last_opened_at is not None


@pytest.mark.parametrize("view", ["contracts:family_document", "contracts:family_pdf"])
def test_altered_family_link_is_404(client, family_link, view):
    _, token = family_link
    altered = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert status(client, reverse(view, args=[altered])) == 404
    assert status(client, reverse(view, args=[token[:-3]])) == 404
    assert status(client, reverse(view, args=[token])) == 200


@pytest.mark.parametrize("view", ["contracts:family_document", "contracts:family_pdf"])
def test_family_link_expires(client, family_link, view, settings):
    _, token = family_link
    url = reverse(view, args=[token])
    now = timezone.now()
    with time_machine.travel(now + dt.timedelta(days=settings.FAMILY_LINK_DAYS, hours=-1)):
        assert status(client, url) == 200
    with time_machine.travel(now + dt.timedelta(days=settings.FAMILY_LINK_DAYS, hours=1)):
        assert status(client, url) == 404


def test_link_lifetime_follows_the_setting(path, settings, django_capture_on_commit_callbacks):
    settings.FAMILY_LINK_DAYS = 7
    with django_capture_on_commit_callbacks(execute=True):
        path.active()
    link = FamilyLink.objects.get()
    assert dt.timedelta(days=6, hours=23) < link.expires_at - timezone.now() <= dt.timedelta(days=7)
    assert f"jusqu’au {link.expires_at:%d/%m/%Y}" in mail.outbox[0].body


def test_only_the_token_hash_is_stored(family_link):
    _, token = family_link
    link = FamilyLink.objects.get()
    assert token not in link.token_hash
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()


def test_the_sent_family_email_keeps_no_link(family_link):
    """The link lives in the family's mailbox only: the outbox row keeps who, what, when."""
    contract, token = family_link
    row = OutboxEmail.objects.get(kind="family_contract")
    assert (row.status, row.to) == (EmailStatus.SENT, [contract.youth.email])
    assert row.subject == "Votre contrat FOQUALE est signé"
    assert row.created_at and row.sent_at
    assert token not in row.body_text + row.body_html
    assert "/famille/" not in row.body_text + row.body_html


def test_resend_gives_a_fresh_link_and_keeps_the_old_one(
    path, family_link, django_capture_on_commit_callbacks
):
    contract, first_token = family_link
    with django_capture_on_commit_callbacks(execute=True):
        assert services.family_send(document=contract.documents.get()) == 1
    second_token = token_of(mail.outbox[-1])
    assert second_token != first_token
    assert FamilyLink.objects.count() == 2


def test_family_email_names_the_contacts_and_summarises_the_contract(
    path, django_capture_on_commit_callbacks
):
    contract = path.contract(minor=True, guardians=1)
    with django_capture_on_commit_callbacks(execute=True):
        path.active(contract)
    contract.refresh_from_db()
    tutor, referent = contract.tutor, path.referent
    for message in mail.outbox:
        for text in (message.body, message.alternatives[0][0]):
            assert tutor.get_full_name() in text and tutor.email in text
            assert referent.get_full_name() in text and referent.email in text
            assert str(contract.proposal) in text
            assert f"{contract.starts_on:%d/%m/%Y} au {contract.ends_on:%d/%m/%Y}" in text
            assert "Prochain bilan de situation : le " in text
        assert "adressez-vous au tuteur ou au référent" not in message.body
    to_youth = next(m for m in mail.outbox if m.to == [contract.youth.email])
    assert "votre tuteur" in to_youth.body


def test_family_page_shows_contacts_summary_and_no_log_in(client, family_link, path):
    contract, token = family_link
    contract.refresh_from_db()
    page = client.get(reverse("contracts:family_document", args=[token])).content.decode()
    assert "Se connecter" not in page
    assert contract.tutor.email in page and contract.tutor.get_full_name() in page
    assert path.referent.email in page and path.referent.get_full_name() in page
    assert "Prochain bilan de situation" in page
    assert f"{contract.next_review_on:%d}" in page
    assert str(contract.proposal) in page


def test_family_title_elides_before_a_vowel(path, django_capture_on_commit_callbacks):
    contract = path.contract(minor=True, guardians=1, first_name="Inès")
    with django_capture_on_commit_callbacks(execute=True):
        path.active(contract)
    guardian_mail = next(m for m in mail.outbox if m.to != [contract.youth.email])
    assert guardian_mail.subject == "Le contrat FOQUALE d’Inès est signé"
    assert "de Inès" not in guardian_mail.body
