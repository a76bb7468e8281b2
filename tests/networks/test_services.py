import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from networks import perms, services
from networks.models import Meeting
from tests.factories import NetworkFactory, UserFactory

from .conftest import DAY, _visible
from .factories import MeetingFactory, ObjectiveFactory

pytestmark = pytest.mark.django_db


# --- lead ---


def test_appointing_a_lead_grants_and_revokes(network, lead, steering, today):
    newcomer = UserFactory()
    services.network_appoint_lead(network=network, user=newcomer, appointed_on=DAY, by=steering)
    network.refresh_from_db()
    assert network.lead == newcomer
    assert network.lead_appointed_on == DAY
    assert perms.can_edit_network(newcomer, network)
    assert not perms.can_edit_network(lead, network)
    assert not _visible(lead, network)


def test_appointing_the_same_lead_again_is_refused(network, lead, steering, today):
    with pytest.raises(ValidationError, match="déjà responsable"):
        services.network_appoint_lead(network=network, user=lead, appointed_on=DAY, by=steering)


def test_a_lead_from_another_academy_is_refused(network, lead, steering, today):
    elsewhere = NetworkFactory(lead=UserFactory())
    with pytest.raises(ValidationError, match="autre académie"):
        services.network_appoint_lead(
            network=network, user=elsewhere.lead, appointed_on=DAY, by=steering
        )
    network.refresh_from_db()
    assert network.lead == lead


def test_a_future_appointment_date_is_refused(network, steering, today):
    with pytest.raises(ValidationError, match="postérieure à aujourd’hui"):
        services.network_appoint_lead(
            network=network,
            user=UserFactory(),
            appointed_on=today + dt.timedelta(days=1),
            by=steering,
        )


# --- objectives, actions, meetings ---


def test_objective_and_action_writes(network, lead, committee_member):
    objective = services.objective_create(
        network=network, school_year=2026, title="Réduire les ruptures de parcours"
    )
    services.objective_update(
        objective=objective,
        school_year=2026,
        title="Réduire les ruptures",
        description="",
        indicator="Ruptures",
        status="done",
    )
    action = services.action_create(objective=objective, title="Recenser", owner=committee_member)
    assert action.owner == committee_member
    objective.refresh_from_db()
    assert (objective.title, objective.status) == ("Réduire les ruptures", "done")


def test_an_action_pilot_must_be_on_the_committee(network, outsider):
    objective = ObjectiveFactory(network=network)
    with pytest.raises(ValidationError, match="pilote de l’action"):
        services.action_create(objective=objective, title="Recenser", owner=outsider)
    assert not objective.actions.exists()


def test_an_action_keeps_its_pilot_after_they_leave(network, committee_member, today):
    objective = ObjectiveFactory(network=network)
    action = services.action_create(objective=objective, title="Recenser", owner=committee_member)
    services.committee_seat_end(seat=network.seats.get(), on=DAY)
    services.action_update(
        action=action,
        title="Recenser les places",
        description="",
        owner=committee_member,
        due_on=None,
        status="done",
    )
    action.refresh_from_db()
    assert (action.title, action.owner) == ("Recenser les places", committee_member)


def test_meeting_attendees_must_be_on_the_committee(network, lead, committee_member, outsider):
    with pytest.raises(ValidationError, match="Les présents"):
        services.meeting_create(
            network=network, held_on=DAY, title="Comité", attendees=[lead, outsider]
        )
    assert not Meeting.objects.exists()
    meeting = services.meeting_create(
        network=network, held_on=DAY, title="Comité", attendees=[lead, committee_member]
    )
    assert set(meeting.attendees.all()) == {lead, committee_member}


def test_a_meeting_needs_a_date(network):
    with pytest.raises(ValidationError, match="Indiquez la date de la réunion."):
        services.meeting_create(network=network, held_on=None, title="Comité")
    assert not Meeting.objects.exists()


def test_a_past_attendee_stays_valid_when_editing(network, lead, committee_member, today):
    meeting = MeetingFactory(network=network)
    meeting.attendees.set([lead, committee_member])
    services.committee_seat_end(seat=network.seats.get(), on=DAY)
    services.meeting_update(
        meeting=meeting,
        held_on=meeting.held_on,
        title=meeting.title,
        agenda="",
        attendees=[lead, committee_member],
        minutes="Compte rendu",
        decisions="",
    )
    meeting.refresh_from_db()
    assert meeting.minutes == "Compte rendu"
    assert set(meeting.attendees.all()) == {lead, committee_member}
