"""Every form of the network pages, as the lead, with extreme values: no 500, nothing
saved."""

import pytest
from django.urls import reverse

from networks.models import Action, Objective
from tests.extreme import post_extremes
from tests.factories import UserFactory

from .factories import MeetingFactory

pytestmark = pytest.mark.django_db


def test_no_network_form_breaks_or_saves_on_extreme_values(
    client, network, lead, committee_member, today
):
    objective = Objective.objects.create(network=network, school_year=2026, title="Repérer")
    action = Action.objects.create(objective=objective, title="Former")
    meeting = MeetingFactory(network=network)
    seat = network.seats.first()
    urls = [
        reverse("networks:seat_create", args=[network.pk, "directeur-cio"]),
        reverse("networks:seat_replace", args=[network.pk, seat.pk]),
        reverse("networks:seat_end", args=[network.pk, seat.pk]),
        reverse("networks:objective_create", args=[network.pk]),
        reverse("networks:objective_update", args=[network.pk, objective.pk]),
        reverse("networks:action_create", args=[network.pk, objective.pk]),
        reverse("networks:action_update", args=[network.pk, objective.pk, action.pk]),
        reverse("networks:meeting_create", args=[network.pk]),
        reverse("networks:meeting_update", args=[network.pk, meeting.pk]),
        reverse("networks:objective_cancel", args=[network.pk, objective.pk]),
        reverse("networks:action_cancel", args=[network.pk, objective.pk, action.pk]),
        reverse("networks:meeting_cancel", args=[network.pk, meeting.pk]),
    ]
    client.force_login(lead)
    assert [problem for url in urls for problem in post_extremes(client, url)] == []


def test_the_lead_appointment_holds_on_extreme_values(client, network, steering):
    client.force_login(steering)
    url = reverse("networks:appoint_lead", args=[network.pk])
    assert post_extremes(client, url, valid={"user": UserFactory().email}) == []
