"""The benchmark: query counts in process, then load on gunicorn over 127.0.0.1.

Every page is measured against the bare page (`/sante/`, the site's layout and no data)
in the same run, so the ratios hold from one machine to another. A page the branch does
not have yet answers 404 in the query-count pass and is skipped, and the report says so.
"""

import logging
import statistics
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
from .pdf import minimal_pdf_timings, render_ms
from .report import SLICE_SECONDS, Measure, Page, Report
from .server import Server, collect_static

# Throughput of each page as a share of the bare page's, per scale (the targets).
RATIO_TARGETS = {"academy": 0.5, "national": 0.35, "test": 0.0}
PDF_TARGET = 4.0  # a contract PDF in at most 4× a minimal one-page WeasyPrint render
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


def default_pages() -> list[Page]:
    tutor = User.objects.get(email=bench_email("tuteur"))
    contract = draft_contract(tutor)
    signed = bench_signed_document(tutor)
    pages = [
        Page("sante", "Page nue (référence)", "tuteur", "/sante/", "reference"),
        Page("sante-anonyme", "Page nue, sans session", "", "/sante/", "info"),
        Page("tuteur", "Accueil du tuteur", "tuteur", "/tuteur/"),
        Page("jeunes", "Dossiers du réseau", "responsable", "/jeunes/"),
        Page("a-faire", "À faire (responsable de réseau)", "responsable", "/a-faire/"),
        Page("tdb-pilotage", "Tableau de bord (académie)", "pilotage", "/tableau-de-bord/"),
        Page("tdb-ien-io", "Tableau de bord (territoire)", "ien-io", "/tableau-de-bord/"),
        Page("tdb-reseau", "Tableau de bord (réseau)", "responsable", "/tableau-de-bord/"),
    ]
    if contract is not None:
        pages.append(
            Page("pdf", "Contrat en PDF (projet, rendu)", "tuteur", pdf_path(contract.pk), "pdf")
        )
    if signed is not None:
        path = reverse(SIGNED_PDF_URL_NAME, args=[signed.contract_id, signed.version])
        pages.append(Page("pdf-signe", "Contrat en PDF (version signée)", "tuteur", path, "pdf"))
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
) -> Report:
    report = Report(scale=scale, workers=workers, concurrency=concurrency, seconds=seconds)
    pages = [p for p in default_pages() if only is None or p.key in only or p.kind == "reference"]
    collect_static()
    out("Requêtes SQL par page (client de test, dans le processus)…")
    target = RATIO_TARGETS.get(scale, 0.5)
    measures = _measures(pages, target)

    log = Path(settings.BASE_DIR) / "var" / "benchmark-gunicorn.log"
    with Server(workers=workers, log=log) as server:
        out(f"gunicorn sur http://{client.HOST}:{server.port}/ ({workers} workers)")
        load = _Load(server.port, _logins(server.port, measures), max_requests)
        reference, pdf_minimal = _load_pages(measures, load, concurrency, seconds, out)
    report.reference_runs = [m.reference.rps for m in measures if m.reference]
    report.reference_rps = reference.load.rps

    if pdf_minimal:
        report.minimal_pdf_ms = statistics.median(pdf_minimal) * 1000
    draft = next((m for m in measures if m.page.key == "pdf" and m.load), None)
    if draft is not None:
        report.render_ms = render_ms(draft_contract(User.objects.get(email=bench_email("tuteur"))))
    _ratios(measures, target)
    report.measures = measures
    return report


def _measures(pages: list[Page], target: float) -> list[Measure]:
    """A measure per page with its query count and target; a page that does not answer
    200 gets a note instead of a load."""
    counts = count_queries(pages)
    measures: list[Measure] = []
    for page in pages:
        status, queries, cold_ms = counts[page.key]
        measure = Measure(page=page, queries=queries, status=status, cold_ms=cold_ms)
        if page.kind == "page":
            measure.target = f"≥ {target:g}×"
        elif page.kind == "pdf":
            measure.target = f"≤ {PDF_TARGET:g}× le rendu minimal"
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
    """Load on the server, with the page's account's session."""

    port: int
    cookies: dict[str, str]
    max_requests: int

    def __call__(self, page: Page, concurrency: int, seconds: float) -> client.LoadResult:
        return client.load(
            self.port,
            page.path,
            cookie=self.cookies.get(page.account, ""),
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
) -> tuple[Measure, list[float]]:
    """Loads every page that answered, in turn; returns the reference's measure (all its
    slices merged) and the minimal renders timed between the PDFs' slices."""
    reference = next(m for m in measures if m.page.kind == "reference")
    reference.load = client.LoadResult()
    pdf_minimal: list[float] = []
    for m in measures:
        if m.note or m.page.kind == "reference":
            continue
        out(f"  {m.page.label} ({m.page.account or 'anonyme'}) : {m.page.path}")
        if m.page.kind == "pdf":
            pdf_minimal += _load_pdf(m, load, seconds)
            continue
        # Slices of the page alternate with slices of the reference, so that the
        # machine's drift (other processes, caches) weighs on both alike.
        load(m.page, concurrency, 1.0)  # warm-up
        m.load, m.reference = client.LoadResult(), client.LoadResult()
        for _ in range(max(1, round(seconds / SLICE_SECONDS))):
            m.reference.merge(load(reference.page, concurrency, SLICE_SECONDS / 2))
            m.load.merge(load(m.page, concurrency, SLICE_SECONDS))
        reference.load.merge(m.reference)
    return reference, pdf_minimal


def _load_pdf(m: Measure, load: _Load, seconds: float) -> list[float]:
    """One request at a time, slices alternating with minimal renders here; returns the
    minimal renders' timings."""
    load(m.page, 1, 1.0)  # warm-up
    m.load, minimal = client.LoadResult(), []
    for _ in range(max(1, round(seconds / SLICE_SECONDS))):
        minimal += minimal_pdf_timings()
        m.load.merge(load(m.page, 1, SLICE_SECONDS))
    m.minimal_ms = statistics.median(minimal) * 1000
    return minimal


def _ratios(measures: list[Measure], target: float) -> None:
    """Each loaded page's ratio to its reference, and whether it meets its target."""
    for m in measures:
        if m.load is None:
            continue
        if m.page.kind == "pdf":
            m.ratio = m.load.p50_ms / m.minimal_ms
            m.met = m.ratio <= PDF_TARGET
        elif m.reference is not None:
            m.ratio = m.load.rps / m.reference.rps
            if m.page.kind == "page":
                m.met = m.ratio >= target and not m.load.errors
