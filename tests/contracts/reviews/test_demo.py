import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command

from contracts.models.reviews import Reminder, SituationReview
from contracts.reviews.enums import DueState
from contracts.reviews.selectors import tutor_reviews_due
from contracts.reviews.services import reminder_scan
from networks.demo import demo_user

from .conftest import at

pytestmark = pytest.mark.django_db


def test_demo_has_review_history_a_late_review_and_coming_ones(
    settings, django_capture_on_commit_callbacks
):
    settings.DEMO = True
    with at(dt.date(2026, 11, 28)):
        call_command("seed_demo", "--i-know-this-is-not-production")
        reviews = SituationReview.objects.count()
        call_command("seed_demo", "--i-know-this-is-not-production")  # idempotent
        assert SituationReview.objects.count() == reviews > 0
        states = {row.state for row in tutor_reviews_due(demo_user("tuteur"))}
        assert DueState.LATE in states
        assert states & {DueState.UPCOMING, DueState.DUE}

        with django_capture_on_commit_callbacks(execute=True):
            reminder_scan()
        reminders = Reminder.objects.count()
        assert reminders > 0
        sent = {m.to[0] for m in mail.outbox}
        assert "tuteur@demo.foquale.fr" in sent
        with django_capture_on_commit_callbacks(execute=True):
            reminder_scan()
        assert Reminder.objects.count() == reminders  # a second scan adds nothing
