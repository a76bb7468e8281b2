"""Every due date of a contract's review calendar is a row: written at signature, replanned
by an amendment, closed by an exit, answered, freed and missed (`contracts.reviews.dues`)."""

import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext

from contracts.enums import DueStatus
from contracts.models import Contract, ReviewDue
from contracts.pdf import MAX_CALENDAR_DATES
from contracts.reviews.dues import review_dues_miss
from contracts.reviews.services import review_cancel, review_correct, review_record

from .conftest import at
from .factories import ContractFactory, SituationReviewFactory

pytestmark = pytest.mark.django_db


def dues(contract: Contract) -> list[tuple[dt.date, str]]:
    return list(
        ReviewDue.objects.filter(contract=contract)
        .order_by("due_on")
        .values_list("due_on", "status")
    )


def record(contract: Contract, held_on: dt.date, due_on: dt.date | None = None):
    return review_record(
        contract=contract,
        author=contract.tutor,
        held_on=held_on,
        due_on=due_on,
        youth_present=True,
        progress="Point d’étape.",
    )


def test_a_calendar_is_bounded_as_the_pdf_is():
    contract = ContractFactory(
        starts_on=dt.date(2026, 1, 5), ends_on=dt.date(2030, 1, 1), review_every_weeks=1
    )
    assert ReviewDue.objects.filter(contract=contract).count() == MAX_CALENDAR_DATES


def test_a_review_answers_the_earliest_planned_date_on_time_or_late(contract):
    with at(dt.date(2026, 11, 4)):  # 29/10 + 6 days: within the grace period
        on_time = record(contract, held_on=dt.date(2026, 11, 4))
    with at(dt.date(2026, 12, 10)):  # 26/11 + 14 days
        late = record(contract, held_on=dt.date(2026, 12, 10))
    assert (on_time.due_on, late.due_on) == (dt.date(2026, 10, 29), dt.date(2026, 11, 26))
    rows = dues(contract)
    assert rows[:3] == [
        (dt.date(2026, 10, 29), DueStatus.HELD),
        (dt.date(2026, 11, 26), DueStatus.LATE),
        (dt.date(2026, 12, 24), DueStatus.PLANNED),
    ]
    assert ReviewDue.objects.get(due_on=dt.date(2026, 11, 26)).review == late
    contract.refresh_from_db()
    assert contract.next_review_on == dt.date(2026, 12, 24)


def test_a_review_on_the_last_day_of_grace_is_late(contract):
    with at(dt.date(2026, 11, 5)):  # 29/10 + 7 days: the référent is told today
        review = record(contract, held_on=dt.date(2026, 11, 5))
    assert review.due.status == DueStatus.LATE
    assert not review.on_time


def test_a_date_without_review_is_missed_once_the_next_is_reached(contract):
    with at(dt.date(2026, 11, 25)):
        assert review_dues_miss(today=dt.date(2026, 11, 25)) == 0  # late, not missed
    with at(dt.date(2026, 11, 26)):
        assert review_dues_miss(today=dt.date(2026, 11, 26)) == 1
    contract.refresh_from_db()
    assert dues(contract)[:2] == [
        (dt.date(2026, 10, 29), DueStatus.MISSED),
        (dt.date(2026, 11, 26), DueStatus.PLANNED),
    ]
    assert contract.next_review_on == dt.date(2026, 11, 26)  # the reminders follow


def test_a_late_review_that_skipped_a_date_leaves_it_missed(contract):
    """The issue's case: the review due on 29/10 held on 3/12, after the next date
    (26/11); that date exists and is missed once the following one (24/12) is reached."""
    with at(dt.date(2026, 12, 3)):
        record(contract, held_on=dt.date(2026, 12, 3), due_on=dt.date(2026, 10, 29))
    contract.refresh_from_db()
    assert contract.next_review_on == dt.date(2026, 11, 26)  # not skipped any more
    with at(dt.date(2026, 12, 28)):
        record(contract, held_on=dt.date(2026, 12, 28))
    assert dues(contract)[:3] == [
        (dt.date(2026, 10, 29), DueStatus.LATE),
        (dt.date(2026, 11, 26), DueStatus.MISSED),
        (dt.date(2026, 12, 24), DueStatus.HELD),
    ]


def test_a_missed_date_may_still_be_caught_up(contract):
    with at(dt.date(2026, 12, 1)):
        review_dues_miss(today=dt.date(2026, 12, 1))
        review = record(contract, held_on=dt.date(2026, 11, 2), due_on=dt.date(2026, 10, 29))
    assert review.due.status == DueStatus.HELD  # the interview was on time, typed late


