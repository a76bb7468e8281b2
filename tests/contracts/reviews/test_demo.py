import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command

from contracts.models import Contract
from contracts.models.reviews import Reminder, SituationReview
from contracts.reviews.enums import DueState, ReminderKind
from contracts.reviews.selectors import tutor_reviews_due
from contracts.reviews.services import reminder_scan
from networks.demo import demo_user

from .conftest import at

pytestmark = pytest.mark.django_db


def test_demo_tutor_has_a_late_review_and_a_coming_one(
    settings, django_capture_on_commit_callbacks
):
    settings.DEMO = True
    with at(dt.date(2026, 11, 28)):
        call_command("seed_demo")
        call_command("seed_demo")  # idempotent
        tutor = demo_user("tuteur")
        assert [row.state for row in tutor_reviews_due(tutor)] == [DueState.LATE, DueState.UPCOMING]
        assert Contract.objects.count() == 2
        assert SituationReview.objects.count() == 1

        with django_capture_on_commit_callbacks(execute=True):
            reminder_scan()
    assert sorted(Reminder.objects.values_list("kind", flat=True)) == sorted(
        [ReminderKind.BEFORE, ReminderKind.LATE_REFERENT]
    )
    assert sorted(m.to[0] for m in mail.outbox) == [
        "referent@demo.foquale.fr",
        "tuteur@demo.foquale.fr",
    ]
