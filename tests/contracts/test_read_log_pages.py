"""The access log's pages: the lead reads their network's, the DPO the académie's (with
filters and a CSV export); everyone else gets a 404, a forbidden page a 403."""

import csv
import datetime as dt
import io

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from audit.enums import ReadKind, Role
from audit.models import ReadLog
from tests.audit.factories import DataProtectionOfficerFactory, ReadLogFactory
from tests.factories import NetworkFactory, UserFactory

from .factories import YouthFactory

pytestmark = pytest.mark.django_db

READ_LOG = reverse("contracts:read_log")
READ_LOG_CSV = reverse("contracts:read_log_csv")


@pytest.fixture
def dpo(network):
    return DataProtectionOfficerFactory(academy=network.academy).user


@pytest.fixture
def other_dpo(db):
    return DataProtectionOfficerFactory().user


@pytest.fixture
def admin(db):
    return UserFactory(is_superuser=True, is_staff=True)


@pytest.fixture
def log(network, lead):
    """Rows of the network, of a neighbour network of the académie, of another académie."""
    youth = YouthFactory(network=network, last_name="Lefebvre", first_name="Julien")
    other_youth = YouthFactory(network=network, last_name="Moreau", first_name="Chloé")
    neighbour = NetworkFactory(academy=network.academy, name="Réseau voisin")
    faraway = NetworkFactory(name="Réseau lointain")
    reader = UserFactory(first_name="Rémi", last_name="Lecteur", email="remi@ac-test.fr")

    def row(network, youth=None, **fields):
        return ReadLogFactory(
            network=network,
            academy=network.academy,
            youth_id=youth.pk if youth else None,
            object_id=youth.pk if youth else None,
            **fields,
        )

    with time_machine.travel(dt.datetime(2026, 10, 5, 9, tzinfo=dt.UTC), tick=False):
        first = row(network, youth, user=reader, role=Role.REFERENT)
    with time_machine.travel(dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC), tick=False):
        second = row(network, other_youth, user=lead)
    return {
        "youth": youth,
        "other_youth": other_youth,
        "reader": reader,
        "mine": [first, second],
        "neighbour": row(neighbour, YouthFactory(network=neighbour)),
        "faraway": row(faraway, YouthFactory(network=faraway)),
    }


def shown(response) -> set[int]:
    """The ids of the rows a log page shows."""
    return {row.pk for row in response.context["page"].object_list}


# --- who sees which log -------------------------------------------------------------------


ROLES = ["outsider", "committee_member", "steering", "ien_io", "lead", "dpo", "other_dpo"]


