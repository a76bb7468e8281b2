"""The refusal of a save over a newer version says what changed, before → after, as the
pages show the values: French dates, labels of choices, long texts cut (one helper,
`foquale.versioning`, for every versioned form)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from foquale.versioning import SHOWN_MAX, check_version
from networks import services
from networks.models import Meeting

pytestmark = pytest.mark.django_db


def _refusal(meeting: Meeting, opened: int) -> str:
    with pytest.raises(ValidationError) as refused:
        check_version(Meeting.objects.get(pk=meeting.pk), opened)
    return " ".join(refused.value.messages)


def test_dates_and_long_texts_are_shown_before_and_after(network, lead):
    meeting = services.meeting_create(network=network, held_on=dt.date(2025, 1, 15), title="A")
    long = "Compte rendu " + "très " * 40
    services.meeting_update(
        meeting=meeting,
        held_on=dt.date(2025, 1, 20),
        title="A",
        agenda="",
        attendees=[],
        minutes=long,
        decisions="",
        by=lead,
    )
    text = _refusal(meeting, 1)
    assert f"Ce dossier a été modifié par {lead.get_full_name()} à " in text
    shown = long.strip()[: SHOWN_MAX - 1] + "…"
    assert (
        f"Champs modifiés : date : « 15/01/2025 » → « 20/01/2025 » ; "
        f"compte rendu : « — » → « {shown} »."
    ) in text
    assert "title" not in text  # unchanged fields are not listed


def test_an_edit_saved_before_the_values_were_kept_gives_the_labels(network, lead):
    meeting = services.meeting_create(network=network, held_on=dt.date(2025, 1, 15), title="A")
    Meeting.objects.filter(pk=meeting.pk).update(version=2, changed_fields=["minutes"])
    assert "Champs modifiés : compte rendu." in _refusal(meeting, 1)


def test_the_version_the_form_was_opened_on_passes(network):
    meeting = services.meeting_create(network=network, held_on=dt.date(2025, 1, 15), title="A")
    check_version(meeting, meeting.version)
    check_version(meeting, None)
