"""Transfers between networks, through the pages: who asks, who answers, what each one
sees afterwards, double sends, refusals, cancellations and query bounds."""

import re

import pytest
from django.urls import reverse

from audit.models import ReadLog
from contracts.enums import TransferReason, TransferRefusal, TransferStatus
from contracts.models import Transfer
from contracts.services.transfers import transfer_request
from foquale.outbox.models import OutboxEmail
from tests.factories import EstablishmentFactory, NetworkFactory, UserFactory

from .factories import ReferentFactory, YouthFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def receiving(network):
    """Another network of the académie (on another platform), with a lead and a member
    establishment."""
    other = NetworkFactory(academy=network.academy, lead=UserFactory())
    other.establishments.add(EstablishmentFactory(academy=network.academy))
    return other


@pytest.fixture
def receiving_lead(receiving):
    return receiving.lead


@pytest.fixture
def receiving_establishment(receiving):
    return receiving.establishments.get()


@pytest.fixture
def receiving_referent(receiving, receiving_establishment):
    return ReferentFactory(establishment=receiving_establishment, network=receiving).user


@pytest.fixture
def youth(path):
    return path.assessed(last_name="Voyageur")


def _token(page: str) -> str:
    return re.search(r'name="submission_token" value="([^"]*)"', page).group(1)


def _ask(client, youth, target, **data):
    url = reverse("contracts:transfer_create", args=[youth.pk])
    token = _token(client.get(url).content.decode())
    payload = {
        "to_network": target.pk,
        "reason_code": TransferReason.MOVED,
        "reason_details": "Installé chez sa tante à l’autre bout de l’académie.",
        "submission_token": token,
        **data,
    }
    return client.post(url, payload), payload


def _request(youth, receiving, lead) -> Transfer:
    return transfer_request(
        youth=youth,
        to_network=receiving,
        reason_code=TransferReason.MOVED,
        reason_details="",
        by=lead,
    )


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
