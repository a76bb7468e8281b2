"""The benchmark: query counts in process, then load on gunicorn over 127.0.0.1.

Every page is measured against the bare page (`/sante/`, the site's layout and no data)
in the same run, so the ratios hold from one machine to another. A page the branch does
not have yet answers 404 in the query-count pass and is skipped, and the report says so.
"""

import logging
import os
import platform
import secrets
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from contracts.enums import ContractStatus
from contracts.models import Contract
from contracts.pdf import render_contract_pdf
from devtools.scale import BENCH_DOMAIN, BENCH_PASSWORD
from devtools.scale.documents import bench_signed_document
from foquale.accounts.models import User

from . import client

# Throughput of each page as a share of the bare page's, per scale (the targets).
RATIO_TARGETS = {"academy": 0.5, "national": 0.35, "test": 0.0}
PDF_TARGET = 4.0  # a contract PDF in at most 4× a minimal one-page WeasyPrint render
SLICE_SECONDS = 2.0
MINIMAL_ROUNDS = 5  # minimal renders between two slices of a PDF
# The contract PDF rendered on each request: the draft of a contract awaiting signatures.
# A signed version is rendered once, when signed, and served from storage.
PDF_URL_NAME = "contracts:draft_pdf"
SIGNED_PDF_URL_NAME = "contracts:document_pdf"
MINIMAL_PDF_HTML = (
    "<!doctype html><html lang='fr'><head><meta charset='utf-8'><title>Contrat</title>"
    "</head><body><h1>Contrat FOQUALE</h1><p>Une page.</p></body></html>"
)


@dataclass(frozen=True)
class Page:
    key: str
    label: str
    account: str  # a bench account's login, "" for anonymous
    path: str
    kind: str = "page"  # "reference", "page" (ratio target), "info", "pdf"


@dataclass
class Measure:
    page: Page
    queries: str = ""
    status: int = 0
    cold_ms: float = 0.0
    load: client.LoadResult | None = None
    note: str = ""
    ratio: float | None = None
    # The reference's slices interleaved with this page's.
    reference: client.LoadResult | None = None
    target: str = ""
    met: bool | None = None
    # A PDF's reference: the minimal render's median, measured between its slices.
    minimal_ms: float | None = None


@dataclass
class Report:
    scale: str
    workers: int
    concurrency: int
    seconds: float
    measures: list[Measure] = field(default_factory=list)
    reference_rps: float = 0.0
    reference_runs: list[float] = field(default_factory=list)
    minimal_pdf_ms: float | None = None
    # In the process, alternately: (draft render, minimal render, minimal render sharing
    # the app's font configuration), medians in ms.
    render_ms: tuple[float, float, float] | None = None

    def markdown(self) -> str:
        lines = [
            f"Échelle : **{self.scale}** — {machine()} — gunicorn {self.workers} workers "
            f"(sync), {self.concurrency} requêtes simultanées, {self.seconds:g} s par page.",
            "",
            "| page | compte | requêtes SQL | req/s | p50 (ms) | p95 (ms) | ratio | objectif | atteint |",
            "| --- | --- | --- | ---: | ---: | ---: | ---: | --- | --- |",
        ]
        for m in self.measures:
            if m.load is None:
                lines.append(
                    f"| {m.page.label} | {m.page.account or 'anonyme'} | — | — | — | — | — | "
                    f"{m.target or '—'} | {m.note} |"
                )
                continue
            ratio = f"{m.ratio:.2f}×" if m.ratio is not None else "—"
            met = "—" if m.met is None else ("oui" if m.met else "**non**")
            errors = f" ({m.load.errors} erreurs)" if m.load.errors else ""
            lines.append(
                f"| {m.page.label} | {m.page.account or 'anonyme'} | {m.queries} | "
                f"{m.load.rps:.1f}{errors} | {m.load.p50_ms:.1f} | {m.load.p95_ms:.1f} | "
                f"{ratio} | {m.target or '—'} | {met} |"
            )
        computed = [m for m in self.measures if "en cache" in m.queries]
        if computed:
            lines += [
                "",
                "Pages servies depuis le cache : leur calcul (cache vidé, une requête dans le "
                "processus, client de test) prend "
                + ", ".join(
                    f"{m.cold_ms:.0f} ms ({m.page.label}, {m.page.account})" for m in computed
                )
                + ".",
            ]
        if self.reference_runs:
            runs = ", ".join(f"{rps:.0f}" for rps in self.reference_runs)
            lines += [
                "",
                "Chaque page est mesurée par tranches de "
                f"{SLICE_SECONDS:g} s alternées avec des tranches de la page nue ; son ratio "
                "se rapporte au débit de la page nue dans ses propres tranches "
                f"(successivement {runs} req/s).",
            ]
        if self.minimal_pdf_ms is not None:
            lines += [
                "",
                "PDF : médiane de la requête HTTP (une à la fois) rapportée à celle du rendu "
                "WeasyPrint minimal d’une page dans le processus (appel par défaut, "
                f"`HTML(string=…).write_pdf()`), mesuré par {MINIMAL_ROUNDS} rendus entre "
                f"deux tranches de la page : {self.minimal_pdf_ms:.1f} ms en tout.",
            ]
        if self.render_ms is not None:
            draft, minimal, shared = self.render_ms
            lines += [
                "",
                f"Rendu seul du projet de contrat dans le processus (contexte, gabarit et "
                f"WeasyPrint) : {draft:.1f} ms, soit {draft / minimal:.2f}× le rendu minimal "
                f"mesuré en alternance ({minimal:.1f} ms) et {draft / shared:.2f}× un rendu "
                f"minimal qui garde, comme l’application, sa configuration des polices "
                f"({shared:.1f} ms).",
            ]
        return "\n".join(lines)


