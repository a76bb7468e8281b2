"""The review figures read the due rows: a missed date counts (the issue's 80 % that was
really 73 %), « en retard » follows the year chosen, and the weekly digest gives the
dashboard's figure for the current year."""

import datetime as dt
import re
import zoneinfo

import pytest
import time_machine

from contracts.enums import DueStatus
from contracts.models import ReviewDue
from contracts.reviews.dues import review_dues_miss
from contracts.reviews.services import network_digest_send, review_record
from foquale.outbox.models import OutboxEmail
from networks.grants import refresh_network_grants
from reporting.dashboard.indicators import compute_indicators
from tests.contracts.reviews.factories import ContractFactory
from tests.factories import NetworkFactory, UserFactory

from .sql_figures import compare

pytestmark = pytest.mark.django_db
PARIS = zoneinfo.ZoneInfo("Europe/Paris")
D = dt.date


def at(day: dt.date):
    return time_machine.travel(
        dt.datetime(day.year, day.month, day.day, 9, tzinfo=PARIS), tick=False
    )


def figures(network, year: int, today: dt.date):
    result = compute_indicators(
        platform_of={network.pk: network.platform_id}, year=year, today=today
    )
    return result.by_network[network.pk]


def record(contract, held_on: dt.date, due_on: dt.date | None = None) -> None:
    with at(held_on):
        review_record(
            contract=contract,
            author=contract.tutor,
            held_on=held_on,
            due_on=due_on,
            youth_present=True,
            progress="Point d’étape.",
        )


@pytest.fixture
def network(db):
    network = NetworkFactory(lead=UserFactory())
    refresh_network_grants(network)
    return network


def fortnightly(network, **extra):
    """A review every two weeks from 1 September 2025: 15/09, 29/09, 13/10… 02/02, 16/02."""
    return ContractFactory(
        youth__network=network,
        youth__contacted_on=D(2025, 8, 20),
        starts_on=D(2025, 9, 1),
        ends_on=D(2026, 6, 30),
        review_every_weeks=2,
        **extra,
    )


def test_a_date_skipped_by_a_late_review_is_missed_and_counts(network):
    contract = fortnightly(network)
    dates = [D(2025, 9, 15) + dt.timedelta(weeks=2 * k) for k in range(11)]
    for due in dates[:4]:
        record(contract, held_on=due)
    record(contract, held_on=dates[5] + dt.timedelta(days=3), due_on=dates[4])  # late
    record(contract, held_on=dates[6] + dt.timedelta(days=8))  # late: 24/11 skipped
    for due in dates[7:]:
        record(contract, held_on=due)

    skipped = ReviewDue.objects.get(contract=contract, due_on=dates[5])
    assert (skipped.status, skipped.review) == (DueStatus.MISSED, None)
    result = figures(network, 2025, today=D(2026, 2, 10))  # 16/02 not reached
    assert (result.reviews_due, result.reviews_held, result.reviews_on_time) == (11, 10, 8)
    # Counted on the reviews recorded only, the share read 80 %; the missed date makes it
    # 8 out of 11.
    assert result.reviews_on_time / result.reviews_held == pytest.approx(0.8)
    assert result.on_time_share == pytest.approx(8 / 11)
    assert result.reviews_overdue == 1
    compare({network.pk: result}, 2025, D(2026, 2, 10))


def test_overdue_dates_follow_the_year_chosen(network):
    contract = fortnightly(network)  # nothing recorded
    with at(D(2026, 9, 20)):
        review_dues_miss(today=D(2026, 9, 20))
    last_year = figures(network, 2025, today=D(2026, 9, 20))
    this_year = figures(network, 2026, today=D(2026, 9, 20))
    # 2025-2026: every date up to the end (30/06), 21 of them, none held; 2026-2027: none.
    assert (last_year.reviews_due, last_year.reviews_overdue) == (21, 21)
    assert (this_year.reviews_due, this_year.reviews_overdue) == (0, 0)
    assert ReviewDue.objects.filter(contract=contract, status=DueStatus.MISSED).count() == 20
    # Read on 15 March 2026, the year counts only the dates past their grace period then.
    march = figures(network, 2025, today=D(2026, 3, 15))
    assert march.reviews_due == 13  # 15/09 … 02/03 (16/03 not due yet)


def digest_late_count(network) -> int:
    body = OutboxEmail.objects.get(dedupe_key__startswith=f"network-digest:{network.pk}:").body_text
    return int(re.search(r"manquées comprises\) : (\d+)", body).group(1))


@pytest.mark.parametrize("monday", [D(2026, 11, 16), D(2026, 12, 7), D(2027, 3, 1)])
def test_the_digest_gives_the_dashboards_figure(network, monday):
    other = NetworkFactory(lead=UserFactory(), academy=network.academy)
    refresh_network_grants(other)
    ContractFactory(youth__network=network)  # 29/10, 26/11…: late, then missed
    recorded = ContractFactory(youth__network=network)
    record(recorded, held_on=D(2026, 10, 29))
    fortnightly(network)  # its dates of 2025-2026: last year's, never this year's
    ContractFactory(youth__network=other, starts_on=D(2026, 9, 1), review_every_weeks=1)
    ContractFactory(youth__network=other, starts_on=D(2026, 9, 1), ended=True)  # all missed
    with at(monday):
        review_dues_miss(today=monday)
        network_digest_send(today=monday)
    for each in (network, other):
        dashboard = figures(each, 2026, today=monday).reviews_overdue
        assert dashboard > 0
        assert digest_late_count(each) == dashboard
