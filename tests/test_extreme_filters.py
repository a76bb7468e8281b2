"""Every filter of the demo's pages (GET: case list, read log, networks, objectives,
actors, catalogue, practices, dashboard, activity report), as its allowed role, with
absurd values: years far off, huge or negative page numbers, 10,000-character searches,
control characters, letters where digits go. The page answers, never with a 500."""

import pytest
from django.urls import reverse

from referents.services import assessor_add
from tests.audit.factories import DataProtectionOfficerFactory
from tests.contracts.conftest import PathBuilder
from tests.contracts.factories import ReferentFactory, SolutionFactory, TeamMemberFactory
from tests.extreme import get_extremes
from tests.factories import EstablishmentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def builder(network):
    establishment = EstablishmentFactory(academy=network.academy)
    network.establishments.add(establishment)
    assessor = UserFactory()
    assessor_add(network=network, user=assessor, function="psyen", by=network.lead)
    return PathBuilder(
        network=network,
        establishment=establishment,
        referent=ReferentFactory(establishment=establishment).user,
        assessor=assessor,
        tutor=TeamMemberFactory(establishment=establishment).user,
        solution=SolutionFactory(network=network, host=establishment),
    )


def test_the_case_list_filters_hold(client, builder):
    builder.youth()
    client.force_login(builder.referent)
    assert get_extremes(client, reverse("contracts:youth_list")) == []


def test_the_read_log_filters_hold(client, network, builder):
    builder.youth()
    client.force_login(DataProtectionOfficerFactory(academy=network.academy).user)
    assert get_extremes(client, reverse("contracts:read_log")) == []
    fields = ("du", "au", "jeune", "utilisateur")
    csv = reverse("contracts:read_log_csv")
    assert get_extremes(client, csv, fields, filtered=False) == []


def test_the_network_pages_filters_hold(client, network, lead, steering):
    client.force_login(lead)
    urls = [
        reverse("networks:objectives", args=[network.pk]),
        reverse("referents:actors", args=[network.pk]),
        reverse("solutions:solution_list", args=[network.pk]),
        reverse("solutions:practice_list"),
    ]
    assert [problem for url in urls for problem in get_extremes(client, url)] == []
    # Pages without a filter form: their parameters are the page number and the year.
    urls = [
        reverse("solutions:catalogue", args=[network.pk]),
        reverse("reporting:activity_report_year", args=[network.pk, 2025]),
    ]
    assert [
        problem
        for url in urls
        for problem in get_extremes(client, url, ("page", "annee"), filtered=False)
    ] == []
    client.force_login(steering)
    assert get_extremes(client, reverse("reporting:dashboard")) == []
    # The exports read the dashboard's filters.
    for fmt in ("csv", "xlsx"):
        export = reverse("reporting:dashboard_export", args=["reseaux", fmt])
        assert get_extremes(client, export, ("annee", "plateforme", "reseau"), filtered=False) == []
    assert get_extremes(client, reverse("solutions:catalogue_home"), filtered=False) == []
    # One platform only: the list shows no filter, its parameters are still read.
    networks = reverse("networks:list")
    assert get_extremes(client, networks, ("plateforme", "etat"), filtered=False) == []


@pytest.mark.parametrize("year", [0, 1, 1789, 99999, 10**12])
def test_absurd_years_in_the_address_are_a_404(client, network, lead, year):
    client.force_login(lead)
    for name in (
        "solutions:evaluations_year",
        "solutions:needs_year",
        "reporting:activity_report_year",
        "reporting:activity_report_pdf",
    ):
        assert client.get(reverse(name, args=[network.pk, year])).status_code == 404
