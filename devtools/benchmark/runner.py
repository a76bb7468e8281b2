"""The benchmark: query counts in process, then load on gunicorn over 127.0.0.1.

Every page is measured against two references in the same run, in turns: the minimal
Django page (`devtools/benchmark/minimal`, Django's session, CSRF and authentication
middleware, 25 rows, no query) and the app's bare page (`/sante/`, the site's layout and
no data, logged in), so the ratios hold from one machine to another. A page the branch
does not have yet answers 404 in the query-count pass and is skipped, and the report says
so.
"""

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from contracts.enums import ContractStatus
from contracts.models import Contract
from devtools.scale import BENCH_DOMAIN, BENCH_PASSWORD
from devtools.scale.documents import bench_signed_document
from foquale.accounts.models import User

from . import client
from .pdf import render_ms
from .report import MINIMAL, SLICE_SECONDS, Measure, Page, Report
from .server import MINIMAL_APP, Server, collect_static

# Throughput of each page as a share of a reference's, per scale (the targets):
# /sante/ against the minimal page, the others against /sante/.
TARGETS = {
    "academy": {"sante": 0.45, "tuteur": 0.6, "jeunes": 0.5, "tdb": 0.7, "pdf": 0.5},
    "national": {"sante": 0.45, "tuteur": 0.5, "jeunes": 0.4, "tdb": 0.7, "pdf": 0.5},
}
RENDER_TARGET = 4.0  # the draft's first render in at most 4× a minimal one-page render
# The contract PDF rendered on each request: the draft of a contract awaiting signatures.
# A signed version is rendered once, when signed, and served from storage.
PDF_URL_NAME = "contracts:draft_pdf"
SIGNED_PDF_URL_NAME = "contracts:document_pdf"


def bench_email(login: str) -> str:
    return f"{login}@{BENCH_DOMAIN}"


def pdf_path(contract_id: int) -> str:
    try:
        return reverse(PDF_URL_NAME, args=[contract_id])
    except NoReverseMatch:  # the contract pages are not in this branch
        return f"/contrats/{contract_id}/projet.pdf"


def draft_contract(tutor: User) -> Contract | None:
    return (
        Contract.objects.filter(tutor=tutor, status=ContractStatus.AWAITING_SIGNATURES)
        .order_by("id")
        .first()
    )


def default_pages(scale: str = "academy") -> list[Page]:
    targets = TARGETS.get(scale, {})
    tutor = User.objects.get(email=bench_email("tuteur"))
    contract = draft_contract(tutor)
    signed = bench_signed_document(tutor)
    dashboard = targets.get("tdb")
    pages = [
        Page("minimale", "Page minimale Django (référence)", "", "/", MINIMAL),
        Page(
            "sante",
            "Page nue `/sante/` (référence)",
            "tuteur",
            "/sante/",
            "reference",
            targets.get("sante"),
            MINIMAL,
        ),
        Page("sante-anonyme", "Page nue, sans session", "", "/sante/", "info"),
        Page("tuteur", "Accueil du tuteur", "tuteur", "/tuteur/", target=targets.get("tuteur")),
        Page(
            "jeunes", "Dossiers du réseau", "responsable", "/jeunes/", target=targets.get("jeunes")
        ),
        Page("a-faire", "À faire (responsable de réseau)", "responsable", "/a-faire/"),
        Page(
            "tdb-pilotage",
            "Tableau de bord (académie)",
            "pilotage",
            "/tableau-de-bord/",
            target=dashboard,
        ),
        Page(
            "tdb-ien-io",
            "Tableau de bord (territoire)",
            "ien-io",
            "/tableau-de-bord/",
            target=dashboard,
        ),
        Page(
            "tdb-reseau",
            "Tableau de bord (réseau)",
            "responsable",
            "/tableau-de-bord/",
            target=dashboard,
        ),
    ]
    if contract is not None:
        pages.append(
            Page(
                "pdf",
                "Contrat en PDF (projet, demandes suivantes)",
                "tuteur",
                pdf_path(contract.pk),
                target=targets.get("pdf"),
            )
        )
    if signed is not None:
        path = reverse(SIGNED_PDF_URL_NAME, args=[signed.contract_id, signed.version])
        pages.append(Page("pdf-signe", "Contrat en PDF (version signée)", "tuteur", path, "info"))
    return pages


def count_queries(pages: list[Page]) -> dict[str, tuple[int, str, float]]:
    """(status, query count, ms) of each page, through Django's test client in this process.

    The time is that of the first request after the cache was emptied.

    A cached page is counted twice: computed (cache emptied) and served from the cache.
    A first request beforehand fills what each process keeps for its lifetime.
    """
    results: dict[str, tuple[int, str, float]] = {}
    test_client = Client(SERVER_NAME="127.0.0.1")
    # A page missing from the branch is reported in the table, not logged as a warning.
    request_logger = logging.getLogger("django.request")
    level = request_logger.level
    request_logger.setLevel(logging.ERROR)
    try:
        for page in pages:
            if page.kind != MINIMAL:
                results[page.key] = _count(test_client, page)
    finally:
        request_logger.setLevel(level)
    return results


def _count(test_client: Client, page: Page) -> tuple[int, str, float]:
    test_client.logout()
    if page.account:
        test_client.force_login(User.objects.get(email=bench_email(page.account)))
    test_client.get(page.path)  # fills the process's own caches (content types…)
    cache.clear()
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as cold:
        response = test_client.get(page.path)
    cold_ms = (time.perf_counter() - started) * 1000
    with CaptureQueriesContext(connection) as warm:
        test_client.get(page.path)
    count = str(len(cold))
    if len(warm) != len(cold):
        count = f"{len(cold)} (en cache : {len(warm)})"
    return response.status_code, count, cold_ms


