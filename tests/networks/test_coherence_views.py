"""Dates and texts of the governance pages inside sensible bounds, refused on their field
with nothing saved; a double click records once (issue 10, items 1 and 5)."""

import re
from html import unescape

import pytest
from django.urls import reverse

from networks.models import Action, Meeting, Objective

pytestmark = pytest.mark.django_db


def page(response) -> str:
    return unescape(response.content.decode())


def meeting_data(**overrides):
    return {"held_on": "2027-01-12", "title": "Comité", "agenda": "", "minutes": "", **overrides}


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"held_on": "1900-01-01"}, "La date de la réunion doit être comprise entre le 29/03/2013"),
        ({"held_on": "9999-12-31"}, "Cette date n’est pas plausible"),
        ({"held_on": "2030-01-12"}, "ne peut dépasser 2 ans à compter d’aujourd’hui"),
        (
            {"held_on": "2027-02-12", "minutes": "Tout s’est bien passé."},
            "Le compte rendu ne s’écrit qu’une fois la réunion tenue",
        ),
        ({"minutes": "x" * 1_000_000}, "au plus 10000 caractères"),
        ({"title": "Comité\x00"}, "caractère"),
    ],
)
def test_an_implausible_meeting_is_refused(client, network, lead, today, overrides, message):
    client.force_login(lead)
    response = client.post(
        reverse("networks:meeting_create", args=[network.pk]), meeting_data(**overrides)
    )
    assert response.status_code == 200
    assert message in page(response)
    assert not Meeting.objects.exists()


def test_a_seat_since_1990_is_refused(client, network, lead, today):
    client.force_login(lead)
    seats = network.seats.count()
    response = client.post(
        reverse("networks:seat_create", args=[network.pk, "directeur-cio"]),
        {"user": lead.email, "started_on": "1990-01-01"},
    )
    assert "La date ne peut précéder la création des réseaux FOQUALE (29/03/2013)." in page(
        response
    )
    assert network.seats.count() == seats


def test_a_planned_action_due_in_1999_is_refused(client, network, lead, today):
    objective = Objective.objects.create(network=network, school_year=2026, title="Repérer")
    client.force_login(lead)
    url = reverse("networks:action_create", args=[network.pk, objective.pk])
    response = client.post(url, {"title": "Former", "due_on": "1999-06-30", "status": "planned"})
    assert "L’échéance doit être comprise entre le 29/03/2013" in page(response)
    response = client.post(url, {"title": "Former", "due_on": "2026-12-01", "status": "planned"})
    assert "L’échéance d’une action prévue ne peut pas être passée" in page(response)
    assert not Action.objects.exists()


def test_a_double_click_records_one_objective(client, network, lead, today):
    client.force_login(lead)
    url = reverse("networks:objective_create", args=[network.pk])
    token = re.search(r'name="submission_token" value="([^"]*)"', page(client.get(url))).group(1)
    data = {
        "school_year": "2026",
        "title": "Repérer plus tôt",
        "status": "open",
        "submission_token": token,
    }
    first, second = client.post(url, data), client.post(url, data, follow=True)
    assert first.status_code == 302
    assert "Ce formulaire avait déjà été envoyé" in page(second)
    assert Objective.objects.count() == 1


def test_an_objective_for_year_1_is_refused(client, network, lead, today):
    client.force_login(lead)
    response = client.post(
        reverse("networks:objective_create", args=[network.pk]),
        {"school_year": "1", "title": "Repérer", "status": "open"},
    )
    assert response.status_code == 200
    assert not Objective.objects.exists()


def test_an_edit_over_a_newer_version_of_a_meeting_is_refused(client, network, lead, today):
    from networks import services

    meeting = services.meeting_create(network=network, held_on=today, title="Comité")
    client.force_login(lead)
    url = reverse("networks:meeting_update", args=[network.pk, meeting.pk])
    opened = re.search(r'name="version" value="([^"]*)"', page(client.get(url))).group(1)
    services.meeting_update(
        meeting=meeting,
        held_on=today,
        title="Comité",
        agenda="",
        attendees=[],
        minutes="Compte rendu du responsable.",
        decisions="",
        by=lead,
    )
    response = client.post(url, meeting_data(held_on="2027-01-15", version=opened, minutes="Mien"))
    assert "Champs modifiés : compte rendu : « — » → « Compte rendu du responsable. »." in page(
        response
    )
    meeting.refresh_from_db()
    assert meeting.minutes == "Compte rendu du responsable."


def test_a_planned_action_past_its_due_date_is_flagged(client, network, lead, today):
    objective = Objective.objects.create(network=network, school_year=2026, title="Repérer")
    Action.objects.create(
        objective=objective, title="Ancienne", due_on=today.replace(month=1, day=2)
    )
    client.force_login(lead)
    response = client.get(reverse("networks:objectives", args=[network.pk]))
    assert page(response).count("Échéance dépassée") == 1
