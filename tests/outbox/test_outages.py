"""The broker or the mail server down: no request fails, no mail is lost or sent twice."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from kombu.exceptions import OperationalError

from foquale.celery import app
from foquale.outbox.models import EmailStatus, OutboxEmail
from foquale.outbox.services import (
    MAX_ATTEMPTS,
    STUCK_SENDING_AFTER,
    email_queue,
    email_queue_many,
    email_render,
    outbox_flush,
)
from foquale.outbox.tasks import send_emails
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PARIS = zoneinfo.ZoneInfo("Europe/Paris")
T0 = dt.datetime(2026, 11, 5, 9, 0, tzinfo=PARIS)
TEMPLATE = "contracts/emails/review_due"
CONTEXT = {
    "youth_name": "Lina D.",
    "contract_id": 7,
    "due_on": dt.date(2026, 10, 29),
    "late_on": dt.date(2026, 11, 5),
    "record_url": "http://x/contrats/7/bilans/nouveau/",
}


@pytest.fixture
def closed_broker():
    """The broker at a port where nothing listens; `reopen()` brings the workers back (the
    tasks then run in place)."""
    saved = app.conf.broker_url

    def reset_pools():
        app._pool = None
        app.amqp._producer_pool = None

    def reopen():
        app.conf.task_always_eager = True
        app.conf.broker_url = saved
        reset_pools()

    app.conf.task_always_eager = False
    app.conf.broker_url = "redis://127.0.0.1:9/0"
    reset_pools()
    yield reopen
    reopen()


class Smtp:
    """The locmem backend with a switch: while `down`, every send fails as a refused
    connection does."""

    def __init__(self, monkeypatch):
        self.down = True
        real_send = EmailBackend.send_messages
        real_open = EmailBackend.open

        def send(backend, messages):
            if self.down:
                raise ConnectionRefusedError("smtp down")
            return real_send(backend, messages)

        def open_(backend):
            if self.down:
                raise ConnectionRefusedError("smtp down")
            return real_open(backend)

        monkeypatch.setattr(EmailBackend, "send_messages", send)
        monkeypatch.setattr(EmailBackend, "open", open_)


@pytest.fixture
def smtp(monkeypatch):
    return Smtp(monkeypatch)


def queue_one(capture) -> OutboxEmail:
    with capture(execute=True):
        return email_queue(kind="test", to=["a@ac-test.fr"], template=TEMPLATE, context=CONTEXT)


def flush_at(when: dt.datetime, capture) -> None:
    """The beat's flush at `when`, with the tasks it enqueues run in place."""
    with time_machine.travel(when, tick=False), capture(execute=True):
        outbox_flush()


def test_broker_down_the_request_answers_and_the_mail_leaves_once_it_is_back(
    client, closed_broker, django_capture_on_commit_callbacks
):
    UserFactory(email="cpe@ac-test.fr")
    with time_machine.travel(T0, tick=False), django_capture_on_commit_callbacks(execute=True):
        response = client.post("/mot-de-passe/oubli/", {"email": "cpe@ac-test.fr"})
    assert response.status_code == 302
    row = OutboxEmail.objects.get(kind="password_reset")
    assert (row.status, row.attempts) == (EmailStatus.PENDING, 0)
    assert not mail.outbox

    closed_broker()
    flush_at(T0 + dt.timedelta(minutes=11), django_capture_on_commit_callbacks)
    flush_at(T0 + dt.timedelta(minutes=21), django_capture_on_commit_callbacks)
    row.refresh_from_db()
    assert (row.status, row.attempts) == (EmailStatus.SENT, 1)
    assert [m.to for m in mail.outbox] == [["cpe@ac-test.fr"]]


def test_broker_down_a_batch_is_stored_and_waits(monkeypatch, django_capture_on_commit_callbacks):
    def down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to redis:6379. Connection refused.")

    monkeypatch.setattr("foquale.outbox.tasks.send_emails.delay", down)
    emails = [
        email_render(
            kind="t", to=[f"p{n}@x.fr"], template=TEMPLATE, context=CONTEXT, dedupe_key=f"k{n}"
        )
        for n in range(3)
    ]
    with django_capture_on_commit_callbacks(execute=True):
        stored = email_queue_many(emails=emails)
    assert len(stored) == 3
    assert set(OutboxEmail.objects.values_list("status", flat=True)) == {EmailStatus.PENDING}


