"""The due rows through the contract's life, by its real services: signature, amendment,
exit and its cancellation (`contracts.reviews.dues`)."""

import datetime as dt

import pytest

from contracts import services
from contracts.enums import DueStatus, SignatoryRole
from contracts.models import Contract, ReviewDue
from contracts.reviews.services import review_record

from .conftest import days_ago

pytestmark = pytest.mark.django_db


def dues(contract: Contract) -> list[tuple[dt.date, str]]:
    return list(
        ReviewDue.objects.filter(contract=contract)
        .order_by("due_on")
        .values_list("due_on", "status")
    )


def record(contract: Contract, held_on: dt.date) -> None:
    review_record(
        contract=contract,
        author=contract.tutor,
        held_on=held_on,
        youth_present=True,
        progress="Point d’étape.",
    )


def test_signature_writes_the_whole_calendar(path):
    contract = path.active()  # started 30 days ago, 26 weeks, a review every 4 weeks
    start = days_ago(30)
    expected = [start + dt.timedelta(weeks=4 * k) for k in range(1, 7)]
    assert dues(contract) == [(day, DueStatus.PLANNED) for day in expected]
    assert contract.next_review_on == expected[0]


def test_an_amendment_replaces_future_unheld_dates_and_keeps_the_past(path):
    contract = path.active()
    first, second = days_ago(2), days_ago(30) + dt.timedelta(weeks=8)
    record(contract, held_on=days_ago(1))
    amendment = services.amendment_create(
        contract=contract, changes="Rythme resserré", new_review_every_weeks=2, by=path.referent
    )
    path.sign(contract, SignatoryRole.TUTOR, amendment=amendment, on=days_ago(1))
    services.amendment_sign(
        amendment=amendment,
        role=SignatoryRole.YOUTH,
        signed_on=days_ago(1),
        mode="paper",
        recorded_by=path.referent,
    )
    contract.refresh_from_db()
    amended = []
    day = second
    while day <= contract.ends_on:
        amended.append(day)
        day += dt.timedelta(weeks=2)
    assert dues(contract) == [(first, DueStatus.HELD)] + [
        (day, DueStatus.PLANNED) for day in amended
    ]
    assert contract.next_review_on == second


def test_an_exit_drops_later_dates_and_misses_the_others_its_cancel_reopens_them(path):
    contract = path.active()
    first = days_ago(2)
    services.youth_exit(
        youth=contract.youth, outcome="job", exited_on=days_ago(0), by=path.referent
    )
    contract.refresh_from_db()
    assert dues(contract) == [(first, DueStatus.MISSED)]
    assert contract.next_review_on is None

    services.exit_cancel(youth=contract.youth, by=path.referent, reason="Sortie saisie à tort.")
    contract.refresh_from_db()
    assert len(dues(contract)) == 6
    assert dues(contract)[0] == (first, DueStatus.PLANNED)  # the next date is not reached
    assert contract.next_review_on == first
