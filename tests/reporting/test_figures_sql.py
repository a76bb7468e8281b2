"""Each indicator recomputed with plain SQL (tests/reporting/sql_figures.py) on the
hand-built territory, for the current and the past school year."""

import datetime as dt

import pytest

from reporting.dashboard.indicators import compute_indicators

from .sql_figures import compare

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 15)


@pytest.mark.parametrize("year", [2023, 2024, 2025])
def test_every_indicator_matches_its_sql_definition(territory, year):
    networks = [territory[key] for key in ("a", "b", "c")]
    result = compute_indicators(
        platform_of={n.pk: n.platform_id for n in networks}, year=year, today=TODAY
    )
    compare(result.by_network, year, TODAY)


def test_the_cohort_never_grows_from_one_stage_to_the_next(territory):
    networks = [territory[key] for key in ("a", "b", "c")]
    total = compute_indicators(
        platform_of={n.pk: n.platform_id for n in networks}, year=2025, today=TODAY
    ).total
    stages = [
        total.contacted,
        total.cohort_assessed,
        total.cohort_proposed,
        total.cohort_signed,
        total.cohort_completed,
    ]
    assert stages == sorted(stages, reverse=True)
    assert stages[0] > 0
