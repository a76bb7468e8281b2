import datetime as dt

import pytest
from django.urls import reverse
from django.utils.html import escape

from networks.enums import SeatRole
from networks.grants import refresh_network_grants
from tests.factories import CommitteeSeatFactory, NetworkFactory, PlatformFactory, UserFactory

from .factories import ActionFactory, MeetingFactory, ObjectiveFactory

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_login(client, network):
    for url in (
        reverse("networks:list"),
        reverse("networks:detail", args=[network.pk]),
        reverse("networks:appoint_lead", args=[network.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith("/connexion/")


def test_outsider_gets_404(client, network, outsider):
    client.force_login(outsider)
    assert client.get(reverse("networks:detail", args=[network.pk])).status_code == 404
    assert client.get(reverse("networks:appoint_lead", args=[network.pk])).status_code == 404


def test_outsider_sees_an_empty_list(client, network, outsider):
    client.force_login(outsider)
    html = client.get(reverse("networks:list")).content.decode()
    assert "Aucun réseau." in html
    assert network.name not in html


@pytest.mark.parametrize("role", ["lead", "committee_member", "steering", "ien_io"])
def test_allowed_roles_see_the_network(client, network, role, request):
    client.force_login(request.getfixturevalue(role))
    response = client.get(reverse("networks:detail", args=[network.pk]))
    assert response.status_code == 200
    assert "Composition incomplète" in response.content.decode()


@pytest.mark.parametrize("role", ["steering", "ien_io"])
def test_list_shows_lead_and_composition(client, network, role, request):
    client.force_login(request.getfixturevalue(role))
    html = client.get(reverse("networks:list")).content.decode()
    assert network.name in html
    assert escape(network.lead.get_full_name()) in html
    assert "Composition incomplète : Chef d’établissement représentant les collèges" in html


def test_ien_io_sees_only_the_networks_of_their_territory(client, network, ien_io):
    elsewhere = NetworkFactory(academy=network.academy)
    client.force_login(ien_io)
    html = client.get(reverse("networks:list")).content.decode()
    assert network.name in html
    assert elsewhere.name not in html
    assert client.get(elsewhere.get_absolute_url()).status_code == 404


def test_steering_filters_by_platform_and_status(client, network, steering):
    other_platform = PlatformFactory(academy=network.academy, name="PSAD Loire")
    leaderless = NetworkFactory(academy=network.academy, platform=other_platform)
    client.force_login(steering)
    url = reverse("networks:list")
    html = client.get(url, {"plateforme": other_platform.pk}).content.decode()
    assert leaderless.name in html and network.name not in html
    html = client.get(url, {"etat": "sans-responsable"}).content.decode()
    assert leaderless.name in html and network.name not in html
    html = client.get(url, {"etat": "incomplet"}).content.decode()
    assert leaderless.name in html and network.name in html
    html = client.get(url, {"plateforme": "abc"}).content.decode()
    assert "Filtre invalide" in html
    assert leaderless.name in html and network.name in html


def test_list_query_count_does_not_grow(client, steering, network, django_assert_max_num_queries):
    client.force_login(steering)
    with django_assert_max_num_queries(7):
        first = client.get(reverse("networks:list"))
    for _ in range(5):
        other = NetworkFactory(
            academy=network.academy, platform=PlatformFactory(academy=network.academy)
        )
        CommitteeSeatFactory(network=other)
        refresh_network_grants(other)
    with django_assert_max_num_queries(7):
        second = client.get(reverse("networks:list"), {"etat": "incomplet"})
    assert second.content.decode().count('fr-badge--warning fr-badge--sm">Incomplet') == 6
    assert first.status_code == 200


def _fill(network, count: int) -> None:
    for role in (SeatRole.HEAD_COLLEGE, SeatRole.HEAD_LEGT, SeatRole.MLDS_PILOT):
        if not network.seats.filter(role=role).exists():
            CommitteeSeatFactory(network=network, role=role)
    for _ in range(count):
        CommitteeSeatFactory(network=network, role=SeatRole.OTHER)
        CommitteeSeatFactory(network=network, role=SeatRole.OTHER, ended_on=dt.date(2026, 12, 1))
        ActionFactory(objective=ObjectiveFactory(network=network))
        MeetingFactory(network=network)


@pytest.mark.parametrize("role", ["lead", "committee_member"])
def test_detail_query_count_does_not_grow(
    client, network, role, request, today, django_assert_max_num_queries
):
    client.force_login(request.getfixturevalue(role))
    url = network.get_absolute_url()
    _fill(network, 1)
    with django_assert_max_num_queries(10):
        assert client.get(url).status_code == 200
    _fill(network, 12)
    with django_assert_max_num_queries(10):
        html = client.get(url).content.decode()
    assert html.count('<th scope="row">Membre associé') == 13
    assert "Anciens membres (les 10 derniers)" in html


def test_steering_appoints_the_lead(client, network, lead, steering, today):
    newcomer = UserFactory()
    client.force_login(steering)
    detail = client.get(network.get_absolute_url()).content.decode()
    assert "Nommer un autre responsable" in detail
    url = reverse("networks:appoint_lead", args=[network.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"user": newcomer.email, "appointed_on": "2027-01-05"})
    assert response.status_code == 302
    network.refresh_from_db()
    assert (network.lead, network.lead_appointed_on) == (newcomer, dt.date(2027, 1, 5))
    client.force_login(lead)
    assert client.get(network.get_absolute_url()).status_code == 404


def test_a_lead_from_another_academy_is_explained(client, network, lead, steering, today):
    stranger = NetworkFactory(lead=UserFactory()).lead
    client.force_login(steering)
    response = client.post(
        reverse("networks:appoint_lead", args=[network.pk]),
        {"user": stranger.email, "appointed_on": "2027-01-05"},
    )
    assert "autre académie" in response.content.decode()
    network.refresh_from_db()
    assert network.lead == lead


@pytest.mark.parametrize("role", ["lead", "committee_member", "ien_io"])
def test_only_steering_appoints(client, network, role, request, today):
    client.force_login(request.getfixturevalue(role))
    url = reverse("networks:appoint_lead", args=[network.pk])
    assert "Nommer" not in client.get(network.get_absolute_url()).content.decode()
    assert client.get(url).status_code == 403
    response = client.post(url, {"user": UserFactory().email, "appointed_on": "2027-01-05"})
    assert response.status_code == 403
    assert "Action non autorisée" in response.content.decode()


def test_only_case_readers_get_the_link_to_youth_files(client, network, lead, committee_member):
    url = reverse("networks:detail", args=[network.pk])
    client.force_login(lead)
    assert "Dossiers des jeunes du réseau" in client.get(url).content.decode()
    client.force_login(committee_member)
    assert "Dossiers des jeunes du réseau" not in client.get(url).content.decode()


def test_network_list_sorts_by_its_columns_with_aria_sort(client, steering, network):
    from tests.factories import NetworkFactory

    for name in ("Zèbre", "Alpha"):
        NetworkFactory(name=name, academy=network.academy, platform=network.platform)
    client.force_login(steering)
    url = reverse("networks:list")
    html = client.get(url, {"tri": "reseau"}).content.decode()
    assert html.index(">Alpha<") < html.index(">Zèbre<")
    assert 'aria-sort="ascending"' in html and html.count("aria-sort=") == 1
    html = client.get(url, {"tri": "-reseau"}).content.decode()
    assert html.index(">Zèbre<") < html.index(">Alpha<")
    assert 'aria-sort="descending"' in html
    assert "correspondant au filtre" not in html  # sorting is not filtering
