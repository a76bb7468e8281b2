import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from foquale.outbox.models import EmailStatus, OutboxEmail
from foquale.outbox.services import (
    email_queue,
    email_queue_many,
    email_render,
    email_send,
    outbox_flush,
)
from foquale.outbox.tasks import send_email, send_emails
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PARIS = zoneinfo.ZoneInfo("Europe/Paris")
TEMPLATE = "contracts/emails/review_due"
CONTEXT = {
    "youth_name": "Lina D.",
    "contract_id": 7,
    "due_on": dt.date(2026, 10, 29),
    "late_on": dt.date(2026, 11, 5),
    "record_url": "http://x/contrats/7/bilans/nouveau/",
}


def render(key: str = "k1", to=("a@ac-test.fr",)) -> OutboxEmail:
    return email_render(kind="test", to=to, template=TEMPLATE, context=CONTEXT, dedupe_key=key)


class Broken(Exception):
    pass


@pytest.fixture
def broken_backend(monkeypatch):
    def fail(self, messages):
        raise Broken("smtp down")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", fail)


def test_queue_stores_then_sends_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email = email_queue(
            kind="test", to=["b@x.fr", "a@x.fr", "a@x.fr"], template=TEMPLATE, context=CONTEXT
        )
    email.refresh_from_db()
    assert email.to == ["a@x.fr", "b@x.fr"]
    assert email.subject == "Bilan de situation prévu aujourd’hui — Lina D."
    assert (email.status, email.attempts) == (EmailStatus.SENT, 1)
    assert email.sent_at and email.last_attempt_at
    assert len(mail.outbox) == 1


def test_a_dedupe_key_is_used_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert email_queue(
            kind="t", to=["a@x.fr"], template=TEMPLATE, context=CONTEXT, dedupe_key="k"
        )
        assert (
            email_queue(kind="t", to=["a@x.fr"], template=TEMPLATE, context=CONTEXT, dedupe_key="k")
            is None
        )
    assert OutboxEmail.objects.count() == 1
    assert len(mail.outbox) == 1


def test_queue_many_keeps_the_first_row_of_each_key(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = email_queue_many(emails=[render("k1"), render("k2")])
    with django_capture_on_commit_callbacks(execute=True):
        again = email_queue_many(emails=[render("k2", to=["other@x.fr"]), render("k3")])
    assert again["k2"] == first["k2"]
    assert OutboxEmail.objects.count() == 3
    assert sorted(m.to[0] for m in mail.outbox) == ["a@ac-test.fr"] * 3


def test_queue_many_requires_keys():
    with pytest.raises(ValueError):
        email_queue_many(emails=[render("")])


def test_a_claimed_email_never_leaves_twice(django_capture_on_commit_callbacks):
    email = render()
    email.save()
    assert email_send(email_id=email.pk) is True
    assert email_send(email_id=email.pk) is False
    assert send_email.delay(email.pk).get() is False
    assert len(mail.outbox) == 1


def test_a_failed_attempt_leaves_the_row_pending_for_the_next_one(broken_backend):
    email = render()
    email.save()
    with pytest.raises(Broken):
        email_send(email_id=email.pk)
    email.refresh_from_db()
    assert (email.status, email.attempts) == (EmailStatus.PENDING, 1)


def test_a_secret_body_is_kept_until_the_message_leaves_then_emptied(
    monkeypatch, django_capture_on_commit_callbacks
):
    link = "http://x/famille/secret-link/"
    context = {**CONTEXT, "record_url": link}
    monkeypatch.setattr(
        "django.core.mail.backends.locmem.EmailBackend.send_messages",
        lambda self, messages: (_ for _ in ()).throw(Broken("smtp down")),
    )
    email = email_queue(
        kind="test", to=["a@x.fr"], template=TEMPLATE, context=context, secret_body=True
    )
    with pytest.raises(Broken):
        email_send(email_id=email.pk)
    email.refresh_from_db()
    assert link in email.body_text  # still needed for the next attempt

    monkeypatch.undo()
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=2)):  # the retry is due
        assert email_send(email_id=email.pk)
    assert link in mail.outbox[0].body
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT and email.sent_at
    assert (email.to, email.subject) == (
        ["a@x.fr"],
        "Bilan de situation prévu aujourd’hui — Lina D.",
    )
    assert link not in email.body_text and email.body_html == ""
    assert "Contenu effacé dès l’envoi" in email.body_text


