"""No double write on the committee's seat forms (issue 10): the same rendered form sent
twice seats the member once; the second send shows the first result."""

import re
from html import unescape

import pytest
from django.urls import reverse

from networks.models import CommitteeSeat
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ALREADY = "Ce formulaire avait déjà été envoyé : voici ce qu’il a enregistré."


def _token(html: str) -> str:
    return re.search(r'name="submission_token" value="([^"]+)"', html).group(1)


def test_the_same_seat_form_sent_twice_seats_the_member_once(client, network, lead, today):
    url = reverse("networks:seat_create", args=[network.pk, "directeur-cio"])
    client.force_login(lead)
    token = _token(client.get(url).content.decode())
    before = CommitteeSeat.objects.count()
    data = {"user": UserFactory().email, "started_on": today.isoformat(), "submission_token": token}
    first = client.post(url, data)
    assert first.status_code == 302
    second = client.post(url, data, follow=True)
    assert second.redirect_chain[0][0] == first.url
    assert ALREADY in unescape(second.content.decode())
    assert CommitteeSeat.objects.count() == before + 1


def test_a_seat_form_refused_writes_nothing_and_keeps_its_token(client, network, lead, today):
    url = reverse("networks:seat_create", args=[network.pk, "directeur-cio"])
    client.force_login(lead)
    token = _token(client.get(url).content.decode())
    before = CommitteeSeat.objects.count()
    response = client.post(
        url,
        {
            "user": "personne@inconnue.fr",
            "started_on": today.isoformat(),
            "submission_token": token,
        },
    )
    assert response.status_code == 200
    assert "Aucun compte actif ne correspond" in response.content.decode()
    assert _token(response.content.decode()) == token
    assert CommitteeSeat.objects.count() == before


def test_the_same_replacement_sent_twice_replaces_once(client, network, lead, today):
    seat = network.seats.active().get()
    url = reverse("networks:seat_replace", args=[network.pk, seat.pk])
    client.force_login(lead)
    token = _token(client.get(url).content.decode())
    data = {"user": UserFactory().email, "on": today.isoformat(), "submission_token": token}
    first = client.post(url, data)
    assert first.status_code == 302
    # The replaced seat is no longer active: the second send still finds the first result.
    second = client.post(url, data, follow=True)
    assert second.redirect_chain[0][0] == first.url
    assert ALREADY in unescape(second.content.decode())
    assert network.seats.active().count() == 1
    assert network.seats.count() == 2


def test_an_outsider_cannot_read_a_result_by_its_token(client, network, lead, outsider, today):
    seat = network.seats.active().get()
    url = reverse("networks:seat_replace", args=[network.pk, seat.pk])
    client.force_login(lead)
    token = _token(client.get(url).content.decode())
    data = {"user": UserFactory().email, "on": today.isoformat(), "submission_token": token}
    client.post(url, data)
    client.force_login(outsider)
    assert client.post(url, data).status_code == 404
