import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from contracts.enums import ContractStatus
from networks.grants import refresh_network_grants, refresh_platform_grants
from networks.perms import networks_for_user
from reporting.dashboard import TABLE_SLUGS
from reporting.dashboard.perms import dashboard_networks_for_user
from tests.factories import (
    CommitteeSeatFactory,
    NetworkFactory,
    SteeringMemberFactory,
    UserFactory,
)

from .conftest import DASHBOARD, D, export_url, path
from .factories import ContractFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_cache(settings):
    settings.DASHBOARD_CACHE_SECONDS = 0


@pytest.fixture
def ien_io_user(territory):
    """The IEN-IO of platform P1 (networks A and B)."""
    user = UserFactory()
    territory["p1"].coordinators.create(user=user)
    refresh_platform_grants(territory["p1"].pk)
    return user


# --- access ------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [DASHBOARD, export_url("reseaux", "csv")])
def test_anonymous_is_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith("/connexion/")


@pytest.mark.parametrize("url", [DASHBOARD, export_url("reseaux", "csv")])
def test_outsider_gets_404(client, territory, outsider, url):
    client.force_login(outsider)
    assert client.get(url).status_code == 404


def test_a_tutor_sees_files_not_figures(client, territory):
    contract = ContractFactory(youth__network=territory["a"], status=ContractStatus.ACTIVE)
    client.force_login(contract.tutor)
    assert client.get(DASHBOARD).status_code == 404


def test_steering_sees_every_network_of_the_academy(client, steering_user, territory):
    client.force_login(steering_user)
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    page = response.content.decode()
    assert "3 réseaux, 2 plateformes" in page
    for name in ("Réseau A", "Réseau B", "Réseau C"):
        assert name in page


def test_ien_io_sees_the_networks_of_the_platform(client, ien_io_user, territory):
    client.force_login(ien_io_user)
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    page = response.content.decode()
    assert "2 réseaux, 1 plateforme" in page
    assert "Réseau C" not in page
    assert client.get(DASHBOARD, {"reseau": territory["c"].pk}).status_code == 404
    assert client.get(DASHBOARD, {"plateforme": territory["p2"].pk}).status_code == 404


def test_lead_sees_the_own_network_only(client, territory):
    client.force_login(territory["a"].lead)
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    assert "Réseau A (plateforme PSAD Nord)" in response.content.decode()
    assert client.get(DASHBOARD, {"reseau": territory["b"].pk}).status_code == 404
    assert client.get(DASHBOARD, {"reseau": "abc"}).status_code == 404
    assert (
        client.get(export_url("reseaux", "csv"), {"reseau": territory["b"].pk}).status_code == 404
    )


def test_committee_member_sees_the_network_figures(client, territory):
    seat = CommitteeSeatFactory(network=territory["c"])
    refresh_network_grants(territory["c"])
    client.force_login(seat.user)
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    assert "Réseau C" in response.content.decode()


def test_dashboard_scope_matches_the_networks_a_user_may_open(territory, ien_io_user):
    steering = SteeringMemberFactory(committee__academy=territory["a"].academy).user
    seat = CommitteeSeatFactory(network=territory["b"])
    refresh_network_grants(territory["b"])
    admin = UserFactory(is_superuser=True)
    for user in (steering, ien_io_user, territory["a"].lead, seat.user, admin, UserFactory()):
        assert dashboard_networks_for_user(user) == sorted(
            networks_for_user(user).select_related("platform"),
            key=lambda n: (n.platform.name, n.name),
        )


# --- filters -----------------------------------------------------------------------------


def test_filters_narrow_the_figures(client, steering_user, territory, no_cache):
    client.force_login(steering_user)
    page = client.get(DASHBOARD, {"plateforme": territory["p2"].pk}).content.decode()
    assert "Réseau C (plateforme PSAD Sud)" in page
    assert "Réseau A" not in page.split("<h2>Chiffres clés</h2>")[1]
    page = client.get(DASHBOARD, {"annee": 2024, "reseau": territory["a"].pk}).content.decode()
    assert "Année scolaire 2024-2025" in page
    assert "En parcours au 31/08/2025" in page


def test_a_network_outside_the_platform_shows_nothing(client, steering_user, territory):
    client.force_login(steering_user)
    response = client.get(
        DASHBOARD, {"plateforme": territory["p2"].pk, "reseau": territory["a"].pk}
    )
    assert response.status_code == 200
    assert "ne relève pas de la plateforme choisie" in response.content.decode()


def test_a_bad_year_falls_back_to_the_current_one(client, steering_user, territory):
    client.force_login(steering_user)
    response = client.get(DASHBOARD, {"annee": "1990", "reseau": territory["b"].pk})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Un filtre n’est pas valide" in page
    assert "Année scolaire 2025-2026" in page
    # The valid filter still applies.
    assert "Réseau B (plateforme PSAD Nord)" in page


def test_filters_fold_into_filtrer_and_open_once_set(client, steering_user):
    """On a phone the filters fold into « Filtrer » (a <details>, without JavaScript);
    they open by themselves once a filter is set."""
    client.force_login(steering_user)
    page = client.get(DASHBOARD).content.decode()
    assert '<details class="foquale-filters fr-mb-4w foquale-no-print">' in page
    assert ">Filtrer</summary>" in page
    page = client.get(DASHBOARD, {"annee": "2025"}).content.decode()
    assert '<details class="foquale-filters fr-mb-4w foquale-no-print" open>' in page


