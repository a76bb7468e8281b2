import pytest
from django.urls import reverse
from django.utils import timezone

from networks import services
from networks.grants import refresh_network_grants
from reporting.home import spaces_for
from tests.factories import CommitteeSeatFactory, NetworkFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith("/connexion/")


@pytest.mark.parametrize(
    ("role", "target"),
    [
        ("lead", "network"),
        ("committee_member", "network"),
    ],
)
def test_each_role_lands_on_its_own_page(client, network, role, target, request):
    client.force_login(request.getfixturevalue(role))
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url == network.get_absolute_url()


@pytest.mark.parametrize("role", ["steering", "ien_io"])
def test_steering_and_ien_io_choose_networks_or_dashboard(client, network, role, request):
    client.force_login(request.getfixturevalue(role))
    response = client.get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="{reverse("networks:list")}"' in html
    assert f'href="{reverse("reporting:dashboard")}"' in html


def test_a_person_without_role_is_told_so(client, outsider):
    client.force_login(outsider)
    html = client.get(reverse("home")).content.decode()
    assert "Aucun espace pour le moment" in html


def test_an_ien_io_is_not_listed_as_committee_member(network, ien_io):
    assert [space.title for space in spaces_for(ien_io)] == [
        "Coordination du territoire (IEN-IO)",
        "Tableau de bord du territoire",
    ]


def test_several_roles_choose_their_space(client, network, lead):
    other = NetworkFactory(academy=network.academy, platform=network.platform)
    CommitteeSeatFactory(network=other, user=lead)
    refresh_network_grants(other)
    client.force_login(lead)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Responsable de réseau : {network.name}" in html
    assert f"Membre du comité : {other.name}" in html


def test_an_administrator_stays_on_the_home(client, network):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    html = client.get(reverse("home")).content.decode()
    assert "Pilotage académique" in html
    assert "Administration de l’application" in html


def test_a_former_member_has_no_space(network, committee_member):
    seat = network.seats.get(user=committee_member)
    seat.started_on = timezone.localdate().replace(month=1, day=5)  # before today
    seat.save(update_fields=["started_on"])
    services.committee_seat_end(seat=seat, on=timezone.localdate())
    assert spaces_for(committee_member) == []


def test_spaces_cost_a_fixed_number_of_queries(
    client, network, lead, django_assert_max_num_queries
):
    """Session, user, the access scope (read once after a change of grants, then cached),
    the territory, the networks worked on and the header's « À faire » count: the same
    whatever the number of networks."""
    client.force_login(lead)
    with django_assert_max_num_queries(6):
        assert client.get(reverse("home")).status_code == 302  # one space: straight there
    for _ in range(8):
        other = NetworkFactory(academy=network.academy, platform=network.platform)
        CommitteeSeatFactory(network=other, user=lead)
    with django_assert_max_num_queries(6):
        page = client.get(reverse("home")).content.decode()
    assert page.count("Membre du comité") == 8
