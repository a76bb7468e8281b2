"""The 15-day rule: référent reminded at D+10, lead at D+15, once each (idempotent), with
the same reminder rows and outbox as the situation reviews."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from contracts import services
from contracts.models.reviews import Reminder
from contracts.perms import case_scope
from contracts.reviews.enums import ReminderKind
from contracts.reviews.tasks import remind_first_interviews
from contracts.selectors import to_contact_for
from tests.contracts.factories import YouthFactory
from tests.referents.factories import ReferentFactory

pytestmark = pytest.mark.django_db


def days_ago(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)


@pytest.fixture
def received(network):
    youth = YouthFactory(network=network, to_contact=True, received_on=days_ago(10))
    referent = ReferentFactory(establishment=youth.establishment, network=network).user
    return youth, referent


def scan(django_capture_on_commit_callbacks) -> int:
    with django_capture_on_commit_callbacks(execute=True):
        return remind_first_interviews.delay().get()


def test_referent_at_d10_then_lead_at_d15_once_each(
    received, network, django_capture_on_commit_callbacks
):
    youth, referent = received
    assert scan(django_capture_on_commit_callbacks) == 1
    assert scan(django_capture_on_commit_callbacks) == 0  # idempotent
    reminder = Reminder.objects.get()
    assert (reminder.youth, reminder.kind, reminder.contract) == (
        youth,
        ReminderKind.FIRST_REFERENT,
        None,
    )
    assert reminder.due_on == days_ago(10) + dt.timedelta(days=15)
    assert [m.to for m in mail.outbox] == [[referent.email]]
    assert youth.last_name not in mail.outbox[0].body  # short name only
    youth.received_on = days_ago(15)
    youth.save(update_fields=["received_on"])
    Reminder.objects.all().delete()
    mail.outbox.clear()
    assert scan(django_capture_on_commit_callbacks) == 2
    assert {tuple(m.to) for m in mail.outbox} == {(referent.email,), (network.lead.email,)}
    assert scan(django_capture_on_commit_callbacks) == 0


def test_no_reminder_before_d10_nor_once_contacted(received, django_capture_on_commit_callbacks):
    youth, referent = received
    youth.received_on = days_ago(9)
    youth.save(update_fields=["received_on"])
    assert scan(django_capture_on_commit_callbacks) == 0
    youth.received_on = days_ago(20)
    youth.save(update_fields=["received_on"])
    services.youth_record_first_contact(
        youth=youth, contacted_on=days_ago(1), contact_channel="phone", by=referent
    )
    assert scan(django_capture_on_commit_callbacks) == 0


def test_to_contact_for_counts_days_left(received, network):
    youth, referent = received
    YouthFactory(network=network, establishment=youth.establishment)  # contacted already
    late = YouthFactory(
        network=network,
        establishment=youth.establishment,
        to_contact=True,
        received_on=days_ago(20),
    )
    listed = to_contact_for(case_scope(referent))
    assert listed.total == 2
    assert [(r.youth_id, r.days_left) for r in listed.rows] == [(late.pk, -5), (youth.pk, 5)]
    assert listed.rows[0].late and listed.rows[0].days_late == 5
    assert to_contact_for(case_scope(network.lead)).total == 2


def test_first_contact_checks_its_date(received):
    youth, referent = received
    with pytest.raises(Exception, match="ne peut précéder la réception"):
        services.youth_record_first_contact(
            youth=youth, contacted_on=days_ago(11), contact_channel="phone", by=referent
        )
    with pytest.raises(Exception, match="Choisissez le moyen"):
        services.youth_record_first_contact(
            youth=youth, contacted_on=days_ago(1), contact_channel="pigeon", by=referent
        )
