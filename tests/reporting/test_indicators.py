"""Each indicator against the figures counted by hand in `conftest.territory`."""

import datetime as dt

import pytest
from django.db import connection

from reporting.dashboard import build_dashboard
from reporting.dashboard.indicators import (
    InView,
    compute_indicators,
    natural_key,
    reference_day,
)
from tests.factories import NetworkFactory

from .factories import ContractFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 15)


@pytest.fixture(params=["broad", "selective"])
def territory(request, territory):
    """The same territory, seen as most of the base, then as a small part of it (other
    networks elsewhere): PostgreSQL then reads through another plan, same figures."""
    if request.param == "selective":
        NetworkFactory.create_batch(10)
    return territory


def indicators(territory, year=2025):
    networks = [territory[key] for key in ("a", "b", "c")]
    return compute_indicators(
        platform_of={n.pk: n.platform_id for n in networks}, year=year, today=TODAY
    )


def path_counts(figures):
    return {
        "cohort": [
            figures.contacted,
            figures.cohort_assessed,
            figures.cohort_proposed,
            figures.cohort_signed,
            figures.cohort_completed,
        ],
        "events": [figures.assessed, figures.proposed, figures.signed],
        "in_path": figures.in_path,
        "contracts ended": [figures.completed, figures.ended_early],
        "exits before contract": figures.exited_before_contract,
    }


def test_path_counts_per_network(territory):
    by_network = indicators(territory).by_network
    # A: 3 contacted in 2025 (one left before any contract, « moved »), 2 signed, one of
    # whom completed; 3 contracts signed in the year (one of a youth contacted in 2024).
    assert path_counts(by_network[territory["a"].pk]) == {
        "cohort": [3, 2, 2, 2, 1],
        "events": [2, 3, 3],
        "in_path": 2,
        "contracts ended": [1, 0],
        "exits before contract": 1,
    }
    # B: the two exits of the year came before any contract: no contract outcome.
    assert path_counts(by_network[territory["b"].pk]) == {
        "cohort": [3, 1, 1, 1, 0],
        "events": [0, 1, 1],
        "in_path": 1,
        "contracts ended": [0, 0],
        "exits before contract": 2,
    }
    # C: a proposal counts its youth as assessed in the cohort (a bilan came before).
    assert path_counts(by_network[territory["c"].pk]) == {
        "cohort": [2, 2, 2, 1, 0],
        "events": [0, 2, 1],
        "in_path": 1,
        "contracts ended": [0, 0],
        "exits before contract": 0,
    }


def test_platform_and_total_are_sums(territory):
    result = indicators(territory)
    assert path_counts(result.by_platform[territory["p1"].pk]) == {
        "cohort": [6, 3, 3, 3, 1],
        "events": [2, 4, 4],
        "in_path": 3,
        "contracts ended": [1, 0],
        "exits before contract": 3,
    }
    assert path_counts(result.total)["cohort"] == [8, 5, 5, 4, 1]


def test_median_days_from_contact_to_signed_contract(territory):
    result = indicators(territory)
    assert result.by_network[territory["a"].pk].median_days == 31  # 30, 31, 354
    assert result.by_network[territory["b"].pk].median_days == 10
    assert result.by_network[territory["c"].pk].median_days == 20
    # An even count: the mean of the two middle values, as percentile_cont(0.5).
    assert result.by_platform[territory["p1"].pk].median_days == 30.5  # 10, 30, 31, 354
    assert result.by_platform[territory["p2"].pk].median_days == 20
    assert result.total.median_days == 30  # 10, 20, 30, 31, 354


def test_every_due_date_counts_held_or_not(territory):
    result = indicators(territory)
    a = result.by_network[territory["a"].pk]
    # The due rows up to 08/03/2026 (15/03 less the 7 days of grace) or the contract's
    # end: every 4 weeks from each start, 4 (from 01/11/2025) + 3 (from 15/10/2025, ended
    # 01/02/2026) + 6 (from 20/09/2025), and the dates of the 3 reviews recorded off the
    # calendar (01/12, 01/01, 15/11: rows of their own, as the migration keeps them) = 16;
    # 3 reviews held, all 3 before their grace period ended (05/01 for 01/01 too).
    assert (a.reviews_due, a.reviews_held, a.reviews_on_time) == (16, 3, 3)
    assert a.on_time_share == pytest.approx(3 / 16)
    assert a.reviews_overdue == 13
    assert result.total.reviews_overdue == sum(
        result.by_network[territory[k].pk].reviews_overdue for k in ("a", "b", "c")
    )


