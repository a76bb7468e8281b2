"""Transfers between networks, through the pages: who asks, what the asker sees afterwards,
double sends, refusals of the request itself, cancellations, and the transfer in the file's
data. The answer of the receiving network is in test_transfer_answers.py."""

import pytest
from django.urls import reverse

from contracts.enums import TransferReason, TransferStatus
from contracts.models import Transfer
from contracts.services.transfers import transfer_request
from foquale.outbox.models import OutboxEmail
from tests.factories import NetworkFactory, UserFactory

from .utils import ask_transfer as _ask
from .utils import request_transfer as _request

pytestmark = pytest.mark.django_db


# Asking.


def test_anonymous_goes_to_login(client, youth):
    for url in (
        reverse("contracts:transfer_create", args=[youth.pk]),
        reverse("contracts:transfer_decide", args=[1]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/connexion/" in response["Location"]


@pytest.mark.parametrize("role", ["outsider", "committee_member", "receiving_lead"])
def test_who_does_not_see_the_case_gets_404(client, youth, role, request):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("contracts:transfer_create", args=[youth.pk])).status_code == 404


@pytest.mark.parametrize("role", ["referent", "assessor"])
def test_only_the_lead_asks(client, youth, role, request, receiving):
    client.force_login(request.getfixturevalue(role))
    url = reverse("contracts:transfer_create", args=[youth.pk])
    assert client.get(url).status_code == 403
    response = client.post(url, {"to_network": receiving.pk, "reason_code": "moved"})
    assert response.status_code == 403
    assert not Transfer.objects.exists()
    page = client.get(youth.get_absolute_url()).content.decode()
    assert "Transférer vers un autre réseau" not in page


def test_lead_asks_and_the_receiving_lead_is_mailed(client, youth, lead, receiving):
    client.force_login(lead)
    page = client.get(youth.get_absolute_url()).content.decode()
    assert reverse("contracts:transfer_create", args=[youth.pk]) in page
    response, _ = _ask(client, youth, receiving)
    assert response.status_code == 302 and response["Location"] == youth.get_absolute_url()
    transfer = Transfer.objects.get()
    assert transfer.status == TransferStatus.PENDING
    assert transfer.from_network == youth.network and transfer.to_network == receiving
    assert transfer.requested_by == lead
    youth.refresh_from_db()
    assert youth.network_id == lead.led_networks.get().pk  # nothing moves before the answer
    mail = OutboxEmail.objects.get(kind="transfer_requested")
    assert mail.to == [receiving.lead.email]
    assert "Voyageur" not in mail.body_text + mail.subject  # no name leaves the site
    assert reverse("contracts:transfer_decide", args=[transfer.pk]) in mail.body_text
    page = client.get(youth.get_absolute_url()).content.decode()
    assert "en attente de la réponse" in page
    assert "Transférer vers un autre réseau" not in page


def test_double_send_asks_once(client, youth, lead, receiving):
    client.force_login(lead)
    first, payload = _ask(client, youth, receiving)
    second = client.post(reverse("contracts:transfer_create", args=[youth.pk]), payload)
    assert first["Location"] == second["Location"]
    assert Transfer.objects.count() == 1
    assert OutboxEmail.objects.filter(kind="transfer_requested").count() == 1


def test_a_second_request_while_one_waits_is_refused(client, youth, lead, receiving, network):
    _request(youth, receiving, lead)
    third = NetworkFactory(academy=network.academy, lead=UserFactory())
    client.force_login(lead)
    url = reverse("contracts:transfer_create", args=[youth.pk])
    response = client.get(url, follow=True)
    assert "attend déjà la réponse" in response.content.decode()
    response = client.post(url, {"to_network": third.pk, "reason_code": "moved"})
    assert "attend déjà la réponse" in response.content.decode()
    assert Transfer.objects.count() == 1


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"reason_code": ""}, "reason_code", "Choisissez le motif du transfert."),
        ({"to_network": ""}, "to_network", "Choisissez le réseau qui accueillera le jeune."),
    ],
)
def test_bad_input_says_why_and_saves_nothing(client, youth, lead, receiving, data, field, message):
    client.force_login(lead)
    response, _ = _ask(client, youth, receiving, **data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Transfer.objects.exists()


def test_only_networks_of_the_academy_are_offered(client, youth, lead, receiving):
    foreign = NetworkFactory(lead=UserFactory())  # another académie
    client.force_login(lead)
    page = client.get(reverse("contracts:transfer_create", args=[youth.pk])).content.decode()
    assert receiving.name in page and foreign.name not in page
    response, _ = _ask(client, youth, foreign)
    assert response.status_code == 200
    assert not Transfer.objects.exists()


def test_a_youth_under_contract_is_not_transferred(client, path, lead, receiving):
    contract = path.contract(last_name="Souscontrat")
    client.force_login(lead)
    url = reverse("contracts:transfer_create", args=[contract.youth_id])
    response = client.get(url, follow=True)
    assert "Seul un jeune sans contrat peut être transféré" in response.content.decode()
    response = client.post(url, {"to_network": receiving.pk, "reason_code": "moved"})
    assert "Seul un jeune sans contrat" in response.content.decode()
    assert not Transfer.objects.exists()


# Cancelling.


def test_requester_cancels(client, youth, lead, receiving, receiving_lead):
    transfer = _request(youth, receiving, lead)
    client.force_login(lead)
    page = client.get(youth.get_absolute_url()).content.decode()
    assert "Annuler la demande de transfert" in page
    response = client.post(reverse("contracts:transfer_cancel", args=[transfer.pk]))
    assert response.status_code == 302
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.CANCELLED and transfer.decided_by == lead
    client.force_login(receiving_lead)
    assert (
        reverse("contracts:transfer_decide", args=[transfer.pk])
        not in client.get("/a-faire/").content.decode()
    )


@pytest.mark.parametrize(
    "role, status", [("outsider", 404), ("receiving_lead", 404), ("referent", 403)]
)
def test_others_cannot_cancel(client, youth, lead, receiving, role, status, request):
    transfer = _request(youth, receiving, lead)
    client.force_login(request.getfixturevalue(role))
    response = client.post(reverse("contracts:transfer_cancel", args=[transfer.pk]))
    assert response.status_code == status
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.PENDING


def test_cancel_is_post_only(client, youth, lead, receiving):
    transfer = _request(youth, receiving, lead)
    client.force_login(lead)
    assert client.get(reverse("contracts:transfer_cancel", args=[transfer.pk])).status_code == 405


# The file's data.


def test_transfers_are_in_the_file_and_their_texts_go_with_it(youth, lead, receiving, settings):
    import datetime as dt

    from contracts.retention import personal_data_purge
    from contracts.subject_access import youth_records

    transfer = transfer_request(
        youth=youth,
        to_network=receiving,
        reason_code=TransferReason.OTHER,
        reason_details="Hébergé par un ami.",
        by=lead,
    )
    records = youth_records(youth, [])
    assert [row["reason_details"] for row in records["transfers"]] == ["Hébergé par un ami."]
    settings.DATA_RETENTION_YEARS = 3
    assert personal_data_purge(today=youth.contacted_on + dt.timedelta(days=3 * 366)) == 1
    transfer.refresh_from_db()
    assert transfer.reason_details == "" and transfer.reason_code == TransferReason.OTHER