def test_anonymous_is_sent_to_login(client, network):
    for url in (
        READ_LOG,
        READ_LOG_CSV,
        reverse("contracts:network_read_log", args=[network.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith("/connexion/")


def test_the_network_log_is_the_leads(client, network, log, request):
    url = reverse("contracts:network_read_log", args=[network.pk])
    answers = {}
    for role in ROLES:
        client.force_login(request.getfixturevalue(role))
        answers[role] = client.get(url).status_code
    # The committee and the steering see the network, not the log: 403; others 404.
    assert answers == {
        "outsider": 404,
        "committee_member": 403,
        "steering": 403,
        "ien_io": 403,
        "lead": 200,
        "dpo": 404,
        "other_dpo": 404,
    }


def test_the_lead_sees_only_their_networks_rows(client, network, lead, log):
    client.force_login(lead)
    response = client.get(reverse("contracts:network_read_log", args=[network.pk]))
    assert shown(response) == {row.pk for row in log["mine"]}
    page = response.content.decode()
    assert "LEFEBVRE Julien" in page and "Rémi LECTEUR" in page
    assert "Journal des accès" in page
    assert response["Cache-Control"] == "private, no-store"


def test_the_academy_log_is_the_dpos(client, network, log, request, admin):
    answers = {}
    for role in ROLES:
        client.force_login(request.getfixturevalue(role))
        answers[role] = client.get(READ_LOG).status_code
    assert answers == {role: 200 if "dpo" in role else 404 for role in ROLES}
    client.force_login(admin)
    assert client.get(READ_LOG).status_code == 200


def test_the_dpo_sees_every_row_of_the_academy_and_no_other(client, dpo, other_dpo, log):
    client.force_login(dpo)
    mine = {row.pk for row in log["mine"]} | {log["neighbour"].pk}
    assert shown(client.get(READ_LOG)) == mine
    client.force_login(other_dpo)
    assert shown(client.get(READ_LOG)) == set()


def test_the_lead_and_the_dpo_find_their_page_from_home_and_network(client, network, dpo, lead):
    client.force_login(dpo)
    assert client.get(reverse("home")).url == READ_LOG  # their one space
    client.force_login(lead)
    page = client.get(network.get_absolute_url()).content.decode()
    assert reverse("contracts:network_read_log", args=[network.pk]) in page


# --- filters --------------------------------------------------------------------------------


def test_filter_by_user(client, dpo, log):
    client.force_login(dpo)
    assert shown(client.get(READ_LOG, {"utilisateur": "remi@ac"})) == {log["mine"][0].pk}
    assert shown(client.get(READ_LOG, {"utilisateur": "lecteur"})) == {log["mine"][0].pk}


def test_filter_by_youth_by_name_ine_or_number(client, dpo, log):
    youth = log["youth"]
    youth.ine = "123456789AB"
    youth.save()
    client.force_login(dpo)
    for search in ("lefebvre", "Julien Lefebvre", "123456789ab", str(youth.pk)):
        response = client.get(READ_LOG, {"jeune": search})
        assert shown(response) == {log["mine"][0].pk}, search
        assert reverse("contracts:youth_data_export", args=[youth.pk]) in (
            response.content.decode()
        )


def test_filter_by_period(client, dpo, log):
    client.force_login(dpo)
    october = shown(client.get(READ_LOG, {"du": "2026-10-01", "au": "2026-10-31"}))
    assert october == {log["mine"][0].pk}
    response = client.get(READ_LOG, {"du": "2026-11-01", "au": "2026-10-01"})
    assert "La date de début doit précéder la date de fin." in response.content.decode()
    assert shown(response) == set()


def test_the_log_list_costs_the_same_whatever_the_rows(
    client, network, dpo, lead, log, django_assert_max_num_queries
):
    network_log = reverse("contracts:network_read_log", args=[network.pk])
    # Session, user, (the lead's network,) the count, the page of rows, the names of its
    # young people; for the lead, the header's « À faire » count.
    pages = [(dpo, READ_LOG, 5, 3), (lead, network_log, 7, 2)]
    for user, url, queries, rows in pages:
        client.force_login(user)
        client.get(url)  # the scope, read once after the grants changed
        with django_assert_max_num_queries(queries):
            assert len(client.get(url).context["rows"]) == rows
    for _ in range(30):
        youth = YouthFactory(network=network)
        ReadLogFactory(
            network=network, academy=network.academy, youth_id=youth.pk, user=UserFactory()
        )
    for user, url, queries, rows in pages:
        client.force_login(user)
        with django_assert_max_num_queries(queries):
            response = client.get(url, {"page": 1})
        assert len(response.context["rows"]) == rows + 30


# --- CSV export ----------------------------------------------------------------------------


def test_the_dpo_exports_the_filtered_log_as_csv_and_the_export_is_logged(client, dpo, log):
    client.force_login(dpo)
    response = client.get(READ_LOG_CSV, {"jeune": "Lefebvre"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Cache-Control"] == "private, no-store"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["Date", "Utilisateur", "Adresse électronique", "Au titre de"]
    assert len(rows) == 2
    when = timezone.localtime(log["mine"][0].at).strftime("%d/%m/%Y %H:%M")
    assert rows[1][:5] == [
        when,
        "Rémi LECTEUR",
        "remi@ac-test.fr",
        "Référent décrochage",
        "Dossier du jeune",
    ]
    assert rows[1][7] == "LEFEBVRE Julien"
    export = ReadLog.objects.get(kind=ReadKind.LOG_EXPORT)
    assert (export.user, export.role) == (dpo, Role.DPO)
    assert export.academy_id == log["youth"].network.academy_id


def test_csv_cells_are_never_formulas(client, dpo, network):
    youth = YouthFactory(network=network, last_name="=HYPERLINK(1)")
    ReadLogFactory(network=network, academy=network.academy, youth_id=youth.pk)
    client.force_login(dpo)
    content = client.get(READ_LOG_CSV).content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in content


def test_only_the_dpo_exports_the_log(client, lead, log):
    client.force_login(lead)
    assert client.get(READ_LOG_CSV).status_code == 404
    assert not ReadLog.objects.filter(kind=ReadKind.LOG_EXPORT).exists()