def test_a_date_outside_the_calendar_is_refused(contract):
    with at(dt.date(2026, 11, 2)), pytest.raises(Exception) as error:
        record(contract, held_on=dt.date(2026, 11, 2), due_on=dt.date(2026, 10, 30))
    assert error.value.message_dict["due_on"] == [
        "Aucun bilan n’est prévu le 30/10/2026 : choisissez une échéance du calendrier du "
        "contrat (la prochaine : le 29/10/2026)."
    ]
    assert not ReviewDue.objects.filter(review__isnull=False).exists()


def test_correcting_restates_and_cancelling_frees_the_date(contract):
    with at(dt.date(2026, 11, 10)):
        review = record(contract, held_on=dt.date(2026, 11, 2))
        assert dues(contract)[0] == (dt.date(2026, 10, 29), DueStatus.HELD)
        review_correct(
            review=review,
            by=contract.tutor,
            reason="Date mal saisie.",
            held_on=dt.date(2026, 11, 6),
            youth_present=True,
            progress="Point d’étape.",
        )
    assert dues(contract)[0] == (dt.date(2026, 10, 29), DueStatus.LATE)
    with at(dt.date(2026, 11, 20)):
        review_cancel(
            review=review, by=contract.tutor, reason="Bilan saisi sur le mauvais dossier."
        )
    assert dues(contract)[0] == (dt.date(2026, 10, 29), DueStatus.PLANNED)
    contract.refresh_from_db()
    assert contract.next_review_on == dt.date(2026, 10, 29)
    with at(dt.date(2026, 12, 1)):  # a date freed after the next one was reached is missed
        review = record(contract, held_on=dt.date(2026, 11, 30))
        review_cancel(
            review=review, by=contract.tutor, reason="Bilan saisi sur le mauvais dossier."
        )
    assert dues(contract)[:2] == [
        (dt.date(2026, 10, 29), DueStatus.MISSED),
        (dt.date(2026, 11, 26), DueStatus.PLANNED),
    ]


def test_the_database_keeps_one_row_per_date_and_states_with_their_review(contract):
    with transaction.atomic(), pytest.raises(IntegrityError):
        ReviewDue.objects.create(contract=contract, due_on=dt.date(2026, 10, 29))
    with transaction.atomic(), pytest.raises(IntegrityError):
        ReviewDue.objects.filter(due_on=dt.date(2026, 10, 29)).update(status=DueStatus.HELD)
    with transaction.atomic(), pytest.raises(IntegrityError):
        ReviewDue.objects.filter(due_on=dt.date(2026, 10, 29)).update(status="unknown")


def test_marking_missed_dates_costs_the_same_for_one_contract_or_many(network):
    ContractFactory(youth__network=network)
    with CaptureQueriesContext(connection) as one:
        assert review_dues_miss(today=dt.date(2026, 11, 26)) == 1
    ContractFactory.create_batch(5, youth__network=network)
    with CaptureQueriesContext(connection) as many:
        assert review_dues_miss(today=dt.date(2026, 11, 26)) == 5
    assert len(many) == len(one) == 2
    assert set(Contract.objects.values_list("next_review_on", flat=True)) == {dt.date(2026, 11, 26)}


@pytest.mark.django_db(transaction=True)
def test_the_migration_fills_the_rows_of_existing_contracts():
    with at(dt.date(2026, 12, 1)):
        contract = ContractFactory()
        SituationReviewFactory(contract=contract, held_on=dt.date(2026, 11, 2))  # for 29/10
        SituationReviewFactory(  # a date typed off the calendar, before the rows existed
            contract=contract, due_on=dt.date(2026, 11, 10), held_on=dt.date(2026, 11, 20)
        )
        ended = ContractFactory(ended=True)
        executor = MigrationExecutor(connection)
        executor.migrate([("contracts", "0014_i10_youth_name_keys")])
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
    assert dues(contract)[:4] == [
        (dt.date(2026, 10, 29), DueStatus.HELD),
        (dt.date(2026, 11, 10), DueStatus.LATE),
        (dt.date(2026, 11, 26), DueStatus.PLANNED),
        (dt.date(2026, 12, 24), DueStatus.PLANNED),
    ]
    assert len(dues(contract)) == 10  # 9 dates to 30/06/2027, and the one off the calendar
    contract.refresh_from_db()
    assert contract.next_review_on == dt.date(2026, 11, 26)
    # Ended on 15/01/2027: its 3 dates up to then, none held, are missed.
    assert {status for _day, status in dues(ended)} == {DueStatus.MISSED}
    assert len(dues(ended)) == 3
