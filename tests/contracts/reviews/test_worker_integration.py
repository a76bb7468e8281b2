"""A real Celery worker process, on the real Redis and the test database, runs the scan.

Run with REDIS_URL set (locally redis://127.0.0.1:6379/1). Without it these tests are
skipped, except with CI=true where they fail.
"""

import datetime as dt
import re
import time

import pytest
import time_machine
from django.utils import timezone

from contracts.models import Contract, Proposal, Youth
from contracts.models.reviews import Reminder
from contracts.reviews.enums import ReminderKind
from foquale.celery import REVIEW_SCAN, app
from foquale.grants import sync_all
from foquale.outbox.models import EmailStatus, OutboxEmail
from tests.factories import UserFactory

from .factories import ContractFactory, ProposalFactory, ReferentFactory, YouthFactory
from .worker import Worker, redis_url_or_skip

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def broker():
    """The test process sends to the broker instead of running tasks in place."""
    url = redis_url_or_skip()
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    yield url
    app.conf.task_always_eager = eager


@pytest.fixture
def make_worker(broker, tmp_path, transactional_db):
    workers = []

    def make(**env) -> Worker:
        worker = Worker(tmp_path / f"w{len(workers)}", broker, **env)
        workers.append(worker)
        return worker

    yield make
    # Stopped before the test database is flushed or dropped.
    for worker in workers:
        worker.stop()
        worker.clean_redis()


def send_scan(worker: Worker) -> str:
    return app.send_task(REVIEW_SCAN, queue=worker.queue).id


def contract_ids_in(messages) -> list[int]:
    ids = []
    for message in messages:
        text = message.get_body(preferencelist=("plain",)).get_content()
        ids.append(int(re.search(r"contrat FOQUALE n° (\d+)", text).group(1)))
    return ids


def test_a_real_worker_runs_the_scan_end_to_end(make_worker, network):
    today = timezone.localdate()
    end = today + dt.timedelta(days=200)

    def contract(days_to_due: int) -> Contract:
        # The due date is the first of the contract's calendar (every date is a row now).
        due_on = today + dt.timedelta(days=days_to_due)
        return ContractFactory(
            youth__network=network,
            starts_on=due_on - dt.timedelta(weeks=4),
            review_every_weeks=4,
            ends_on=end,
            next_review_on=due_on,
        )

    before, due, late, very_late = contract(7), contract(0), contract(-7), contract(-21)
    contract(20)  # nothing due yet
    referent = ReferentFactory(establishment=late.youth.establishment).user

    worker = make_worker()
    worker.start()
    first = send_scan(worker)
    worker.wait_for(lambda: worker.task_succeeded(first), 60, "the scan")
    worker.wait_for(
        lambda: OutboxEmail.objects.filter(status=EmailStatus.SENT).count() == 4, 60, "4 e-mails"
    )

    assert dict(Reminder.objects.values_list("contract_id", "kind")) == {
        before.pk: ReminderKind.BEFORE,
        due.pk: ReminderKind.DUE,
        late.pk: ReminderKind.LATE_REFERENT,
        very_late.pk: ReminderKind.LATE_LEAD,
    }
    messages = worker.messages()
    assert sorted((m["To"], contract_ids_in([m])[0]) for m in messages) == sorted(
        [
            (before.tutor.email, before.pk),
            (due.tutor.email, due.pk),
            (referent.email, late.pk),
            (network.lead.email, very_late.pk),
        ]
    )
    assert {m["Subject"].strip() for m in messages if m["To"] == due.tutor.email} == {
        f"Bilan de situation prévu aujourd’hui — {due.youth.first_name} {due.youth.last_name[0].upper()}."
    }

    # The same scan again: the worker runs it, and nothing new is created or sent.
    second = send_scan(worker)
    worker.wait_for(lambda: worker.task_succeeded(second), 60, "the second scan")
    assert "'reminders': 0, 'emails': 0" in worker.log_path.read_text().split(second)[-1]
    assert Reminder.objects.count() == 4
    assert OutboxEmail.objects.count() == 4
    assert len(worker.messages()) == 4


