import datetime as dt

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contracts.models import Contract
from contracts.reviews.services import network_digest_send
from contracts.reviews.tasks import send_network_digests
from foquale.outbox.models import OutboxEmail
from networks.grants import refresh_network_grants
from tests.factories import NetworkFactory, UserFactory

from .conftest import at
from .factories import ContractFactory

pytestmark = pytest.mark.django_db
MONDAY = dt.date(2026, 11, 16)


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    def run(day: dt.date = MONDAY) -> int:
        with at(day, hour=7), django_capture_on_commit_callbacks(execute=True):
            return network_digest_send()

    return run


@pytest.fixture
def cases(network):
    late = ContractFactory(
        youth__network=network, youth__first_name="Inès", youth__last_name="Roux"
    )
    ending = ContractFactory(
        youth__network=network,
        starts_on=dt.date(2026, 6, 1),
        ends_on=dt.date(2026, 12, 10),
        next_review_on=dt.date(2026, 11, 26),
    )
    with at(dt.date(2026, 10, 20)):
        stale = ContractFactory(youth__network=network, awaiting=True)
    with at(dt.date(2026, 11, 10)):
        ContractFactory(youth__network=network, awaiting=True)  # only six days old
    ContractFactory(youth__network=network, next_review_on=dt.date(2026, 11, 12))  # in grace
    return late, ending, stale


def test_the_lead_gets_late_reviews_ending_and_stale_contracts(cases, send, network):
    late, ending, stale = cases
    assert send() == 1
    [message] = mail.outbox
    assert message.to == [network.lead.email]
    assert message.subject == f"{network.name} : le point de la semaine du 16/11/2026"
    body = message.body
    assert (
        "BILANS DE SITUATION EN RETARD DEPUIS LE 1ER SEPTEMBRE (échéances passées de plus de "
        "7 jours sans bilan, manquées comprises) : 1" in body
    )
    assert f"- Contrat n° {late.pk} (http" in body
    assert f"/contrats/{late.pk}/), bilan prévu le 29/10/2026" in body
    assert "Inès" not in body  # the digest names no young person
    assert "CONTRATS SE TERMINANT DANS LES 30 JOURS : 1" in body
    assert f"Contrat n° {ending.pk} (" in body and "fin prévue le 10/12/2026" in body
    assert "CONTRATS EN ATTENTE DE SIGNATURES DEPUIS PLUS DE 14 JOURS : 1" in body
    assert f"Contrat n° {stale.pk} (" in body and "créé le 20/10/2026" in body
    html = message.alternatives[0].content
    assert "<caption" in html and f"n° {late.pk}" in html


def test_a_second_run_in_the_same_week_sends_nothing(cases, send):
    assert send() == 1
    assert send(MONDAY + dt.timedelta(days=2)) == 0
    assert len(mail.outbox) == 1
    assert send(MONDAY + dt.timedelta(days=7)) == 1
    assert len(mail.outbox) == 2


def test_nothing_to_report_means_no_mail(network, send):
    ContractFactory(youth__network=network, next_review_on=dt.date(2026, 11, 26))
    assert send() == 0
    assert not OutboxEmail.objects.exists()


def test_networks_without_lead_are_skipped(send):
    ContractFactory()  # its network has no lead
    assert send() == 0


def test_lists_are_capped_but_counts_are_whole(network, send):
    tutor = UserFactory()
    ContractFactory.create_batch(23, youth__network=network, tutor=tutor)
    send()
    body = mail.outbox[0].body
    assert "manquées comprises) : 23" in body
    assert body.count(", bilan prévu le ") == 20
    assert "(les 20 plus anciens sont listés)" in body


def test_queries_do_not_grow_with_networks_or_contracts(network):
    ContractFactory(youth__network=network)
    with at(MONDAY), CaptureQueriesContext(connection) as one:
        network_digest_send()
    OutboxEmail.objects.all().delete()
    for _ in range(4):
        other = NetworkFactory(lead=UserFactory())
        refresh_network_grants(other)
        ContractFactory.create_batch(3, youth__network=other)
    with at(MONDAY), CaptureQueriesContext(connection) as many:
        assert network_digest_send() == 5
    assert len(many) == len(one)
    assert Contract.objects.count() == 13


def test_task_sends_the_digests(cases, django_capture_on_commit_callbacks):
    with at(MONDAY), django_capture_on_commit_callbacks(execute=True):
        assert send_network_digests.delay().get() == 1