def run(
    *,
    scale: str,
    workers: int,
    concurrency: int,
    seconds: float,
    max_requests: int,
    only: set[str] | None = None,
    out: Callable[[str], None] = print,
    collectstatic: bool = True,
) -> Report:
    report = Report(scale=scale, workers=workers, concurrency=concurrency, seconds=seconds)
    report.cache, report.render_target = cache_label(), RENDER_TARGET
    pages = [
        p
        for p in default_pages(scale)
        if only is None or p.key in only or p.kind in (MINIMAL, "reference")
    ]
    if collectstatic:
        collect_static()
    out("Requêtes SQL par page (client de test, dans le processus)…")
    measures = _measures(pages)

    log = Path(settings.BASE_DIR) / "var" / "benchmark-gunicorn.log"
    minimal_log = log.with_name("benchmark-minimal.log")
    with (
        Server(workers=workers, log=log) as server,
        Server(workers=workers, log=minimal_log, app=MINIMAL_APP, ready_path="/") as minimal,
    ):
        out(f"gunicorn sur http://{client.HOST}:{server.port}/ ({workers} workers)")
        out(f"page minimale sur http://{client.HOST}:{minimal.port}/ ({workers} workers)")
        cookies = _logins(server.port, measures)
        cookies[MINIMAL] = client.session_cookie(minimal.port, "/session/")
        load = _Load(server.port, minimal.port, cookies, max_requests)
        _load_pages(measures, load, concurrency, seconds, out)
    draft = next((m for m in measures if m.page.key == "pdf" and m.load), None)
    if draft is not None:
        report.render_ms = render_ms(draft_contract(User.objects.get(email=bench_email("tuteur"))))
    _ratios(measures)
    report.measures = measures
    return report


def cache_label() -> str:
    backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    return {"RedisCache": "Redis", "LocMemCache": "mémoire du processus"}.get(backend, backend)


def _measures(pages: list[Page]) -> list[Measure]:
    """A measure per page with its query count; a page that does not answer 200 gets a
    note instead of a load."""
    counts = count_queries(pages)
    measures: list[Measure] = []
    for page in pages:
        if page.kind == MINIMAL:
            measures.append(Measure(page=page, queries="0", status=200))
            continue
        status, queries, cold_ms = counts[page.key]
        measure = Measure(page=page, queries=queries, status=status, cold_ms=cold_ms)
        if status != 200:
            measure.note = (
                "page absente dans cette branche (404)" if status == 404 else f"statut {status}"
            )
        measures.append(measure)
    return measures


def _logins(port: int, measures: list[Measure]) -> dict[str, str]:
    """A session cookie per bench account that a measured page needs, through the form."""
    return {
        account: client.login(port, bench_email(account), BENCH_PASSWORD)
        for account in {m.page.account for m in measures if m.page.account and not m.note}
    }


@dataclass
class _Load:
    """Load on a server (the app's, or the minimal page's), with the page's session."""

    port: int
    minimal_port: int
    cookies: dict[str, str]
    max_requests: int

    def __call__(self, page: Page, concurrency: int, seconds: float) -> client.LoadResult:
        minimal = page.kind == MINIMAL
        return client.load(
            self.minimal_port if minimal else self.port,
            page.path,
            cookie=self.cookies.get(MINIMAL if minimal else page.account, ""),
            concurrency=concurrency,
            seconds=seconds,
            max_requests=self.max_requests,
        )


def _load_pages(
    measures: list[Measure],
    load: _Load,
    concurrency: int,
    seconds: float,
    out: Callable[[str], None],
) -> None:
    """Loads every page that answered, in turns with the two references; the references'
    own measures gather all their slices."""
    minimal = next(m for m in measures if m.page.kind == MINIMAL)
    reference = next(m for m in measures if m.page.kind == "reference")
    minimal.load, reference.load = client.LoadResult(), client.LoadResult()
    for m in measures:
        if m.note or m.page.kind in (MINIMAL, "reference"):
            continue
        out(f"  {m.page.label} ({m.page.account or 'anonyme'}) : {m.page.path}")
        # Slices of the page alternate with slices of the references, so that the
        # machine's drift (other processes, caches) weighs on all alike.
        load(m.page, concurrency, 1.0)  # warm-up (a cached page is computed here)
        m.load, m.minimal, m.reference = (client.LoadResult() for _ in range(3))
        for _ in range(max(1, round(seconds / SLICE_SECONDS))):
            m.minimal.merge(load(minimal.page, concurrency, SLICE_SECONDS / 2))
            m.reference.merge(load(reference.page, concurrency, SLICE_SECONDS / 2))
            m.load.merge(load(m.page, concurrency, SLICE_SECONDS))
        minimal.load.merge(m.minimal)
        reference.load.merge(m.reference)


def _ratios(measures: list[Measure]) -> None:
    """Each loaded page's ratios to the references in its own slices (the references'
    to each other over all of theirs), and whether it meets its target."""
    minimal = next(m for m in measures if m.page.kind == MINIMAL)
    for m in measures:
        if m.load is None or not m.load.requests or m.page.kind == MINIMAL:
            continue
        if m.page.kind == "reference":
            m.ratio_minimal = _share(m.load, minimal.load)
        else:
            m.ratio_minimal = _share(m.load, m.minimal)
            m.ratio_sante = _share(m.load, m.reference)
        ratio = m.ratio_minimal if m.page.versus == MINIMAL else m.ratio_sante
        if m.page.target is not None and ratio is not None:
            m.met = ratio >= m.page.target and not m.load.errors


def _share(load: client.LoadResult, reference: client.LoadResult | None) -> float | None:
    if reference is None or not reference.rps:
        return None
    return load.rps / reference.rps