# --- contents ----------------------------------------------------------------------------


def test_no_youth_name_on_the_page_or_in_exports(client, steering_user, territory):
    client.force_login(steering_user)
    assert "Zorglubienne" not in client.get(DASHBOARD).content.decode()
    for slug in TABLE_SLUGS:
        assert "Zorglubienne" not in client.get(export_url(slug, "csv")).content.decode()
    workbook = load_workbook(io.BytesIO(client.get(export_url("tout", "xlsx")).content))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(values_only=True):
            assert "Zorglubienne" not in " ".join(str(v) for v in row if v is not None)


def test_every_chart_comes_with_its_table(client, steering_user):
    client.force_login(steering_user)
    page = client.get(DASHBOARD).content.decode()
    assert page.count("<svg") == 5
    assert page.count('role="img"') == 5
    for slug in ("tendance", "parcours", "reseaux", "delais", "issues"):
        assert f'aria-labelledby="graphique-{slug}-titre graphique-{slug}-desc"' in page
        assert f'href="#tableau-{slug}"' in page
        assert f'id="tableau-{slug}"' in page
    assert (
        page.count("<caption>") == 10
    )  # the trend, the cohort, the events, the reasons, the exits apart
    assert "<script" not in page.split("<main")[1].split("</main>")[0]


def test_key_figures(client, steering_user):
    client.force_login(steering_user)
    page = client.get(DASHBOARD).content.decode()
    assert '<span class="foquale-figure">8</span><br>jeunes contactés dans l’année' in page
    # 5 reviews held on time for 28 due dates (the missed ones count).
    assert '<span class="foquale-figure">18\u202f%</span>' in page
    assert '<span class="foquale-figure">23</span><br>échéances de bilans dépassées' in page
    assert (
        '<span class="foquale-figure">30</span><br>délai médian du contact au contrat signé (jours)'
        in page
    )


def test_composition_status_per_network(client, steering_user, territory):
    CommitteeSeatFactory(network=territory["a"], role="head_college")
    client.force_login(steering_user)
    page = client.get(DASHBOARD).content.decode()
    composition = page.split('id="tableau-composition"')[1]
    assert "Incomplète" in composition
    assert "Chef d’établissement représentant les LEGT" in composition


# --- query counts and cache --------------------------------------------------------------


def add_networks(academy, platform, count, youths_each):
    for n in range(count):
        network = NetworkFactory(academy=academy, platform=platform, name=f"Réseau volume {n}")
        for i in range(youths_each):
            path(
                network,
                contacted_on=D(2025, 10, 1 + i % 20),
                assessed_on=D(2025, 10, 25),
                proposed_on=D(2025, 11, 1),
                activated_on=D(2025, 11, 10 + i % 10),
                next_review_on=D(2026, 3, 1 + i % 20),
                reviews=[(D(2025, 12, 10), D(2025, 12, 9 + i % 3))],
            )


# Session, user, the access scope (read on the first page after a change of grants, then
# cached), networks in view, committee seats, the number of networks (PostgreSQL, to
# choose the plan), then one GROUP BY query per group of indicators: youths, assessments,
# proposals, contracts, reviews, medians, and the contract outcomes' reasons.
# +2: the 15-day rule's GROUP BY and its medians (issue 12); +3: the month-by-month
# trend's two GROUP BY and the year selector's first contact; +1: the young people
# transferred during the year, to count them once above their networks.
QUERY_BOUND = 19


def test_query_count_does_not_grow_with_the_data(
    client, territory, no_cache, django_assert_max_num_queries
):
    # One network in view, then ten more networks and many more young people.
    steering = SteeringMemberFactory(committee__academy=territory["a"].academy).user
    client.force_login(territory["a"].lead)
    with django_assert_max_num_queries(QUERY_BOUND):
        assert client.get(DASHBOARD).status_code == 200
    add_networks(territory["a"].academy, territory["p1"], 10, 6)
    client.force_login(steering)
    with django_assert_max_num_queries(QUERY_BOUND):
        response = client.get(DASHBOARD)
    assert response.content.decode().count("Réseau volume") >= 10
    with django_assert_max_num_queries(QUERY_BOUND):
        assert client.get(export_url("tout", "xlsx")).status_code == 200


def test_the_cache_serves_the_figures_with_three_queries(
    client, steering_user, django_assert_num_queries
):
    client.force_login(steering_user)
    first = client.get(DASHBOARD).content.decode()
    # Session, user, networks in view: the figures and the filter form come from the cache.
    with django_assert_num_queries(3):
        second = client.get(DASHBOARD).content.decode()
    # The same page but for the header's fresh CSRF token (logout form).
    assert second.split("<main")[1] == first.split("<main")[1]


def test_the_cache_is_keyed_by_the_view(client, steering_user, territory):
    client.force_login(steering_user)
    client.get(DASHBOARD)
    page = client.get(DASHBOARD, {"reseau": territory["b"].pk}).content.decode()
    assert "Réseau B" in page
    assert "Réseau C" not in page.split("<h2>Chiffres clés</h2>")[1]


def test_health_page_touches_no_data(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(reverse("reporting:health"))
    assert response.status_code == 200
    assert "FOQUALE fonctionne" in response.content.decode()
