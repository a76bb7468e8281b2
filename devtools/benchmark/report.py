"""The benchmark's report: what was measured, and the Markdown table that shows it."""

import os
import platform
from dataclasses import dataclass, field

from . import client

SLICE_SECONDS = 2.0  # a page's slice; each reference gets half as long before it
MINIMAL = "minimal"  # the minimal Django page (devtools/benchmark/minimal)
SANTE = "sante"  # the app's bare page, /sante/, logged in
VERSUS_LABEL = {MINIMAL: "la page minimale", SANTE: "/sante/"}


@dataclass(frozen=True)
class Page:
    key: str
    label: str
    account: str  # a bench account's login, "" for anonymous
    path: str
    # "minimal" and "reference" (/sante/) are the two references; "page" has a target,
    # "info" is shown with its ratios only.
    kind: str = "page"
    target: float | None = None  # share of the `versus` reference's throughput
    versus: str = SANTE


@dataclass
class Measure:
    page: Page
    queries: str = ""
    status: int = 0
    cold_ms: float = 0.0
    load: client.LoadResult | None = None
    note: str = ""
    # The references' slices interleaved with this page's.
    minimal: client.LoadResult | None = None
    reference: client.LoadResult | None = None
    ratio_minimal: float | None = None
    ratio_sante: float | None = None
    met: bool | None = None

    @property
    def target(self) -> str:
        if self.page.target is None:
            return ""
        return f"≥ {self.page.target:g}× {VERSUS_LABEL[self.page.versus]}"


@dataclass
class Report:
    scale: str
    workers: int
    concurrency: int
    seconds: float
    measures: list[Measure] = field(default_factory=list)
    cache: str = ""  # the cache the app ran with
    # In the process, alternately: (draft render, minimal render, minimal render sharing
    # the app's font configuration), medians in ms.
    render_ms: tuple[float, float, float] | None = None
    render_target: float = 4.0

    def markdown(self) -> str:
        return "\n".join(self._table() + self._cache_note() + self._slices_note() + self._pdf())

    def _table(self) -> list[str]:
        lines = [
            f"Échelle : **{self.scale}** — {machine()} — gunicorn {self.workers} workers "
            f"(sync), {self.concurrency} requêtes simultanées, {self.seconds:g} s par page"
            + (f" ; cache : {self.cache}" if self.cache else "")
            + ".",
            "",
            "| page | compte | requêtes SQL | req/s | p50 (ms) | p95 (ms) | vs page minimale "
            "| vs /sante/ | objectif | atteint |",
            "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | --- | --- |",
        ]
        for m in self.measures:
            account = m.page.account or "anonyme"
            if m.load is None:
                lines.append(
                    f"| {m.page.label} | {account} | — | — | — | — | — | — | "
                    f"{m.target or '—'} | {m.note} |"
                )
                continue
            met = "—" if m.met is None else ("oui" if m.met else "**non**")
            errors = f" ({m.load.errors} erreurs)" if m.load.errors else ""
            lines.append(
                f"| {m.page.label} | {account} | {m.queries or '—'} | "
                f"{m.load.rps:.1f}{errors} | {m.load.p50_ms:.1f} | {m.load.p95_ms:.1f} | "
                f"{_ratio(m.ratio_minimal)} | {_ratio(m.ratio_sante)} | {m.target or '—'} | "
                f"{met} |"
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
        runs = [m for m in self.measures if m.minimal is not None and m.reference is not None]
        if not runs:
            return []
        pairs = ", ".join(f"{m.minimal.rps:.0f} / {m.reference.rps:.0f}" for m in runs)
        return [
            "",
            f"Chaque page est mesurée par tranches de {SLICE_SECONDS:g} s, chacune précédée "
            f"d’une tranche de {SLICE_SECONDS / 2:g} s de la page minimale et d’une de "
            "`/sante/` ; ses ratios se rapportent au débit des deux références dans ses "
            f"propres tranches (successivement, page minimale / `/sante/` : {pairs} req/s). "
            "Ceux de `/sante/` se rapportent à toutes les tranches de la page minimale.",
        ]

    def _pdf(self) -> list[str]:
        if self.render_ms is None:
            return []
        draft, minimal, shared = self.render_ms
        met = "oui" if draft / minimal <= self.render_target else "**non**"
        return [
            "",
            f"Premier rendu du projet de contrat, seul, dans le processus (contexte, gabarit "
            f"et WeasyPrint) : {draft:.1f} ms, soit {draft / minimal:.2f}× le rendu WeasyPrint "
            f"minimal d’une page mesuré en alternance (`HTML(string=…).write_pdf()`, "
            f"{minimal:.1f} ms ; objectif ≤ {self.render_target:g}× : {met}) et "
            f"{draft / shared:.2f}× un rendu minimal qui garde, comme l’application, sa "
            f"configuration des polices ({shared:.1f} ms). Les demandes suivantes de la même "
            "version sont servies depuis le cache (ligne du projet ci-dessus).",
        ]


def _ratio(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}×"


def machine() -> str:
    memory = ""
    try:
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        memory = f", {pages / 2**30:.0f} Gio"
    except (ValueError, OSError):
        pass
    return f"{os.cpu_count()} cœurs{memory}, {platform.system()} {platform.machine()}"