def test_smtp_down_for_six_hours_loses_no_mail(smtp, django_capture_on_commit_callbacks):
    with time_machine.travel(T0, tick=False):
        email = queue_one(django_capture_on_commit_callbacks)
    attempts = []
    # Six hours of outage, the flush running every ten minutes as the beat does.
    for minutes in range(10, 6 * 60 + 1, 10):
        flush_at(T0 + dt.timedelta(minutes=minutes), django_capture_on_commit_callbacks)
        email.refresh_from_db()
        assert email.status == EmailStatus.PENDING, f"given up after {minutes} minutes"
        attempts.append(email.attempts)
    assert email.last_error == "ConnectionRefusedError"
    assert email.next_attempt_at > T0 + dt.timedelta(hours=6)
    assert attempts == sorted(attempts) and 5 <= attempts[-1] < MAX_ATTEMPTS
    assert not mail.outbox

    smtp.down = False
    flush_at(email.next_attempt_at + dt.timedelta(minutes=5), django_capture_on_commit_callbacks)
    flush_at(email.next_attempt_at + dt.timedelta(minutes=15), django_capture_on_commit_callbacks)
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert len(mail.outbox) == 1


def test_a_longer_outage_fails_the_mail_after_its_last_attempt(
    smtp, django_capture_on_commit_callbacks
):
    with time_machine.travel(T0, tick=False):
        email = queue_one(django_capture_on_commit_callbacks)
    failed_at = None
    for minutes in range(10, 12 * 60, 10):
        flush_at(T0 + dt.timedelta(minutes=minutes), django_capture_on_commit_callbacks)
        email.refresh_from_db()
        if email.status == EmailStatus.FAILED:
            failed_at = T0 + dt.timedelta(minutes=minutes)
            break
    assert failed_at is not None and failed_at >= T0 + dt.timedelta(hours=6, minutes=51)
    assert (email.attempts, email.last_error) == (MAX_ATTEMPTS, "ConnectionRefusedError")


def test_a_batch_whose_mail_server_is_unreachable_is_retried(
    smtp, monkeypatch, django_capture_on_commit_callbacks
):
    with time_machine.travel(T0, tick=False):
        rows = [
            email_render(
                kind="t", to=[f"p{n}@x.fr"], template=TEMPLATE, context=CONTEXT, dedupe_key=f"k{n}"
            )
            for n in range(3)
        ]
        OutboxEmail.objects.bulk_create(rows)
        ids = list(OutboxEmail.objects.order_by("pk").values_list("pk", flat=True))
        retried = []
        monkeypatch.setattr(
            "foquale.outbox.tasks.send_emails.apply_async",
            lambda args, countdown: retried.append((args, countdown)),
        )
        assert send_emails(ids) == 0
    assert retried == [((ids,), 60.0)]
    for row in OutboxEmail.objects.all():
        assert (row.status, row.attempts, row.last_error) == (
            EmailStatus.PENDING,
            1,
            "ConnectionRefusedError",
        )
        assert row.next_attempt_at == T0 + dt.timedelta(minutes=1)

    # The scheduled retry, a minute later, once the server is back.
    smtp.down = False
    with time_machine.travel(T0 + dt.timedelta(minutes=1), tick=False):
        assert send_emails(ids) == 3
        assert send_emails(ids) == 0  # a redelivery sends nothing twice
    assert len(mail.outbox) == 3


def test_an_early_retry_does_not_spend_an_attempt(smtp, django_capture_on_commit_callbacks):
    with time_machine.travel(T0, tick=False):
        email = queue_one(django_capture_on_commit_callbacks)
    smtp.down = False
    with time_machine.travel(T0 + dt.timedelta(seconds=30), tick=False):
        assert send_emails.delay([email.pk]).get() == 0
    email.refresh_from_db()
    assert (email.status, email.attempts) == (EmailStatus.PENDING, 1)


def stuck_row(key: str, attempts: int, since: dt.datetime) -> OutboxEmail:
    row = email_render(kind="t", to=["a@x.fr"], template=TEMPLATE, context=CONTEXT, dedupe_key=key)
    row.status, row.attempts, row.last_attempt_at = EmailStatus.SENDING, attempts, since
    row.save()
    return row


def test_rows_left_sending_by_a_killed_worker_are_resolved(django_capture_on_commit_callbacks):
    now = T0 + dt.timedelta(hours=1)
    interrupted = stuck_row("interrupted", 2, now - STUCK_SENDING_AFTER - dt.timedelta(minutes=1))
    last_chance = stuck_row("last", MAX_ATTEMPTS, now - dt.timedelta(hours=1))
    in_flight = stuck_row("in-flight", 1, now - dt.timedelta(minutes=2))
    with time_machine.travel(now, tick=False), django_capture_on_commit_callbacks(execute=True):
        assert outbox_flush() == {"requeued": 1, "stuck": 1, "given_up": 1}
    for row in (interrupted, last_chance, in_flight):
        row.refresh_from_db()
    assert (interrupted.status, interrupted.attempts) == (EmailStatus.SENT, 3)
    assert last_chance.status == EmailStatus.FAILED
    assert "vérifiez si le courriel est parti" in last_chance.last_error
    assert in_flight.status == EmailStatus.SENDING  # its worker may still be sending it
    assert [m.to for m in mail.outbox] == [["a@x.fr"]]
