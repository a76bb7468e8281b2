import datetime as dt

import pytest
from django.urls import reverse
from django.utils.html import escape

from networks.enums import SeatRole
from networks.models import Meeting
from tests.factories import CommitteeSeatFactory

from .factories import MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(network, lead):
    meeting = MeetingFactory(network=network, minutes="Le comité a recensé 12 places.")
    meeting.attendees.set([lead])
    return meeting


def _read_urls(network, meeting):
    return [
        reverse("networks:meetings", args=[network.pk]),
        reverse("networks:meeting_detail", args=[network.pk, meeting.pk]),
    ]


def _edit_urls(network, meeting):
    return [
        reverse("networks:meeting_create", args=[network.pk]),
        reverse("networks:meeting_update", args=[network.pk, meeting.pk]),
    ]


def test_anonymous_is_sent_to_login(client, network, meeting):
    for url in _read_urls(network, meeting) + _edit_urls(network, meeting):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith("/connexion/")


def test_outsider_gets_404(client, network, meeting, outsider):
    client.force_login(outsider)
    for url in _read_urls(network, meeting) + _edit_urls(network, meeting):
        assert client.get(url).status_code == 404
        assert client.post(url, {"held_on": "2027-01-10"}).status_code == 404


@pytest.mark.parametrize("role", ["lead", "committee_member", "steering", "ien_io"])
def test_allowed_roles_read_meetings_and_minutes(client, network, meeting, role, request):
    client.force_login(request.getfixturevalue(role))
    listing, detail = _read_urls(network, meeting)
    assert meeting.title in client.get(listing).content.decode()
    html = client.get(detail).content.decode()
    assert "Le comité a recensé 12 places." in html
    assert escape(network.lead.get_full_name()) in html
    assert ("Modifier la réunion" in html) is (role == "lead")


@pytest.mark.parametrize("role", ["committee_member", "steering", "ien_io"])
def test_readers_may_not_write(client, network, meeting, role, request):
    client.force_login(request.getfixturevalue(role))
    assert "Nouvelle réunion" not in client.get(_read_urls(network, meeting)[0]).content.decode()
    for url in _edit_urls(network, meeting):
        assert client.get(url).status_code == 403
        assert client.post(url, {"held_on": "2027-01-10", "title": "x"}).status_code == 403
    assert Meeting.objects.count() == 1


def test_the_lead_records_a_meeting_with_attendance(
    client, network, lead, committee_member, outsider, today
):
    client.force_login(lead)
    url = reverse("networks:meeting_create", args=[network.pk])
    form = client.get(url).content.decode()
    assert 'type="checkbox"' in form
    assert escape(committee_member.get_full_name()) in form
    assert escape(outsider.get_full_name()) not in form
    response = client.post(
        url,
        {
            "held_on": "2027-01-12",
            "title": "Comité de réseau de janvier",
            "agenda": "Bilan des solutions",
            "attendees": [lead.pk, committee_member.pk],
            "minutes": "Deux solutions nouvelles.",
            "decisions": "Ouvrir un micro-lycée.",
        },
        follow=True,
    )
    meeting = Meeting.objects.get()
    assert response.redirect_chain[-1][0] == reverse(
        "networks:meeting_detail", args=[network.pk, meeting.pk]
    )
    assert "Deux solutions nouvelles." in response.content.decode()
    assert meeting.held_on == dt.date(2027, 1, 12)
    assert set(meeting.attendees.all()) == {lead, committee_member}


def test_a_meeting_without_a_date_is_refused(client, network, lead):
    client.force_login(lead)
    response = client.post(
        reverse("networks:meeting_create", args=[network.pk]),
        {"held_on": "", "title": "Comité", "minutes": "Texte"},
    )
    assert response.status_code == 200
    assert "Indiquez la date de la réunion." in response.content.decode()
    assert not Meeting.objects.exists()


def test_an_attendee_outside_the_committee_is_refused(client, network, lead, outsider):
    client.force_login(lead)
    response = client.post(
        reverse("networks:meeting_create", args=[network.pk]),
        {"held_on": "2027-01-12", "title": "Comité", "attendees": [outsider.pk]},
    )
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert not Meeting.objects.exists()


def test_the_lead_writes_the_minutes_later(client, network, lead, meeting):
    client.force_login(lead)
    url = reverse("networks:meeting_update", args=[network.pk, meeting.pk])
    assert "Le comité a recensé 12 places." in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "held_on": "2026-11-12",
            "title": meeting.title,
            "attendees": [lead.pk],
            "minutes": "Compte rendu définitif.",
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes == "Compte rendu définitif."


def test_a_meeting_of_another_network_is_404(client, network, lead):
    foreign = MeetingFactory()
    client.force_login(lead)
    url = reverse("networks:meeting_detail", args=[network.pk, foreign.pk])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("role", ["lead", "committee_member"])
def test_query_counts_do_not_grow(
    client, network, meeting, role, request, django_assert_max_num_queries
):
    client.force_login(request.getfixturevalue(role))
    listing, detail = _read_urls(network, meeting)
    with django_assert_max_num_queries(7):  # +1: the header's « À faire » count
        assert client.get(listing).status_code == 200
    with django_assert_max_num_queries(
        8
    ):  # +1: the header's « À faire » count, +1: the attachments of the minutes
        assert client.get(detail).status_code == 200
    for _ in range(10):
        CommitteeSeatFactory(network=network, role=SeatRole.OTHER)
    members = [seat.user for seat in network.seats.all()] + [network.lead]
    for _ in range(15):
        MeetingFactory(network=network).attendees.set(members)
    meeting.attendees.set(members)
    with django_assert_max_num_queries(7):  # +1: the header's « À faire » count
        html = client.get(listing).content.decode()
    assert html.count("<td>12</td>") == 16
    with django_assert_max_num_queries(
        8
    ):  # +1: the header's « À faire » count, +1: the attachments of the minutes
        html = client.get(detail).content.decode()
    assert all(escape(member.get_full_name()) in html for member in members)
