import pytest
from django.urls import reverse
from django.utils.html import escape

from networks import perms
from networks.enums import SeatRole
from networks.models import CommitteeSeat
from tests.factories import CommitteeSeatFactory, EstablishmentFactory, NetworkFactory, UserFactory

pytestmark = pytest.mark.django_db


def _urls(network):
    seat = network.seats.get()
    return [
        reverse("networks:seat_create", args=[network.pk, "chef-etablissement-college"]),
        reverse("networks:seat_replace", args=[network.pk, seat.pk]),
        reverse("networks:seat_end", args=[network.pk, seat.pk]),
    ]


def test_anonymous_is_sent_to_login(client, network):
    for url in _urls(network):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith("/connexion/")


def test_outsider_gets_404(client, network, outsider):
    client.force_login(outsider)
    for url in _urls(network):
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404


@pytest.mark.parametrize("role", ["committee_member", "steering", "ien_io"])
def test_readers_may_not_change_the_committee(client, network, role, request, today):
    client.force_login(request.getfixturevalue(role))
    for url in _urls(network):
        assert client.get(url).status_code == 403
        response = client.post(url, {"user": "x@ac-test.fr", "on": "2027-01-10"})
        assert response.status_code == 403
    assert network.seats.active().count() == 1


def test_a_reader_sees_no_edit_buttons(client, network, committee_member):
    client.force_login(committee_member)
    html = client.get(network.get_absolute_url()).content.decode()
    assert "Pourvoir" not in html
    assert "Remplacer" not in html
    assert "Ajouter un membre associé" not in html


def test_the_lead_sees_the_forms(client, network, lead):
    client.force_login(lead)
    html = client.get(network.get_absolute_url()).content.decode()
    assert html.count("Pourvoir") == 5  # every seat but the LP head is vacant
    for url in _urls(network):
        assert client.get(url).status_code == 200


def test_the_lead_seats_a_member_and_the_composition_changes(client, network, lead, today):
    college = EstablishmentFactory(academy=network.academy, kind="college")
    network.establishments.add(college)
    member = UserFactory()
    client.force_login(lead)
    before = client.get(network.get_absolute_url()).content.decode()
    assert "représentant les collèges" in before.split('id="composition-status"')[1][:400]
    response = client.post(
        reverse("networks:seat_create", args=[network.pk, "chef-etablissement-college"]),
        {"user": member.email.upper(), "establishment": college.pk, "started_on": "2027-01-10"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == network.get_absolute_url()
    html = response.content.decode()
    assert "siège au comité" in html
    assert "représentant les collèges" not in html.split('id="composition-status"')[1][:400]
    seat = network.seats.get(user=member)
    assert (seat.role, seat.establishment) == (SeatRole.HEAD_COLLEGE, college)
    assert perms.networks_for_user(member).filter(pk=network.pk).exists()


def test_a_second_holder_gets_a_french_error_and_nothing_is_saved(
    client, network, lead, committee_member, today
):
    client.force_login(lead)
    response = client.post(
        reverse("networks:seat_create", args=[network.pk, "chef-etablissement-lp"]),
        {"user": UserFactory().email, "started_on": "2027-01-10"},
    )
    assert response.status_code == 200
    assert "Ce siège a déjà un titulaire." in response.content.decode()
    assert network.seats.count() == 1


def test_an_unknown_account_is_explained(client, network, lead, today):
    client.force_login(lead)
    response = client.post(
        reverse("networks:seat_create", args=[network.pk, "directeur-cio"]),
        {"user": "personne@inconnue.fr", "started_on": "2027-01-10"},
    )
    assert "Aucun compte actif ne correspond" in response.content.decode()
    assert network.seats.count() == 1


def test_a_member_from_another_academy_is_explained(client, network, lead, today):
    stranger = CommitteeSeatFactory(network=NetworkFactory()).user
    client.force_login(lead)
    response = client.post(
        reverse("networks:seat_create", args=[network.pk, "directeur-cio"]),
        {"user": stranger.email, "started_on": "2027-01-10"},
    )
    assert "autre académie" in response.content.decode()
    assert not network.seats.filter(user=stranger).exists()


def test_an_establishment_outside_the_network_is_not_offered(client, network, lead, today):
    outside = EstablishmentFactory(academy=network.academy, kind="college")
    client.force_login(lead)
    response = client.post(
        reverse("networks:seat_create", args=[network.pk, "chef-etablissement-college"]),
        {"user": UserFactory().email, "establishment": outside.pk, "started_on": "2027-01-10"},
    )
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert network.seats.count() == 1


def test_an_unknown_seat_in_the_url_is_a_clear_404(client, network, lead):
    client.force_login(lead)
    url = reverse("networks:seat_create", args=[network.pk, "roi-du-reseau"])
    response = client.post(url, {"user": UserFactory().email, "started_on": "2027-01-10"})
    assert response.status_code == 404
    assert "Ce siège n’existe pas dans le comité de réseau" in response.content.decode()
    assert network.seats.count() == 1


def test_the_lead_replaces_a_member(client, network, lead, committee_member, today):
    seat = network.seats.get()
    newcomer = UserFactory()
    client.force_login(lead)
    response = client.post(
        reverse("networks:seat_replace", args=[network.pk, seat.pk]),
        {"user": newcomer.email, "on": "2027-01-10"},
    )
    assert response.status_code == 302
    assert network.seats.active().get().user == newcomer
    html = client.get(network.get_absolute_url()).content.decode()
    assert "Anciens membres" in html
    assert escape(committee_member.get_full_name()) in html


def test_the_lead_removes_a_member(client, network, lead, committee_member, today):
    seat = network.seats.get()
    client.force_login(lead)
    url = reverse("networks:seat_end", args=[network.pk, seat.pk])
    assert "Retirer du comité" in client.get(url).content.decode()
    response = client.post(url, {"on": "2027-01-10"})
    assert response.status_code == 302
    assert not network.seats.active().exists()
    # An ended seat is no longer a target.
    assert client.post(url, {"on": "2027-01-10"}).status_code == 404
    assert not perms.networks_for_user(committee_member).filter(pk=network.pk).exists()


def test_removal_date_before_the_mandate_is_refused(client, network, lead, today):
    seat = network.seats.get()
    client.force_login(lead)
    response = client.post(
        reverse("networks:seat_end", args=[network.pk, seat.pk]), {"on": "2026-09-01"}
    )
    assert "ne peut pas précéder" in response.content.decode()
    assert CommitteeSeat.objects.get(pk=seat.pk).ended_on is None


def test_a_seat_of_another_network_is_404(client, network, lead):
    other = CommitteeSeatFactory()
    client.force_login(lead)
    url = reverse("networks:seat_replace", args=[network.pk, other.pk])
    assert client.get(url).status_code == 404
