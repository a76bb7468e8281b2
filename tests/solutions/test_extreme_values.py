"""The catalogue's forms, as the lead, with extreme values: no 500, nothing saved."""

import pytest
from django.urls import reverse

from networks.models import Objective
from tests.extreme import post_extremes

from .factories import PracticeFactory, SolutionFactory

pytestmark = pytest.mark.django_db


def test_no_catalogue_form_breaks_or_saves_on_extreme_values(client, network, lead):
    solution = SolutionFactory(network=network)
    Objective.objects.create(network=network, school_year=2026, title="Repérer")
    practice = PracticeFactory(network=network)
    urls = [
        reverse("solutions:solution_create", args=[network.pk]),
        reverse("solutions:solution_edit", args=[solution.pk]),
        reverse("solutions:practice_create", args=[network.pk]),
        reverse("solutions:practice_edit", args=[practice.pk]),
        reverse("solutions:evaluation_detail", args=[network.pk, 2025, solution.pk]),
        reverse("solutions:needs_year", args=[network.pk, 2026]),
    ]
    client.force_login(lead)
    assert [problem for url in urls for problem in post_extremes(client, url)] == []


def test_the_activity_report_forms_hold_on_extreme_values(client, network, lead, ien_io):
    page = reverse("reporting:activity_report_year", args=[network.pk, 2025])
    client.force_login(lead)
    for name in ("activity_report_summary", "activity_report_send"):
        post_url = reverse(f"reporting:{name}", args=[network.pk, 2025])
        assert post_extremes(client, page, post_url) == []
