"""Transfers between networks, through the pages: the receiving network's answer — who
opens it, acceptance, refusal, double answers — the query bounds of the answer page and the
read log of the request."""

import pytest
from django.urls import reverse

from audit.models import ReadLog
from contracts.enums import TransferRefusal, TransferStatus
from contracts.models import Transfer
from foquale.outbox.models import OutboxEmail

from .factories import ReferentFactory, YouthFactory
from .utils import ask_transfer as _ask
from .utils import request_transfer as _request

pytestmark = pytest.mark.django_db


@pytest.fixture
def receiving_establishment(receiving):
    return receiving.establishments.get()


@pytest.fixture
def receiving_referent(receiving, receiving_establishment):
    return ReferentFactory(establishment=receiving_establishment, network=receiving).user


# Answering.


@pytest.mark.parametrize("role", ["outsider", "lead", "referent", "receiving_referent"])
def test_only_the_receiving_lead_opens_the_answer(client, youth, lead, receiving, role, request):
    transfer = _request(youth, receiving, lead)
    client.force_login(request.getfixturevalue(role))
    url = reverse("contracts:transfer_decide", args=[transfer.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"decision": "refuse", "refusal_code": "other"}).status_code == 404
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.PENDING


def test_accept_moves_the_file_and_access_at_once(
    client,
    youth,
    lead,
    referent,
    assessor,
    receiving,
    receiving_lead,
    receiving_establishment,
    receiving_referent,
):
    transfer = _request(youth, receiving, lead)
    detail = youth.get_absolute_url()
    old_side = {user: client.__class__() for user in (lead, referent, assessor)}
    for user, own_client in old_side.items():
        own_client.force_login(user)
        assert own_client.get(detail).status_code == 200  # scopes read and cached
    client.force_login(receiving_lead)
    todo = client.get("/a-faire/").content.decode()
    assert reverse("contracts:transfer_decide", args=[transfer.pk]) in todo
    assert client.get(detail).status_code == 404
    url = reverse("contracts:transfer_decide", args=[transfer.pk])
    page = client.get(url).content.decode()
    assert "VOYAGEUR" in page.upper() and receiving_establishment.name in page
    response = client.post(url, {"decision": "accept", "establishment": receiving_establishment.pk})
    assert response.status_code == 302 and response["Location"] == detail
    youth.refresh_from_db()
    assert youth.network == receiving and youth.establishment == receiving_establishment
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.ACCEPTED and transfer.decided_by == receiving_lead
    told = OutboxEmail.objects.get(kind="transfer_decided")
    assert told.to == [lead.email] and "accepté" in told.subject
    assert "Léa V." in told.body_text and "Voyageur" not in told.body_text
    # The new network sees the file, bilans included; the old one has lost it.
    page = client.get(detail).content.decode()
    assert "Transferts entre réseaux" in page and "Accepté" in page
    referent_client = client.__class__()
    referent_client.force_login(receiving_referent)
    assert referent_client.get(detail).status_code == 200
    for own_client in old_side.values():
        assert own_client.get(detail).status_code == 404
    assert "VOYAGEUR" not in client.get("/a-faire/").content.decode().split("Bilans")[0]


def test_double_answer_changes_nothing_more(
    client, youth, lead, receiving, receiving_lead, receiving_establishment
):
    transfer = _request(youth, receiving, lead)
    client.force_login(receiving_lead)
    url = reverse("contracts:transfer_decide", args=[transfer.pk])
    data = {"decision": "accept", "establishment": receiving_establishment.pk}
    client.post(url, data)
    version = type(youth).objects.get(pk=youth.pk).version
    second = client.post(url, {"decision": "refuse", "refusal_code": "other"}, follow=True)
    assert "n’attend plus de réponse" in second.content.decode()
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.ACCEPTED
    assert type(youth).objects.get(pk=youth.pk).version == version


def test_accept_needs_an_establishment_of_the_network(
    client, youth, lead, receiving, receiving_lead, establishment
):
    transfer = _request(youth, receiving, lead)
    client.force_login(receiving_lead)
    url = reverse("contracts:transfer_decide", args=[transfer.pk])
    response = client.post(url, {"decision": "accept"})
    assert "Choisissez l’établissement dont le référent suivra le jeune." in (
        response.content.decode()
    )
    response = client.post(url, {"decision": "accept", "establishment": establishment.pk})
    assert response.status_code == 200  # an establishment of the old network: refused
    transfer.refresh_from_db()
    youth.refresh_from_db()
    assert transfer.status == TransferStatus.PENDING and youth.network_id != receiving.pk


def test_refusal_keeps_the_file_and_says_why(client, youth, lead, receiving, receiving_lead):
    transfer = _request(youth, receiving, lead)
    client.force_login(receiving_lead)
    url = reverse("contracts:transfer_decide", args=[transfer.pk])
    response = client.post(url, {"decision": "refuse"})
    assert "Indiquez le motif du refus." in response.content.decode()
    response = client.post(
        url,
        {
            "decision": "refuse",
            "refusal_code": TransferRefusal.PERIMETER,
            "refusal_details": "Commune hors du bassin.",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/a-faire/"
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.REFUSED
    assert transfer.refusal_code == TransferRefusal.PERIMETER
    told = OutboxEmail.objects.get(kind="transfer_decided")
    assert told.to == [lead.email] and "refusé" in told.subject
    assert "ne relève pas du périmètre" in told.body_text
    assert "Commune hors du bassin." not in told.body_text  # the details stay in the file
    youth.refresh_from_db()
    assert youth.network_id == transfer.from_network_id
    assert client.get(youth.get_absolute_url()).status_code == 404
    client.force_login(lead)
    page = client.get(youth.get_absolute_url()).content.decode()
    assert "Refusé" in page and "Commune hors du bassin." in page
    # A new request may follow a refusal.
    response, _ = _ask(client, youth, receiving)
    assert Transfer.objects.filter(status=TransferStatus.PENDING).count() == 1


# Query bounds.


def test_answer_page_and_todo_stay_flat(
    client, path, lead, receiving, receiving_lead, django_assert_max_num_queries
):
    def more(count):
        for _ in range(count):
            youth = YouthFactory(network=path.network, establishment=path.establishment)
            _request(youth, receiving, lead)

    more(1)
    client.force_login(receiving_lead)
    transfer = Transfer.objects.first()
    url = reverse("contracts:transfer_decide", args=[transfer.pk])
    with django_assert_max_num_queries(11):  # +1: the « à contacter » section
        assert client.get("/a-faire/").status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(url).status_code == 200
    more(15)
    with django_assert_max_num_queries(11):
        page = client.get("/a-faire/").content.decode()
    assert page.count("Accepter ou refuser") == 16
    with django_assert_max_num_queries(10):
        assert client.get(url).status_code == 200


def test_the_receiving_lead_reading_the_request_is_logged(
    client, youth, lead, network, receiving, receiving_lead
):
    transfer = _request(youth, receiving, lead)
    client.force_login(receiving_lead)
    client.get(reverse("contracts:transfer_decide", args=[transfer.pk]))
    row = ReadLog.objects.get(user=receiving_lead)
    assert row.youth_id == youth.pk and row.network_id == network.pk
    assert row.role == "network_lead"
