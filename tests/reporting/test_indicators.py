"""Each indicator against the figures counted by hand in `conftest.territory`."""

import datetime as dt

import pytest
from django.db import connection

from reporting.dashboard import build_dashboard
from reporting.dashboard.indicators import InView, compute_indicators, reference_day
from tests.factories import NetworkFactory

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
        "contacted": figures.contacted,
        "assessed": figures.assessed,
        "proposed": figures.proposed,
        "signed": figures.signed,
        "in_path": figures.in_path,
        "completed": figures.completed,
        "ended_early": figures.ended_early,
    }


def test_path_counts_per_network(territory):
    result = indicators(territory)
    by_network = result.by_network
    assert path_counts(by_network[territory["a"].pk]) == {
        "contacted": 3,
        "assessed": 2,
        "proposed": 3,
        "signed": 3,
        "in_path": 2,
        "completed": 1,
        "ended_early": 1,
    }
    assert path_counts(by_network[territory["b"].pk]) == {
        "contacted": 3,
        "assessed": 0,
        "proposed": 1,
        "signed": 1,
        "in_path": 1,
        "completed": 1,
        "ended_early": 1,
    }
    assert path_counts(by_network[territory["c"].pk]) == {
        "contacted": 2,
        "assessed": 0,
        "proposed": 2,
        "signed": 1,
        "in_path": 1,
        "completed": 0,
        "ended_early": 0,
    }


def test_platform_and_total_are_sums(territory):
    result = indicators(territory)
    assert path_counts(result.by_platform[territory["p1"].pk]) == {
        "contacted": 6,
        "assessed": 2,
        "proposed": 4,
        "signed": 4,
        "in_path": 3,
        "completed": 2,
        "ended_early": 2,
    }
    assert path_counts(result.total) == {
        "contacted": 8,
        "assessed": 2,
        "proposed": 6,
        "signed": 5,
        "in_path": 4,
        "completed": 2,
        "ended_early": 2,
    }


def test_median_days_from_contact_to_signed_contract(territory):
    result = indicators(territory)
    assert result.by_network[territory["a"].pk].median_days == 31  # 30, 31, 354
    assert result.by_network[territory["b"].pk].median_days == 10
    assert result.by_network[territory["c"].pk].median_days == 20
    # An even count: the mean of the two middle values, as percentile_cont(0.5).
    assert result.by_platform[territory["p1"].pk].median_days == 30.5  # 10, 30, 31, 354
    assert result.by_platform[territory["p2"].pk].median_days == 20
    assert result.total.median_days == 30  # 10, 20, 30, 31, 354


def test_reviews_held_on_time_for_reviews_due_in_the_year(territory):
    result = indicators(territory)
    a = result.by_network[territory["a"].pk]
    assert (a.reviews_due, a.reviews_on_time) == (3, 2)  # the one due in August 2025 is out
    assert a.on_time_share == pytest.approx(2 / 3)
    b = result.by_network[territory["b"].pk]
    assert (b.reviews_due, b.reviews_on_time, b.on_time_share) == (1, 0, 0)
    assert result.total.on_time_share == pytest.approx(3 / 5)


def test_late_reviews_now(territory):
    result = indicators(territory)
    assert result.by_network[territory["a"].pk].late_now == 1
    assert result.by_network[territory["b"].pk].late_now == 1
    # An awaiting contract and an active one without a date are not late.
    assert result.by_network[territory["c"].pk].late_now == 0
    assert result.total.late_now == 2


def test_outcomes_by_code(territory):
    outcomes = indicators(territory).total.outcomes
    assert {code: n for code, n in outcomes.items() if n} == {
        "qualification": 1,
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
    assert a.reviews_due == 1 and a.reviews_on_time == 1
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
    path_table = board.tables["parcours"]
    assert [row[1] for row in path_table.rows] == [8, 2, 6, 5, 4, 2, 2]
    assert path_table.rows[4][0] == "En parcours au 15/03/2026"
    outcomes = board.tables["issues"]
    # Most frequent first; ties keep the order of the list of outcomes.
    assert [row[0] for row in outcomes.rows[:4]] == [
        "Diplôme ou qualification obtenu",
        "Emploi",
        "Déménagement",
        "Abandon du parcours",
    ]
    assert outcomes.rows[0][1] == "Parcours achevé"
    assert outcomes.rows[2][1] == "Sortie anticipée"
    assert outcomes.total[2:] == [4, 1.0]
    delays = board.tables["delais"]
    assert delays.total[2:] == [30.0, 5, 3, pytest.approx(0.6), 2]
    platforms = board.tables["plateformes"]
    assert [row[0] for row in platforms.rows] == ["PSAD Nord", "PSAD Sud"]
    assert platforms.rows[0][1:3] == [2, 6]
    assert platforms.rows[0][7] == 30.5