def test_an_ordinary_body_is_kept_after_sending(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email = email_queue(kind="test", to=["a@x.fr"], template=TEMPLATE, context=CONTEXT)
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert CONTEXT["record_url"] in email.body_text


def test_flush_requeues_lost_rows_and_retries_interrupted_ones(django_capture_on_commit_callbacks):
    with time_machine.travel(dt.datetime(2026, 11, 5, 9, tzinfo=PARIS), tick=False):
        lost = render("lost")
        lost.save()
        fresh_time = render("fresh")
        stuck = render("stuck")
        stuck.status = EmailStatus.SENDING
        stuck.attempts = 1
        stuck.last_attempt_at = dt.datetime(2026, 11, 5, 9, tzinfo=PARIS)
        stuck.save()
    with time_machine.travel(dt.datetime(2026, 11, 5, 10, 5, tzinfo=PARIS), tick=False):
        fresh_time.save()  # created just now: its task is probably still queued
        with django_capture_on_commit_callbacks(execute=True):
            assert outbox_flush() == {"requeued": 2, "stuck": 1, "given_up": 0}
    lost.refresh_from_db()
    stuck.refresh_from_db()
    fresh_time.refresh_from_db()
    assert lost.status == EmailStatus.SENT
    assert fresh_time.status == EmailStatus.PENDING
    assert (stuck.status, stuck.attempts) == (EmailStatus.SENT, 2)
    assert len(mail.outbox) == 2


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_admin_lists_the_outbox_and_requeues_failed_rows(
    admin_client, django_capture_on_commit_callbacks
):
    failed = render("failed")
    failed.status, failed.attempts, failed.last_error = EmailStatus.FAILED, 5, "Broken"
    failed.save()
    sent = render("sent")
    sent.status = EmailStatus.SENT
    sent.save()
    url = reverse("admin:outbox_outboxemail_changelist")
    assert "Bilan de situation prévu aujourd’hui" in admin_client.get(url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            url,
            {"action": "requeue", "_selected_action": [failed.pk, sent.pk]},
            follow=True,
        )
    assert "1 courriel(s) remis dans la file d’envoi." in response.content.decode()
    failed.refresh_from_db()
    assert failed.status == EmailStatus.SENT
    assert len(mail.outbox) == 1


def test_admin_shows_reminders(admin_client):
    from contracts.models.reviews import Reminder
    from contracts.reviews.enums import ReminderKind
    from tests.contracts.reviews.factories import ContractFactory

    Reminder.objects.create(
        contract=ContractFactory(), due_on=dt.date(2026, 10, 29), kind=ReminderKind.DUE, level=2
    )
    response = admin_client.get(reverse("admin:contracts_reminder_changelist"))
    assert "Rappel au tuteur le jour de l’échéance" in response.content.decode()


def test_a_chunk_goes_over_one_connection_and_a_failure_does_not_stop_it(monkeypatch):
    from django.core.mail.backends.locmem import EmailBackend

    emails = [render(f"k{n}") for n in range(3)]
    for email in emails:
        email.save()
    opened = []
    real_open = EmailBackend.open
    monkeypatch.setattr(EmailBackend, "open", lambda self: opened.append(self) or real_open(self))
    real_send = EmailBackend.send_messages
    calls = []

    def flaky(self, messages):
        calls.append(1)
        if len(calls) == 2:
            raise Broken("timeout")
        return real_send(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", flaky)
    retried = []
    monkeypatch.setattr(
        "foquale.outbox.tasks.send_email.apply_async", lambda args, countdown: retried.append(args)
    )

    assert send_emails.delay([e.pk for e in emails]).get() == 2
    assert len(opened) == 1
    assert retried == [(emails[1].pk,)]
    assert len(mail.outbox) == 2
    assert OutboxEmail.objects.get(pk=emails[1].pk).status == EmailStatus.PENDING


def test_many_ids_are_enqueued_in_chunks(monkeypatch):
    from foquale.outbox import services

    chunks = []
    monkeypatch.setattr("foquale.outbox.tasks.send_emails.delay", chunks.append)
    services.email_enqueue(list(range(1, services.SEND_CHUNK * 2 + 2)))
    assert [len(chunk) for chunk in chunks] == [services.SEND_CHUNK, services.SEND_CHUNK, 1]


def test_prune_empties_old_sent_emails_only(django_capture_on_commit_callbacks, settings):
    from foquale.outbox.services import outbox_prune

    settings.OUTBOX_KEEP_DAYS = 90
    with django_capture_on_commit_callbacks(execute=True):
        old = email_queue(kind="test", to=["a@x.fr"], template=TEMPLATE, context=CONTEXT)
        recent = email_queue(kind="test", to=["b@x.fr"], template=TEMPLATE, context=CONTEXT)
    now = dt.datetime(2027, 6, 1, 12, tzinfo=PARIS)
    OutboxEmail.objects.filter(pk=old.pk).update(sent_at=now - dt.timedelta(days=91))
    OutboxEmail.objects.filter(pk=recent.pk).update(sent_at=now - dt.timedelta(days=10))
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox_prune(now=now) == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.to, old.body_text, old.body_html) == ([], "", "")
    assert "Lina D." not in old.subject
    assert old.status == EmailStatus.SENT  # the trace stays
    assert "Lina D." in recent.body_text
    assert outbox_prune(now=now) == 0


def test_family_emails_stored_before_the_upgrade_are_emptied_by_the_migration():
    from importlib import import_module

    from django.apps import apps

    migration = import_module("contracts.migrations.0009_family_emails_secret_body")
    rows = {}
    for key, status in [("sent", EmailStatus.SENT), ("pending", EmailStatus.PENDING)]:
        email = email_render(
            kind="family_contract", to=["f@x.fr"], template=TEMPLATE, context=CONTEXT
        )
        email.status, email.dedupe_key = status, key
        email.save()
        rows[key] = email
    other = render("other")
    other.status = EmailStatus.SENT
    other.save()

    migration.mark_and_erase(apps, None)

    sent, pending = (OutboxEmail.objects.get(pk=rows[k].pk) for k in ("sent", "pending"))
    assert sent.secret_body and CONTEXT["record_url"] not in sent.body_text
    assert sent.subject and sent.to == ["f@x.fr"]
    assert pending.secret_body and CONTEXT["record_url"] in pending.body_text  # still to send
    other.refresh_from_db()
    assert not other.secret_body and CONTEXT["record_url"] in other.body_text
