"""A rendered form sends once: the token row and the write share one transaction."""

import datetime as dt
import uuid

import pytest
import time_machine
from django.core.exceptions import ValidationError

from foquale.submissions.models import Submission
from foquale.submissions.services import submission_run, submissions_prune
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_second_send_finds_the_first_result():
    user, token, calls = UserFactory(), uuid.uuid4(), []

    def action() -> str:
        calls.append(1)
        return f"/jeunes/{len(calls)}/"

    assert submission_run(user=user, token=token, action=action) == ("/jeunes/1/", True)
    assert submission_run(user=user, token=token, action=action) == ("/jeunes/1/", False)
    assert len(calls) == 1


def test_a_refused_write_leaves_no_token_and_can_be_sent_again():
    user, token = UserFactory(), uuid.uuid4()

    def refused() -> str:
        raise ValidationError("Non.")

    with pytest.raises(ValidationError):
        submission_run(user=user, token=token, action=refused)
    assert not Submission.objects.exists()
    assert submission_run(user=user, token=token, action=lambda: "/ok/") == ("/ok/", True)


def test_someone_elses_token_is_never_followed():
    token = uuid.uuid4()
    submission_run(user=UserFactory(), token=token, action=lambda: "/jeunes/1/")
    assert submission_run(user=UserFactory(), token=token, action=lambda: "/jeunes/2/") == (
        "/jeunes/2/",
        True,
    )


def test_old_tokens_are_pruned():
    with time_machine.travel(dt.datetime(2026, 1, 1, tzinfo=dt.UTC), tick=False):
        submission_run(user=UserFactory(), token=uuid.uuid4(), action=lambda: "/a/")
    with time_machine.travel(dt.datetime(2026, 1, 20, tzinfo=dt.UTC), tick=False):
        submission_run(user=UserFactory(), token=uuid.uuid4(), action=lambda: "/b/")
        assert submissions_prune() == 0
    with time_machine.travel(dt.datetime(2026, 2, 5, tzinfo=dt.UTC), tick=False):
        assert submissions_prune() == 1
    assert list(Submission.objects.values_list("url", flat=True)) == ["/b/"]