def test_overdue_follows_the_year_and_the_grace_period(territory):
    # A year without any contract running has nothing overdue.
    assert indicators(territory, year=2021).total.reviews_overdue == 0
    # The grace period: the due date of 21/03/2026 is judged from 28/03, not before.
    platform_of = {territory["a"].pk: territory["a"].platform_id}
    for days, due in ((12, 16), (13, 17)):
        later = compute_indicators(
            platform_of=platform_of, year=2025, today=TODAY + dt.timedelta(days=days)
        )
        assert later.by_network[territory["a"].pk].reviews_due == due


def test_contract_outcomes_by_code_and_exits_before_contract(territory):
    total = indicators(territory).total
    assert {code: n for code, n in total.contract_outcomes.items() if n} == {"qualification": 1}
    assert not +total.early_reasons  # the only contract ended was completed
    assert {code: n for code, n in total.exits_before_contract.items() if n} == {
        "moved": 1,
        "stopped": 1,
        "job": 1,
    }


def test_a_past_year_reads_in_path_on_31_august(territory):
    assert reference_day(2024, TODAY) == dt.date(2025, 8, 31)
    a = indicators(territory, year=2024).by_network[territory["a"].pk]
    assert (a.contacted, a.assessed, a.proposed, a.signed) == (1, 1, 0, 0)
    # The 2023 contract ended in June 2024; the next one was signed in September 2025.
    assert a.in_path == 0
    year_2023 = indicators(territory, year=2023).by_network[territory["a"].pk]
    assert (year_2023.signed, year_2023.in_path, year_2023.completed) == (1, 0, 1)


def test_the_plan_follows_the_share_of_the_base(territory, request):
    in_view = InView.of([territory["a"].pk, territory["b"].pk, territory["c"].pk])
    expected = connection.vendor == "postgresql" and "selective" in request.node.callspec.id
    assert in_view.selective is expected


def test_no_network_gives_empty_figures(db):
    result = compute_indicators(platform_of={}, year=2025, today=TODAY)
    assert result.total.contacted == 0
    assert result.total.median_days is None
    assert result.total.on_time_share is None


def test_tables_carry_the_figures(territory):
    networks = [territory[key] for key in ("a", "b", "c")]
    board = build_dashboard(networks=networks, year=2025, today=TODAY)
    assert [row[1] for row in board.tables["parcours"].rows] == [8, 5, 5, 4, 1]
    assert [row[1] for row in board.tables["evenements"].rows] == [2, 6, 5]
    assert board.tables["reseaux"].columns[-1].label == "En parcours au 15/03/2026"
    outcomes = board.tables["issues"]
    assert outcomes.rows[0][:3] == ["Diplôme ou qualification obtenu", "Parcours achevé", 1]
    assert outcomes.total[2:] == [1, 1.0]
    early = board.tables["sorties"]
    assert early.total == ["Sorties avant tout contrat", 3]
    delays = board.tables["delais"]
    assert delays.total[2:7] == [30.0, 28, 5, pytest.approx(5 / 28), 23]
    platforms = board.tables["plateformes"]
    assert [row[0] for row in platforms.rows] == ["PSAD Nord", "PSAD Sud"]
    assert platforms.rows[0][1:3] == [2, 6]
    assert platforms.rows[0][8] == 30.5


def test_names_with_numbers_sort_naturally():
    names = ["Réseau n° 10", "réseau n° 2", "Réseau n° 1", "Écrins", "Bassin"]
    assert sorted(names, key=natural_key) == [
        "Bassin",
        "Écrins",
        "Réseau n° 1",
        "réseau n° 2",
        "Réseau n° 10",
    ]


def test_a_contract_starting_later_is_not_yet_in_path(territory):
    """Signed on 10/03/2026 for a start on 01/04/2026: signed in the year, not in path on
    15/03/2026, nor late for a review."""
    before = indicators(territory).by_network[territory["c"].pk]
    ContractFactory(
        youth__network=territory["c"],
        activated_on=dt.date(2026, 3, 10),
        starts_on=dt.date(2026, 4, 1),
        next_review_on=dt.date(2026, 4, 29),
    )
    after = indicators(territory).by_network[territory["c"].pk]
    assert after.signed == before.signed + 1
    assert after.in_path == before.in_path
    assert after.reviews_due == before.reviews_due
