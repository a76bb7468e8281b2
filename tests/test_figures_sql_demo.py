"""The figures of the demo, each recomputed with plain SQL (tests/reporting/sql_figures.py)
and compared; the demo's cohort reads as a funnel, and it has a late review per tutor."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from contracts.enums import ContractStatus
from contracts.reviews.enums import DueState
from contracts.reviews.selectors import tutor_reviews_due
from foquale.accounts.models import User
from foquale.schoolyear import current_school_year
from networks.models import Network
from reporting.dashboard.indicators import compute_indicators
from tests.reporting.sql_figures import calendar_dates_without_row, compare

pytestmark = pytest.mark.django_db


def test_demo_figures_match_their_sql_definitions(settings):
    settings.DEMO = True
    call_command("seed_demo", "--i-know-this-is-not-production")
    today = timezone.localdate()
    platform_of = dict(Network.objects.values_list("pk", "platform_id"))
    for year in (current_school_year() - 1, current_school_year()):
        result = compute_indicators(platform_of=platform_of, year=year, today=today)
        compare(result.by_network, year, today)
    total = compute_indicators(
        platform_of=platform_of, year=current_school_year(), today=today
    ).total
    stages = [
        total.contacted,
        total.cohort_assessed,
        total.cohort_proposed,
        total.cohort_signed,
        total.cohort_completed,
    ]
    assert stages == sorted(stages, reverse=True)
    assert total.contacted > 0 and total.reviews_due > 0
    assert calendar_dates_without_row() == 0  # every date of every calendar is a row
    # As the README says: one late review per tutor, and no other due date missed.
    tutors = User.objects.filter(tutored_contracts__status=ContractStatus.ACTIVE).distinct()
    assert tutors
    for tutor in tutors:
        states = [row.state for row in tutor_reviews_due(tutor)]
        assert states.count(DueState.LATE) == 1, tutor
    assert total.reviews_overdue == len(tutors)
