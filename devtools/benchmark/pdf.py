"""WeasyPrint renders in this process: the minimal one-page render the PDFs are compared
with, and the contract draft's render alone."""

import statistics
import time

from contracts.models import Contract
from contracts.pdf import render_contract_pdf

MINIMAL_ROUNDS = 5  # minimal renders between two slices of a PDF
MINIMAL_PDF_HTML = (
    "<!doctype html><html lang='fr'><head><meta charset='utf-8'><title>Contrat</title>"
    "</head><body><h1>Contrat FOQUALE</h1><p>Une page.</p></body></html>"
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
