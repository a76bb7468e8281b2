"""The benchmark's report: what was measured, and the Markdown table that shows it."""

import os
import platform
from dataclasses import dataclass, field

from . import client
from .pdf import MINIMAL_ROUNDS

SLICE_SECONDS = 2.0  # a page's load alternates with the reference's in slices this long


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
        return "\n".join(
            self._table() + self._cache_note() + self._slices_note() + self._pdf_notes()
        )

    def _table(self) -> list[str]:
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
        return lines

    def _cache_note(self) -> list[str]:
        computed = [m for m in self.measures if "en cache" in m.queries]
        if not computed:
            return []
        return [
            "",
            "Pages servies depuis le cache : leur calcul (cache vidé, une requête dans le "
            "processus, client de test) prend "
            + ", ".join(f"{m.cold_ms:.0f} ms ({m.page.label}, {m.page.account})" for m in computed)
            + ".",
        ]

    def _slices_note(self) -> list[str]:
        if not self.reference_runs:
            return []
        runs = ", ".join(f"{rps:.0f}" for rps in self.reference_runs)
        return [
            "",
            "Chaque page est mesurée par tranches de "
            f"{SLICE_SECONDS:g} s alternées avec des tranches de la page nue ; son ratio "
            "se rapporte au débit de la page nue dans ses propres tranches "
            f"(successivement {runs} req/s).",
        ]

    def _pdf_notes(self) -> list[str]:
        lines = []
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
        return lines


def machine() -> str:
    memory = ""
    try:
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        memory = f", {pages / 2**30:.0f} Gio"
    except (ValueError, OSError):
        pass
    return f"{os.cpu_count()} cœurs{memory}, {platform.system()} {platform.machine()}"
