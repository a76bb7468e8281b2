import datetime as dt

import pytest
from django.core import mail
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext

from contracts.models.reviews import Reminder
from contracts.reviews.enums import ReminderKind
from contracts.reviews.services import reminder_scan, review_record
from contracts.reviews.tasks import scan_review_reminders
from foquale.outbox.models import EmailStatus, OutboxEmail
from tests.factories import NetworkFactory

from .conftest import at
from .factories import ContractFactory, ReferentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(network):
    """A contract due on 29/10/2026 with its tutor, a référent and the network lead."""
    tutor_kwargs = {"tutor__first_name": "Théo", "tutor__last_name": "O'Neil"}
    contract = ContractFactory(
        youth__network=network,
        youth__first_name="Lina",
        youth__last_name="d'Almeida",
        **tutor_kwargs,
    )
    referent = ReferentFactory(establishment=contract.youth.establishment, school_year=2026).user
    return contract, referent


@pytest.fixture
def scan(django_capture_on_commit_callbacks):
    def run(day: dt.date, **kwargs):
        with at(day), django_capture_on_commit_callbacks(execute=True):
            return reminder_scan(**kwargs)

    return run


@pytest.mark.parametrize(
    ("day", "kind", "level", "recipient", "subject"),
    [
        (
            dt.date(2026, 10, 22),
            ReminderKind.BEFORE,
            1,
            "tutor",
            "Bilan de situation à prévoir le 29/10/2026 — Lina D.",
        ),
        (
            dt.date(2026, 10, 29),
            ReminderKind.DUE,
            2,
            "tutor",
            "Bilan de situation prévu aujourd’hui — Lina D.",
        ),
        (
            dt.date(2026, 11, 5),
            ReminderKind.LATE_REFERENT,
            3,
            "referent",
            "Bilan de situation en retard — contrat FOQUALE n° {pk}",
        ),
        (
            dt.date(2026, 11, 19),
            ReminderKind.LATE_LEAD,
            4,
            "lead",
            "Bilan de situation très en retard — {network}, contrat n° {pk}",
        ),
    ],
)
def test_each_threshold_sends_its_reminder(case, scan, day, kind, level, recipient, subject):
    contract, referent = case
    people = {"tutor": contract.tutor, "referent": referent, "lead": contract.youth.network.lead}

    report = scan(day)

    reminder = Reminder.objects.get()
    assert (reminder.contract, reminder.due_on, reminder.kind, reminder.level) == (
        contract,
        dt.date(2026, 10, 29),
        kind,
        level,
    )
    assert reminder.email.status == EmailStatus.SENT
    assert (report.reminders, report.emails) == (1, 1)
    [message] = mail.outbox
    assert message.to == [people[recipient].email]
    assert message.subject == subject.format(pk=contract.pk, network=contract.youth.network.name)
    assert f"/contrats/{contract.pk}/bilans/" in message.body
    assert "&#x27;" not in message.body
    assert message.alternatives[0].mimetype == "text/html"


def test_the_day_before_the_first_threshold_nothing_is_sent(case, scan):
    scan(dt.date(2026, 10, 21))
    assert not Reminder.objects.exists()
    assert not mail.outbox


def test_daily_scans_send_each_step_once_in_order(case, scan):
    contract, referent = case
    day = dt.date(2026, 10, 15)
    while day <= dt.date(2026, 11, 26):
        scan(day)
        scan(day)  # a second run the same day adds nothing
        day += dt.timedelta(days=1)

    assert list(
        Reminder.objects.order_by("due_on", "level").values_list(
            "due_on", "kind", "created_at__date"
        )
    ) == [
        (dt.date(2026, 10, 29), ReminderKind.BEFORE, dt.date(2026, 10, 22)),
        (dt.date(2026, 10, 29), ReminderKind.DUE, dt.date(2026, 10, 29)),
        (dt.date(2026, 10, 29), ReminderKind.LATE_REFERENT, dt.date(2026, 11, 5)),
        (dt.date(2026, 10, 29), ReminderKind.LATE_LEAD, dt.date(2026, 11, 19)),
        # 26/11 reached: 29/10 is missed and the ladder runs for the next date.
        (dt.date(2026, 11, 26), ReminderKind.DUE, dt.date(2026, 11, 26)),
    ]
    assert len(mail.outbox) == 5
    assert [m.to for m in mail.outbox[:4]] == [
        [contract.tutor.email],
        [contract.tutor.email],
        [referent.email],
        [contract.youth.network.lead.email],
    ]
    assert "Le référent décrochage de l’établissement a été prévenu le 05/11/2026" in (
        mail.outbox[3].body
    )


def test_scanning_again_creates_and_sends_nothing(case, scan):
    scan(dt.date(2026, 11, 5))
    emails = OutboxEmail.objects.count()
    report = scan(dt.date(2026, 11, 5))
    assert (report.reminders, report.emails) == (0, 0)
    assert Reminder.objects.count() == 1
    assert OutboxEmail.objects.count() == emails
    assert len(mail.outbox) == 1


def test_after_missed_scans_only_the_current_step_is_sent(case, scan):
    contract, referent = case
    scan(dt.date(2026, 11, 10))
    assert list(Reminder.objects.values_list("kind", flat=True)) == [ReminderKind.LATE_REFERENT]
    assert [m.to for m in mail.outbox] == [[referent.email]]


