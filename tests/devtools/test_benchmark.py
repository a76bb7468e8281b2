from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from contracts.models import ContractDocument
from devtools.benchmark import client, runner
from devtools.benchmark.report import Measure, Page, Report
from tests.factories import PASSWORD, UserFactory


def port_of(live_server) -> int:
    return urlsplit(live_server.url).port


@pytest.mark.django_db(transaction=True)
def test_login_and_load_through_http(live_server):
    user = UserFactory()
    port = port_of(live_server)
    cookie = client.login(port, user.email, PASSWORD)
    assert "sessionid=" in cookie
    result = client.load(port, "/sante/", cookie=cookie, concurrency=2, seconds=0.5)
    assert result.requests > 0
    assert result.errors == 0
    assert 0 < result.p50_ms <= result.p95_ms
    # A page behind the login, with and without the session.
    assert client.get(port, "/tableau-de-bord/", cookie)[0] == 404  # no network in view
    assert client.get(port, "/tableau-de-bord/")[0] == 302
    with pytest.raises(client.LoginFailed):
        client.login(port, user.email, "mauvais mot de passe")


def test_load_results_merge():
    first = client.LoadResult(requests=2, errors=0, seconds=1.0, latencies=[0.01, 0.03])
    second = client.LoadResult(requests=2, errors=1, seconds=1.0, latencies=[0.02, 0.04])
    first.merge(second)
    assert (first.requests, first.errors, first.rps) == (4, 1, 2.0)
    assert first.p50_ms == pytest.approx(25.0)


@pytest.mark.django_db
def test_query_counts_and_missing_pages(settings):
    settings.DEMO = True
    call_command("seed_scale", scale="test", stdout=None)
    pages = runner.default_pages("academy")
    assert {"minimale", "sante", "tdb-pilotage", "tdb-reseau"} <= {p.key for p in pages}
    targets = {p.key: (p.target, p.versus) for p in pages}
    assert targets["sante"] == (0.45, "minimal")
    assert targets["tuteur"] == (0.6, "sante")
    assert targets["jeunes"] == (0.5, "sante")
    assert runner.default_pages("national")[3].target == 0.5  # the tutor's home
    # The stored signed version is made once, then served as it is.
    signed = next(p for p in pages if p.key == "pdf-signe")
    assert signed.kind == "info" and signed.path.endswith("/versions/1.pdf")
    assert ContractDocument.objects.count() == 1
    runner.default_pages("academy")
    assert ContractDocument.objects.count() == 1
    counts = runner.count_queries(
        [p for p in pages if p.key in {"sante", "sante-anonyme", "tdb-pilotage"}]
        + [Page("absente", "Absente", "tuteur", "/page-qui-n-existe-pas/")]
    )
    # Session and user; with the cache emptied, the access scope too, read for the header's
    # « À faire » link and then kept in the cache.
    assert counts["sante"][:2] == (200, "3 (en cache : 2)")
    assert counts["sante-anonyme"][:2] == (200, "0")
    status, queries, cold_ms = counts["tdb-pilotage"]
    assert cold_ms > 0
    assert status == 200
    assert queries.endswith("(en cache : 3)")
    assert counts["absente"][0] == 404


def load(requests: int, latency: float) -> client.LoadResult:
    return client.LoadResult(requests=requests, seconds=1.0, latencies=[latency] * requests)


def test_ratios_to_both_references_and_targets():
    minimal = Measure(page=Page("minimale", "Minimale", "", "/", "minimal"), load=load(200, 0.005))
    sante = Measure(
        page=Page("sante", "Santé", "tuteur", "/sante/", "reference", 0.45, "minimal"),
        load=load(100, 0.01),
    )
    page = Measure(
        page=Page("tdb", "Tableau de bord", "pilotage", "/tableau-de-bord/", target=0.7),
        load=load(60, 0.02),
        minimal=load(200, 0.005),
        reference=load(100, 0.01),
    )
    runner._ratios([minimal, sante, page])
    assert (sante.ratio_minimal, sante.ratio_sante, sante.met) == (0.5, None, True)
    assert (page.ratio_minimal, page.ratio_sante, page.met) == (0.3, 0.6, False)


def test_report_table():
    reference = Page("sante", "Page nue", "tuteur", "/sante/", "reference", 0.45, "minimal")
    page = Page("tdb", "Tableau de bord", "pilotage", "/tableau-de-bord/", target=0.5)
    missing = Page("jeunes", "Dossiers", "responsable", "/jeunes/", target=0.5)
    report = Report(scale="academy", workers=4, concurrency=8, seconds=10, cache="Redis")
    report.measures = [
        Measure(page=reference, queries="2", load=load(100, 0.01), ratio_minimal=0.5, met=True),
        Measure(
            page=page,
            queries="10 (en cache : 3)",
            load=load(60, 0.02),
            minimal=load(200, 0.005),
            reference=load(100, 0.01),
            ratio_minimal=0.3,
            ratio_sante=0.6,
            met=True,
        ),
        Measure(page=missing, note="page absente dans cette branche (404)"),
    ]
    report.measures[1].cold_ms = 95.4
    report.render_ms = (45.0, 10.0, 5.0)
    table = report.markdown()
    assert "cache : Redis" in table
    assert "prend 95 ms (Tableau de bord, pilotage)." in table
    assert (
        "| Page nue | tuteur | 2 | 100.0 | 10.0 | 10.0 | 0.50× | — | ≥ 0.45× la page minimale | oui |"
        in table
    )
    assert (
        "| Tableau de bord | pilotage | 10 (en cache : 3) | 60.0 | 20.0 | 20.0 | 0.30× | 0.60× "
        "| ≥ 0.5× /sante/ | oui |" in table
    )
    assert "| Dossiers | responsable | — |" in table
    assert "page absente dans cette branche (404)" in table
    assert "(successivement, page minimale / `/sante/` : 200 / 100 req/s)" in table
    assert "45.0 ms, soit 4.50× le rendu WeasyPrint minimal" in table
    assert "objectif ≤ 4× : **non**" in table
    assert "9.00× un rendu minimal qui garde" in table


def test_the_minimal_page_serves_25_rows_with_a_session():
    from django.test import Client, override_settings

    with override_settings(
        ROOT_URLCONF="devtools.benchmark.minimal.urls",
        MIDDLEWARE=[
            "django.contrib.sessions.middleware.SessionMiddleware",
            "django.middleware.csrf.CsrfViewMiddleware",
            "django.contrib.auth.middleware.AuthenticationMiddleware",
        ],
        SESSION_ENGINE="django.contrib.sessions.backends.signed_cookies",
        TEMPLATES=[
            {
                "BACKEND": "django.template.backends.django.DjangoTemplates",
                "DIRS": ["devtools/benchmark/minimal/templates"],
            }
        ],
    ):
        browser = Client()
        assert browser.get("/session/").cookies["sessionid"].value
        html = browser.get("/").content.decode()
    assert html.count("<tr><td>") == 25
    assert 'name="csrfmiddlewaretoken"' in html


@pytest.mark.django_db
def test_benchmark_needs_scale_data():
    with pytest.raises(CommandError, match="seed_scale"):
        call_command("benchmark", scale="test")