def machine() -> str:
    memory = ""
    try:
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        memory = f", {pages / 2**30:.0f} Gio"
    except (ValueError, OSError):
        pass
    return f"{os.cpu_count()} cœurs{memory}, {platform.system()} {platform.machine()}"


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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((client.HOST, 0))
        return sock.getsockname()[1]


def server_env() -> dict[str, str]:
    return {
        **os.environ,
        "DEBUG": "false",
        "DEMO": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": client.HOST,
        "SECURE_COOKIES": "false",
        "CONN_MAX_AGE": "600",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "foquale.settings",
    }


class Server:
    """gunicorn serving the app on 127.0.0.1, DEBUG off, on the same database."""

    def __init__(self, *, workers: int, log: Path):
        self.workers = workers
        self.port = free_port()
        self.log = log
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "Server":
        env = server_env()
        base = Path(settings.BASE_DIR)
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "foquale.wsgi:application",
                    "--bind",
                    f"{client.HOST}:{self.port}",
                    "--workers",
                    str(self.workers),
                    "--timeout",
                    "120",
                ],
                cwd=base,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if client.get(self.port, "/sante/", timeout=5)[0] == 200:
                    return self
            except OSError:
                time.sleep(0.2)
        self.__exit__(None, None, None)
        raise RuntimeError(f"gunicorn did not start; see {self.log}")

    def __exit__(self, *exc) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def collect_static() -> None:
    """The manifest of static files, which pages need with DEBUG off (here and in gunicorn)."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=Path(settings.BASE_DIR),
        env=server_env(),
        check=True,
    )


def minimal_pdf_timings(rounds: int = MINIMAL_ROUNDS, *, font_config=None) -> list[float]:
    """Seconds of `rounds` minimal one-page renders, WeasyPrint's default call (a font
    configuration of its own each time) unless one is given."""
    from weasyprint import HTML

    HTML(string=MINIMAL_PDF_HTML).write_pdf(font_config=font_config)
    timings = []
    for _ in range(rounds):
        started = time.perf_counter()
        HTML(string=MINIMAL_PDF_HTML).write_pdf(font_config=font_config)
        timings.append(time.perf_counter() - started)
    return timings


def minimal_pdf_ms(rounds: int = 20) -> float:
    return statistics.median(minimal_pdf_timings(rounds)) * 1000


def render_ms(contract: Contract, rounds: int = 10) -> tuple[float, float, float]:
    """Medians (ms) of the draft's render in this process and of the minimal render, both
    ways, taken in turn so that the machine's load weighs on all alike."""
    from weasyprint.text.fonts import FontConfiguration

    shared_fonts = FontConfiguration()
    render_contract_pdf(contract, draft=True)
    drafts, minimal, shared = [], [], []
    for _ in range(rounds):
        started = time.perf_counter()
        render_contract_pdf(contract, draft=True)
        drafts.append(time.perf_counter() - started)
        minimal += minimal_pdf_timings(1)
        shared += minimal_pdf_timings(1, font_config=shared_fonts)
    return tuple(statistics.median(t) * 1000 for t in (drafts, minimal, shared))


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
    counts = count_queries(pages)
    target = RATIO_TARGETS.get(scale, 0.5)
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

    log = Path(settings.BASE_DIR) / "var" / "benchmark-gunicorn.log"
    with Server(workers=workers, log=log) as server:
        out(f"gunicorn sur http://{client.HOST}:{server.port}/ ({workers} workers)")
        cookies = {
            account: client.login(server.port, bench_email(account), BENCH_PASSWORD)
            for account in {m.page.account for m in measures if m.page.account and not m.note}
        }

        def run_load(page: Page, conc: int, duration: float) -> client.LoadResult:
            return client.load(
                server.port,
                page.path,
                cookie=cookies.get(page.account, ""),
                concurrency=conc,
                seconds=duration,
                max_requests=max_requests,
            )

        reference = next(m for m in measures if m.page.kind == "reference")
        reference.load = client.LoadResult()
        pdf_minimal: list[float] = []
        for m in measures:
            if m.note or m.page.kind == "reference":
                continue
            out(f"  {m.page.label} ({m.page.account or 'anonyme'}) : {m.page.path}")
            if m.page.kind == "pdf":
                # One request at a time, slices alternating with minimal renders here.
                run_load(m.page, 1, 1.0)  # warm-up
                m.load, minimal = client.LoadResult(), []
                for _ in range(max(1, round(seconds / SLICE_SECONDS))):
                    minimal += minimal_pdf_timings()
                    m.load.merge(run_load(m.page, 1, SLICE_SECONDS))
                m.minimal_ms = statistics.median(minimal) * 1000
                pdf_minimal += minimal
                continue
            # Slices of the page alternate with slices of the reference, so that the
            # machine's drift (other processes, caches) weighs on both alike.
            run_load(m.page, concurrency, 1.0)  # warm-up
            m.load, m.reference = client.LoadResult(), client.LoadResult()
            for _ in range(max(1, round(seconds / SLICE_SECONDS))):
                m.reference.merge(run_load(reference.page, concurrency, SLICE_SECONDS / 2))
                m.load.merge(run_load(m.page, concurrency, SLICE_SECONDS))
            reference.load.merge(m.reference)
    report.reference_runs = [m.reference.rps for m in measures if m.reference]
    report.reference_rps = reference.load.rps

    if pdf_minimal:
        report.minimal_pdf_ms = statistics.median(pdf_minimal) * 1000
    draft = next((m for m in measures if m.page.key == "pdf" and m.load), None)
    if draft is not None:
        report.render_ms = render_ms(draft_contract(User.objects.get(email=bench_email("tuteur"))))
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
    report.measures = measures
    return report