def test_a_referent_of_another_network_at_the_school_hears_nothing(case, scan):
    """The establishment belongs to a second network too: that network's référent does
    not follow this young person and gets no mail naming them."""
    contract, referent = case
    other = NetworkFactory(academy=contract.youth.network.academy)
    stranger = ReferentFactory(
        network=other, establishment=contract.youth.establishment, school_year=2026
    ).user
    scan(dt.date(2026, 11, 10))
    assert [m.to for m in mail.outbox] == [[referent.email]]
    assert stranger.email not in mail.outbox[0].to


def test_a_recorded_review_stops_the_ladder(case, scan):
    contract, _ = case
    scan(dt.date(2026, 10, 29))
    with at(dt.date(2026, 10, 30)):
        review_record(
            contract=contract,
            author=contract.tutor,
            held_on=dt.date(2026, 10, 30),
            youth_present=True,
            progress="Assidu, projet confirmé.",
        )
    scan(dt.date(2026, 11, 5))
    scan(dt.date(2026, 11, 19))
    # Nothing more for 29/10; the next due date (26/11) has its own ladder.
    assert list(Reminder.objects.order_by("pk").values_list("due_on", "kind")) == [
        (dt.date(2026, 10, 29), ReminderKind.DUE),
        (dt.date(2026, 11, 26), ReminderKind.BEFORE),
    ]


def test_without_referent_the_step_is_recorded_and_nobody_is_written_to(network, scan):
    contract = ContractFactory(youth__network=network)
    scan(dt.date(2026, 11, 5))
    reminder = Reminder.objects.get()
    assert (reminder.kind, reminder.recipient_count, reminder.email) == (
        ReminderKind.LATE_REFERENT,
        0,
        None,
    )
    assert not mail.outbox
    # The lead still hears of it later.
    scan(dt.date(2026, 11, 19))
    assert [m.to for m in mail.outbox] == [[contract.youth.network.lead.email]]


def test_inactive_accounts_get_no_mail(case, scan):
    contract, _ = case
    contract.tutor.is_active = False
    contract.tutor.save()
    scan(dt.date(2026, 10, 29))
    assert Reminder.objects.get().recipient_count == 0
    assert not mail.outbox


def test_contracts_not_running_are_left_alone(network, scan):
    ContractFactory(youth__network=network, ended=True, next_review_on=dt.date(2026, 10, 29))
    ContractFactory(youth__network=network, awaiting=True)
    ContractFactory(youth__network=network, next_review_on=None)
    scan(dt.date(2026, 11, 19))
    assert not Reminder.objects.exists()


def test_a_lost_send_is_recovered_by_the_next_scan(case, scan):
    # A crash between the commit and the enqueue: the row exists, its task does not.
    with at(dt.date(2026, 10, 29)):
        reminder_scan()
    email = Reminder.objects.get().email
    assert email.status == EmailStatus.PENDING
    assert not mail.outbox

    scan(dt.date(2026, 10, 29))
    scan(dt.date(2026, 10, 30))

    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert len(mail.outbox) == 1
    assert Reminder.objects.count() == 1


def test_one_row_per_due_date_and_step():
    contract = ContractFactory()
    Reminder.objects.create(
        contract=contract, due_on=dt.date(2026, 10, 29), kind=ReminderKind.DUE, level=2
    )
    with pytest.raises(IntegrityError):
        Reminder.objects.create(
            contract=contract, due_on=dt.date(2026, 10, 29), kind=ReminderKind.DUE, level=2
        )


def test_level_must_match_kind():
    with pytest.raises(IntegrityError):
        Reminder.objects.create(
            contract=ContractFactory(), due_on=dt.date(2026, 10, 29), kind=ReminderKind.DUE, level=4
        )


def _queries(day: dt.date, **kwargs) -> tuple[int, object]:
    with at(day), CaptureQueriesContext(connection) as ctx:
        report = reminder_scan(**kwargs)
    return len(ctx.captured_queries), report


def test_queries_per_batch_are_bounded(network):
    # Each contract in a different establishment, with its référent: the worst case.
    def make(n):
        for _ in range(n):
            contract = ContractFactory(youth__network=network)
            ReferentFactory(establishment=contract.youth.establishment, school_year=2026)

    make(3)
    one_batch, report = _queries(dt.date(2026, 11, 5), batch_size=3)
    assert (report.batches, report.reminders) == (1, 3)
    make(12)
    Reminder.objects.all().delete()
    five_batches, report = _queries(dt.date(2026, 11, 5), batch_size=3)
    assert (report.batches, report.reminders) == (5, 15)
    # The missed dates' UPDATE starts the scan (nothing missed today: one query) and one
    # final empty read ends it; every batch costs the same: the light read, the existing
    # reminders, the full rows, the référents, the writes (inside a savepoint here).
    per_batch = one_batch - 2
    assert per_batch <= 9
    assert five_batches == 5 * per_batch + 2
    # A day with nothing new: two small queries per batch.
    nothing_new, report = _queries(dt.date(2026, 11, 5), batch_size=3)
    assert (report.batches, report.reminders) == (5, 0)
    assert nothing_new == 5 * 2 + 2


def test_task_runs_the_scan(case, django_capture_on_commit_callbacks):
    with at(dt.date(2026, 10, 29)), django_capture_on_commit_callbacks(execute=True):
        result = scan_review_reminders.delay().get()
    assert result == {"batches": 1, "contracts": 1, "reminders": 1, "emails": 1}
    assert len(mail.outbox) == 1
