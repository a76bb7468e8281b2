"""The daily scan over a national volume of contracts. A measurement, deselected by default
(marker `scale`, see pyproject.toml):

    SCALE_CONTRACTS=100000 REDIS_URL=redis://127.0.0.1:6379/1 \
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/foquale_reviews \
    .venv/bin/pytest -m scale tests/contracts/reviews/test_scan_scale.py -s

Prints the queries per batch and the time of a first scan (every due reminder created and
its e-mail queued on Redis) and of a second one (nothing left to do).
"""

import datetime as dt
import os
import time
import uuid

import pytest
from django.db import connection
from django.utils import timezone

from contracts.models import Contract, Proposal, Youth
from contracts.models.reviews import Reminder
from contracts.reviews.services import reminder_scan
from foquale.accounts.models import User
from foquale.celery import app
from foquale.grants import sync_all
from foquale.outbox.models import EmailStatus, OutboxEmail
from foquale.schoolyear import current_school_year
from tests.factories import EstablishmentFactory, NetworkFactory, UserFactory
from tests.referents.factories import ReferentFactory

from .factories import ContractFactory, ProposalFactory, YouthFactory
from .worker import clean_redis_queue, redis_url_or_skip

COUNT = int(os.environ.get("SCALE_CONTRACTS", "100000"))

pytestmark = [pytest.mark.scale, pytest.mark.django_db(transaction=True)]


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def _populate(count: int) -> None:
    today = timezone.localdate()
    networks = [NetworkFactory(lead=UserFactory()) for _ in range(50)]
    establishments = [EstablishmentFactory(academy=networks[0].academy) for _ in range(500)]
    for establishment in establishments:
        ReferentFactory(
            network=networks[0], establishment=establishment, school_year=current_school_year()
        )
    tutors = User.objects.bulk_create(
        [
            User(email=f"tuteur{n}@ac-scale.fr", first_name="Tom", last_name=f"Tuteur{n}")
            for n in range(count // 10)
        ]
    )
    step = 5000
    for offset in range(0, count, step):
        size = min(step, count - offset)
        youths = Youth.objects.bulk_create(
            [
                YouthFactory.build(
                    network=networks[(offset + i) % 50],
                    establishment=establishments[(offset + i) % 500],
                )
                for i in range(size)
            ]
        )
        proposals = Proposal.objects.bulk_create([ProposalFactory.build(youth=y) for y in youths])
        Contract.objects.bulk_create(
            [
                ContractFactory.build(
                    youth=youth,
                    proposal=proposal,
                    tutor=tutors[(offset + i) % len(tutors)],
                    starts_on=today - dt.timedelta(days=120),
                    ends_on=today + dt.timedelta(days=240),
                    # Next reviews spread over eight weeks around today: some upcoming,
                    # some due, some late at each level of the ladder.
                    next_review_on=today + dt.timedelta(days=(offset + i) % 56 - 35),
                )
                for i, (youth, proposal) in enumerate(zip(youths, proposals, strict=True))
            ]
        )
    sync_all()  # the tutors' grants, as a bulk load gives them


def test_scan_at_scale():
    redis_url = redis_url_or_skip()
    queue = f"foquale-scale-{uuid.uuid4().hex[:8]}"
    eager, default_queue = app.conf.task_always_eager, app.conf.task_default_queue
    app.conf.task_always_eager, app.conf.task_default_queue = False, queue
    try:
        started = time.monotonic()
        _populate(COUNT)
        if connection.vendor == "postgresql":
            # Fresh bulk loads have no planner statistics yet; a live database has.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(f"\n{COUNT} active contracts created in {time.monotonic() - started:.1f} s")
        for label in ("first scan", "second scan, once the e-mails have left"):
            counter = QueryCounter()
            started = time.monotonic()
            with connection.execute_wrapper(counter):
                report = reminder_scan()
            elapsed = time.monotonic() - started
            print(
                f"{label}: {report.contracts} candidates in {report.batches} batches, "
                f"{report.reminders} reminders, {report.emails} e-mails, {counter.count} queries "
                f"({counter.count / max(report.batches, 1):.1f} per batch), {elapsed:.1f} s"
            )
            # Nobody consumes the queue here; the workers would have sent these by now.
            OutboxEmail.objects.update(status=EmailStatus.SENT, attempts=1)
        assert Reminder.objects.count() == OutboxEmail.objects.count() > 0
        assert report.reminders == 0
    finally:
        app.conf.task_always_eager, app.conf.task_default_queue = eager, default_queue
        clean_redis_queue(redis_url, queue)
