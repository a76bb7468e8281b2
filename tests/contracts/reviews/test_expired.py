"""« Contrat échu à clôturer »: a running contract past its planned end, without an exit
or an amendment, is flagged once by a daily task (foquale/celery.py) to the référent and the network lead."""

import datetime as dt

import pytest
from django.core import mail

from contracts.models import Amendment
from contracts.models.reviews import Reminder
from contracts.reviews.enums import ReminderKind
from contracts.reviews.tasks import flag_expired_contracts

from .conftest import at
from .factories import ContractFactory, ReferentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def expired(network):
    """Ended on paper on 30/06/2027, still active; no review left to remind of."""
    contract = ContractFactory(youth__network=network, next_review_on=None)
    referent = ReferentFactory(establishment=contract.youth.establishment, school_year=2026).user
    return contract, referent


@pytest.fixture
def scan(django_capture_on_commit_callbacks):
    def run(day: dt.date):
        with at(day), django_capture_on_commit_callbacks(execute=True):
            return flag_expired_contracts.delay().get()

    return run


def test_flagged_once_to_the_referent_and_the_lead(expired, scan, network):
    contract, referent = expired
    assert scan(dt.date(2027, 6, 30)) == 0  # its last day: not past yet
    assert scan(dt.date(2027, 7, 1)) == 1
    reminder = Reminder.objects.get(kind=ReminderKind.EXPIRED)
    assert (reminder.contract_id, reminder.due_on) == (contract.pk, dt.date(2027, 6, 30))
    message = mail.outbox[-1]
    assert sorted(message.to) == sorted([referent.email, network.lead.email])
    assert message.subject.startswith("Contrat échu à clôturer")
    assert f"Le contrat FOQUALE n° {contract.pk}" in message.body
    assert "30/06/2027" in message.body
    sent = len(mail.outbox)
    assert scan(dt.date(2027, 7, 2)) == 0  # once
    assert len(mail.outbox) == sent


def test_a_pending_amendment_or_a_closed_contract_is_not_flagged(expired, scan, network):
    contract, _ = expired
    Amendment.objects.create(
        contract=contract, number=1, changes="Prolongation", new_ends_on=dt.date(2027, 12, 1)
    )
    ended = ContractFactory(youth__network=network, ended=True, ends_on=dt.date(2027, 1, 15))
    assert scan(dt.date(2027, 7, 1)) == 0
    assert not Reminder.objects.filter(contract=ended).exists()
