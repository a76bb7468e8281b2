"""Meetings, objectives and actions: every edit by the lead leaves a trace (who, when,
before, after) on the object's page; a cancellation keeps the reason and takes the record
out of the activity report."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from networks import services
from networks.enums import ActionStatus, ObjectiveStatus
from networks.models import GovernanceCorrection
from reporting.activity import activity_report_data

pytestmark = pytest.mark.django_db

# Queries of the meeting page, whatever the number of corrections.
BUDGET = 12


@pytest.fixture
def meeting(network):
    return services.meeting_create(
        network=network,
        held_on=timezone.localdate() - dt.timedelta(days=3),
        title="Réunion de rentrée",
        agenda="Composition du comité.",
    )


@pytest.fixture
def objective(network):
    objective = services.objective_create(
        network=network, school_year=timezone.localdate().year, title="Réduire les délais"
    )
    services.action_create(objective=objective, title="Tableau de suivi mensuel")
    return objective


def _cancel_urls(network, meeting, objective):
    action = objective.actions.get()
    return [
        reverse("networks:meeting_cancel", args=[network.pk, meeting.pk]),
        reverse("networks:objective_cancel", args=[network.pk, objective.pk]),
        reverse("networks:action_cancel", args=[network.pk, objective.pk, action.pk]),
    ]


def test_anonymous_is_sent_to_login(client, network, meeting, objective):
    for url in _cancel_urls(network, meeting, objective):
        response = client.get(url)
        assert response.status_code == 302
        assert "/connexion/" in response.url


def test_outsider_gets_404_and_committee_member_403(
    client, network, meeting, objective, outsider, committee_member
):
    for user, status in ((outsider, 404), (committee_member, 403)):
        client.force_login(user)
        for url in _cancel_urls(network, meeting, objective):
            assert client.post(url, {"reason": "Erreur"}).status_code == status
    assert not GovernanceCorrection.objects.exists()


def test_meeting_edit_is_traced_and_shown(client, network, meeting, lead):
    client.force_login(lead)
    url = reverse("networks:meeting_update", args=[network.pk, meeting.pk])
    response = client.post(
        url,
        {
            "held_on": meeting.held_on.isoformat(),
            "title": "Réunion de rentrée du comité",
            "agenda": meeting.agenda,
            "minutes": "",
            "decisions": "",
        },
    )
    assert response.status_code == 302, response.content.decode()
    correction = GovernanceCorrection.objects.get()
    assert correction.by == lead
    assert correction.before == {"objet": "Réunion de rentrée"}
    assert correction.after == {"objet": "Réunion de rentrée du comité"}
    page = client.get(reverse("networks:meeting_detail", args=[network.pk, meeting.pk]))
    assert "Corrections et annulations" in page.content.decode()


def test_cancelled_meeting_leaves_the_activity_report(client, network, meeting, lead):
    year = activity_report_data(network, timezone.localdate().year).year
    client.force_login(lead)
    response = client.post(
        reverse("networks:meeting_cancel", args=[network.pk, meeting.pk]),
        {"reason": "Réunion reportée, jamais tenue"},
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.cancelled_at is not None
    assert meeting not in activity_report_data(network, year).meetings
    page = client.get(reverse("networks:meeting_detail", args=[network.pk, meeting.pk]))
    html = page.content.decode()
    assert "Annulée le" in html
    assert "Réunion reportée, jamais tenue" in html


def test_cancelled_objective_cancels_its_open_actions(client, network, objective, lead):
    client.force_login(lead)
    response = client.post(
        reverse("networks:objective_cancel", args=[network.pk, objective.pk]),
        {"reason": "Doublon"},
    )
    assert response.status_code == 302
    objective.refresh_from_db()
    assert objective.status == ObjectiveStatus.CANCELLED
    assert objective.actions.get().status == ActionStatus.CANCELLED
    page = client.get(reverse("networks:objectives", args=[network.pk]) + "?annee=toutes")
    assert "Doublon" in page.content.decode()


def test_cancel_needs_a_reason(client, network, objective, lead):
    client.force_login(lead)
    action = objective.actions.get()
    response = client.post(
        reverse("networks:action_cancel", args=[network.pk, objective.pk, action.pk]),
        {"reason": ""},
    )
    assert "Indiquez le motif" in response.content.decode()
    action.refresh_from_db()
    assert action.status == ActionStatus.PLANNED


def test_meeting_page_queries_do_not_grow_with_corrections(
    client, network, meeting, lead, django_assert_max_num_queries
):
    client.force_login(lead)
    url = reverse("networks:meeting_detail", args=[network.pk, meeting.pk])
    client.get(url)
    with django_assert_max_num_queries(BUDGET):
        client.get(url)
    for title in ("Un", "Deux", "Trois"):
        services.meeting_update(
            meeting=meeting,
            held_on=meeting.held_on,
            title=title,
            agenda="",
            attendees=[],
            minutes="",
            decisions="",
            by=lead,
        )
    with django_assert_max_num_queries(BUDGET):
        client.get(url)