def _bulk_due_contracts(network, count: int) -> list[int]:
    """`count` contracts whose review is due today, created in a few queries."""
    today = timezone.localdate()
    tutors = [UserFactory() for _ in range(10)]
    template = YouthFactory(network=network)
    youths = Youth.objects.bulk_create(
        [
            YouthFactory.build(network=network, establishment=template.establishment)
            for _ in range(count)
        ]
    )
    proposals = Proposal.objects.bulk_create([ProposalFactory.build(youth=y) for y in youths])
    contracts = Contract.objects.bulk_create(
        [
            ContractFactory.build(
                youth=youth,
                proposal=proposal,
                tutor=tutors[i % len(tutors)],
                starts_on=today - dt.timedelta(days=28),
                ends_on=today + dt.timedelta(days=300),
                next_review_on=today,
            )
            for i, (youth, proposal) in enumerate(zip(youths, proposals, strict=True))
        ]
    )
    sync_all()  # the tutors' grants, as a bulk load gives them
    return [c.pk for c in contracts]


def test_worker_killed_mid_scan_then_every_reminder_leaves_exactly_once(make_worker, network):
    count = 1000
    expected = set(_bulk_due_contracts(network, count))
    worker = make_worker(REVIEW_SCAN_BATCH_SIZE="5")
    worker.start()

    send_scan(worker)
    # Kill once some batches are committed, well before the last one.
    deadline = time.monotonic() + 60
    while Reminder.objects.count() < 50:
        assert time.monotonic() < deadline, worker.log_path.read_text()[-3000:]
        time.sleep(0.01)
    worker.kill()
    at_kill = Reminder.objects.count()
    assert 50 <= at_kill < count, "the scan finished before the kill: make it longer"
    assert OutboxEmail.objects.count() == at_kill
    # The solo pool was busy with the scan: nothing has left yet.
    assert worker.messages() == []

    worker.start()
    rescan = send_scan(worker)
    worker.wait_for(lambda: worker.task_succeeded(rescan), 120, "the scan run again")
    worker.wait_for(
        lambda: OutboxEmail.objects.filter(status=EmailStatus.SENT).count() == count,
        180,
        "every e-mail sent",
        every=0.2,
    )
    # Let the remaining send tasks (the first run's, the rescan's recovery) drain.
    worker.wait_for(worker.drained, 120, "the queue to drain", every=0.2)
    assert "raised" not in worker.log_path.read_text()

    assert Reminder.objects.count() == count
    assert set(Reminder.objects.values_list("contract_id", flat=True)) == expected
    assert not OutboxEmail.objects.exclude(status=EmailStatus.SENT).exists()
    assert set(OutboxEmail.objects.values_list("attempts", flat=True)) == {1}
    sent_for = contract_ids_in(worker.messages())
    assert len(sent_for) == count
    assert set(sent_for) == expected


def _reset_broker_pools() -> None:
    app._pool = None
    app.amqp._producer_pool = None


def test_broker_down_the_request_answers_and_a_real_worker_sends_the_mail_once_back(
    make_worker, client
):
    """Redis unreachable while a request queues a mail: the request answers, the mail waits
    in the outbox; with the broker back, the flush hands it to a real worker, which sends
    it once."""
    from foquale.outbox.services import outbox_flush

    worker = make_worker()
    UserFactory(email="cpe@ac-test.fr")
    saved = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:9/0"  # nothing listens there
    _reset_broker_pools()
    try:
        response = client.post("/mot-de-passe/oubli/", {"email": "cpe@ac-test.fr"})
    finally:
        app.conf.broker_url = saved
        _reset_broker_pools()
    assert response.status_code == 302
    row = OutboxEmail.objects.get(kind="password_reset")
    assert (row.status, row.attempts) == (EmailStatus.PENDING, 0)

    worker.start()
    default_queue = app.conf.task_default_queue
    app.conf.task_default_queue = worker.queue
    try:
        later = timezone.now() + dt.timedelta(minutes=11)  # the row counts as lost
        with time_machine.travel(later, tick=True):
            outbox_flush()
            outbox_flush()  # a second flush while the first send runs adds nothing
    finally:
        app.conf.task_default_queue = default_queue
    worker.wait_for(lambda: worker.drained() and len(worker.messages()) >= 1, 60, "the mail")
    row.refresh_from_db()
    assert (row.status, row.attempts) == (EmailStatus.SENT, 1)
    assert [m["To"] for m in worker.messages()] == ["cpe@ac-test.fr"]
