"""The life of the signing invitations: who receives them, declining, withdrawal when
the text changes, reminders, paper instead, and one live link per party."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from contracts import services
from contracts.enums import SignatoryRole, SigningChannel
from contracts.models import Signature, SigningInvitation
from contracts.models.contract import terms_digest
from foquale.outbox.models import OutboxEmail

from .esign_helpers import links_in_outbox, sign_through

pytestmark = pytest.mark.django_db


def test_invitations_go_to_each_party_with_a_personal_link(minor_contract, links):
    youth = minor_contract.youth
    addresses = {youth.email, *youth.guardians.values_list("email", flat=True)}
    assert set(links) == addresses
    assert len(set(links.values())) == 3
    invitations = SigningInvitation.objects.filter(contract=minor_contract)
    assert invitations.count() == 3
    for invitation in invitations:
        # Only the hash of the token is stored, and it is not the token.
        token = links[invitation.email].split("/")[2]
        assert token not in invitation.token_hash
        assert invitation.expires_at - invitation.created_at == dt.timedelta(days=14)
        assert invitation.terms_sha256 == terms_digest(minor_contract)
    subjects = {m.subject for m in mail.outbox}
    assert subjects == {"Le contrat FOQUALE de Léa attend votre signature"}
    # The outbox empties a mail carrying a link once it has left.
    assert OutboxEmail.objects.filter(kind="esign_invitation", secret_body=True).count() == 3


def test_decline_with_a_reason_tells_the_referent_at_once(
    client, path, minor_contract, links, django_capture_on_commit_callbacks
):
    youth = minor_contract.youth
    link = links[youth.email]
    response = client.post(f"{link}refuser/", {"reason": ""})
    assert "Ce champ est obligatoire" in response.content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{link}refuser/", {"reason": "Je préfère une autre formation."})
    assert response.status_code == 302
    (message,) = [m for m in mail.outbox if m.to == [path.referent.email]]
    assert "Je préfère une autre formation." in message.body
    invitation = SigningInvitation.objects.get(contract=minor_contract, role="youth")
    assert invitation.declined_at is not None
    assert client.get(link).status_code == 404
    client.force_login(path.referent)
    page = client.get(minor_contract.get_absolute_url()).content.decode()
    assert "Je préfère une autre formation." in page


def test_a_change_of_text_withdraws_invitations_and_signatures_and_says_so(
    client, path, minor_contract, links, django_capture_on_commit_callbacks
):
    youth = minor_contract.youth
    sign_through(
        client, links[youth.email], youth.email, "Léa Martin", django_capture_on_commit_callbacks
    )
    assert Signature.objects.filter(contract=minor_contract).count() == 1
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.contract_update(
            contract=minor_contract, by=path.referent, meaning="Un autre parcours, plus court."
        )
    assert not Signature.objects.filter(contract=minor_contract).exists()
    assert not SigningInvitation.objects.filter(
        contract=minor_contract, revoked_at__isnull=True
    ).exists()
    told = {m.to[0] for m in mail.outbox if "a été modifié" in m.subject}
    assert told == set(links)
    for link in links.values():
        assert client.get(link).status_code == 404


def test_reminders_on_days_3_and_7_once_each_with_a_fresh_link(
    client, minor_contract, links, django_capture_on_commit_callbacks
):
    youth = minor_contract.youth
    sign_through(
        client, links[youth.email], youth.email, "Léa Martin", django_capture_on_commit_callbacks
    )
    start = timezone.now()
    mail.outbox.clear()
    with time_machine.travel(start + dt.timedelta(days=2)):
        assert services.invitations_remind() == 0
    with time_machine.travel(start + dt.timedelta(days=3, hours=1)):
        with django_capture_on_commit_callbacks(execute=True):
            assert services.invitations_remind() == 2  # the two guardians, not the youth
            assert services.invitations_remind() == 0  # idempotent
        fresh = links_in_outbox()
        sophie = youth.guardians.order_by("id").first()
        assert client.get(links[sophie.email]).status_code == 404  # replaced
        assert client.get(fresh[sophie.email]).status_code == 200
    with time_machine.travel(start + dt.timedelta(days=7, hours=1)):
        assert services.invitations_remind() == 2
        assert services.invitations_remind() == 0
    with time_machine.travel(start + dt.timedelta(days=15)):
        assert services.invitations_remind() == 0  # expired


def test_paper_stays_possible_and_closes_the_partys_link(
    client, path, minor_contract, links, django_capture_on_commit_callbacks
):
    youth = minor_contract.youth
    path.sign(minor_contract, SignatoryRole.YOUTH, on=timezone.localdate())
    assert client.get(links[youth.email]).status_code == 404
    # Choosing paper for a party withdraws their link.
    sophie = youth.guardians.order_by("id").first()
    services.invitations_send(
        contract=minor_contract,
        by=path.referent,
        channels={f"guardian-{sophie.pk}": SigningChannel.PAPER},
    )
    assert client.get(links[sophie.email]).status_code == 404


def test_online_needs_an_address(path, minor_contract):
    sophie = minor_contract.youth.guardians.order_by("id").first()
    sophie.email = ""
    sophie.save()
    with pytest.raises(Exception, match="pas d’adresse électronique"):
        services.invitations_send(
            contract=minor_contract,
            by=path.referent,
            channels={f"guardian-{sophie.pk}": SigningChannel.ONLINE},
        )
    assert not SigningInvitation.objects.exists()


def test_the_database_keeps_one_live_link_per_party(path, minor_contract, links):
    from django.db import IntegrityError, transaction

    live = SigningInvitation.objects.get(contract=minor_contract, role="youth")
    with pytest.raises(IntegrityError), transaction.atomic():
        SigningInvitation.objects.create(
            contract=minor_contract,
            role="youth",
            email=live.email,
            terms_sha256=live.terms_sha256,
            token_hash="f" * 64,
            expires_at=live.expires_at,
            created_by=path.referent,
        )
