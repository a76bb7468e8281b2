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
    pages = runner.default_pages()
    assert {"sante", "tdb-pilotage", "tdb-reseau"} <= {p.key for p in pages}
    # The stored signed version is made once, then served as it is.
    signed = next(p for p in pages if p.key == "pdf-signe")
    assert signed.kind == "pdf" and signed.path.endswith("/versions/1.pdf")
    assert ContractDocument.objects.count() == 1
    runner.default_pages()
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


def test_report_table():
    reference = Page("sante", "Page nue (référence)", "tuteur", "/sante/", "reference")
    page = Page("tdb", "Tableau de bord", "pilotage", "/tableau-de-bord/")
    missing = Page("jeunes", "Dossiers", "responsable", "/jeunes/")
    report = Report(scale="academy", workers=4, concurrency=8, seconds=10)
    report.measures = [
        Measure(
            page=reference,
            queries="2",
            load=client.LoadResult(requests=100, seconds=1.0, latencies=[0.01] * 100),
        ),
        Measure(
            page=page,
            queries="10 (en cache : 3)",
            load=client.LoadResult(requests=60, seconds=1.0, latencies=[0.02] * 60),
            ratio=0.6,
            target="≥ 0.5×",
            met=True,
        ),
        Measure(page=missing, target="≥ 0.5×", note="page absente dans cette branche (404)"),
    ]
    report.reference_runs = [100.0]
    report.measures[1].cold_ms = 95.4
    report.minimal_pdf_ms = 10.0
    report.render_ms = (45.0, 10.0, 5.0)
    table = report.markdown()
    assert "prend 95 ms (Tableau de bord, pilotage)." in table
    assert (
        "| Tableau de bord | pilotage | 10 (en cache : 3) | 60.0 | 20.0 | 20.0 | 0.60× | ≥ 0.5× | oui |"
        in table
    )
    assert "| Dossiers | responsable | — |" in table
    assert "page absente dans cette branche (404)" in table
    assert "45.0 ms, soit 4.50× le rendu minimal" in table
    assert "9.00× un rendu minimal qui garde" in table


@pytest.mark.django_db
def test_benchmark_needs_scale_data():
    with pytest.raises(CommandError, match="seed_scale"):
        call_command("benchmark", scale="test")
