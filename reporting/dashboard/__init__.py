"""The academy dashboard: indicators per school year, platform and network, as tables.

Aggregates only: no query here selects a young person's name or any field of a file. The
definitions are in `indicators` (and `docs/indicators.md`); stocks (« en parcours ») and
flows are never drawn in the same chart.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Prefetch, prefetch_related_objects

from contracts.enums import ExitReason, Outcome
from foquale.schoolyear import school_year_label
from networks.models import CommitteeSeat, Network, Platform

from .indicators import (
    COMPLETED,
    LABELS,
    REORIENTED,
    UNKNOWN_OUTCOME,
    Figures,
    Indicators,
    compute_indicators,
    natural_key,
)
from .tables import Column, Table, display

__all__ = ["Dashboard", "build_dashboard"]

OUTCOME_LABELS = dict(Outcome.choices) | {UNKNOWN_OUTCOME: "Issue non renseignée"}
REASON_LABELS = dict(ExitReason.choices) | {"": "Motif non codé"}

TABLE_SLUGS = (
    "parcours",
    "evenements",
    "reseaux",
    "delais",
    "issues",
    "motifs",
    "sorties",
    "plateformes",
    "composition",
)


@dataclass
class Dashboard:
    year: int
    networks: list[Network]
    platforms: list[Platform]
    indicators: Indicators
    tables: dict[str, Table]

    @property
    def year_label(self) -> str:
        return school_year_label(self.year)

    @property
    def total(self) -> Figures:
        return self.indicators.total

    @property
    def key_figures(self) -> list[tuple[str, str]]:
        """(figure, what it counts) for the top of the page."""
        total = self.total
        return [
            (display(total.contacted, "int"), LABELS["contacted"].lower()),
            (display(total.signed, "int"), LABELS["signed"].lower()),
            (display(total.in_path, "int"), in_path_label(self.indicators).lower()),
            (display(total.median_days, "number"), LABELS["median_days"].lower()),
            (display(total.on_time_share, "percent"), LABELS["on_time_share"].lower()),
            (display(total.reviews_overdue, "int"), overdue_label(self.indicators).lower()),
        ]


def build_dashboard(*, networks: list[Network], year: int, today: dt.date) -> Dashboard:
    """`networks` come with their `platform` selected."""
    prefetch_related_objects(
        networks,
        Prefetch(
            "seats",
            queryset=CommitteeSeat.objects.active().only("id", "network_id", "role"),
            to_attr="active_seats",
        ),
    )
    platforms = sorted({n.platform_id: n.platform for n in networks}.values(), key=_by_name)
    indicators = compute_indicators(
        platform_of={n.pk: n.platform_id for n in networks}, year=year, today=today
    )
    label = school_year_label(year)
    tables = {
        "parcours": _path_table(indicators, label),
        "evenements": _events_table(indicators, label),
        "reseaux": _network_path_table(networks, indicators, label),
        "delais": _network_delay_table(networks, indicators, label),
        "issues": _outcome_table(indicators, label),
        "motifs": _reason_table(indicators, label),
        "sorties": _early_exit_table(indicators, label),
        "plateformes": _platform_table(platforms, networks, indicators, label),
        "composition": _composition_table(networks),
    }
    return Dashboard(
        year=year,
        networks=networks,
        platforms=platforms,
        indicators=indicators,
        tables=tables,
    )


def _by_name(obj) -> str:
    return natural_key(obj.name)


def in_path_label(indicators: Indicators) -> str:
    return f"{LABELS['in_path']} au {indicators.reference_day:%d/%m/%Y}"


def overdue_label(indicators: Indicators) -> str:
    return f"{LABELS['reviews_overdue']} au {indicators.reference_day:%d/%m/%Y}"


def _path_table(indicators: Indicators, label: str) -> Table:
    total = indicators.total
    return Table(
        slug="parcours",
        caption=f"Cohorte {label} : les jeunes contactés pour la première fois dans l’année, "
        "suivis jusqu’à aujourd’hui",
        columns=[Column("Étape atteinte", "text"), Column("Nombre de jeunes")],
        rows=[
            [LABELS["contacted"], total.contacted],
            [LABELS["cohort_assessed"], total.cohort_assessed],
            [LABELS["cohort_proposed"], total.cohort_proposed],
            [LABELS["cohort_signed"], total.cohort_signed],
            [LABELS["cohort_completed"], total.cohort_completed],
        ],
        note="Chaque étape compte les jeunes de la cohorte qui l’ont atteinte ou dépassée : "
        "elle ne dépasse jamais la précédente. Dans la même cohorte, "
        f"{total.cohort_ended_early} jeune(s) sont sortis avant terme après un contrat et "
        f"{total.cohort_exited_before_contract} sont sortis avant tout contrat.",
    )


def _events_table(indicators: Indicators, label: str) -> Table:
    total = indicators.total
    return Table(
        slug="evenements",
        caption=f"Événements de l’année scolaire {label} (pas une cohorte)",
        columns=[Column("Événement", "text"), Column("Nombre de jeunes")],
        rows=[
            [LABELS["assessed"], total.assessed],
            [LABELS["proposed"], total.proposed],
            [LABELS["signed"], total.signed],
        ],
        note="Jeunes concernés par chaque événement pendant l’année, quelle que soit "
        "l’année de leur premier contact : ces lignes ne forment pas un entonnoir.",
    )


def _network_path_table(networks: list[Network], indicators: Indicators, label: str) -> Table:
    def cells(figures: Figures) -> list:
        return [
            figures.contacted,
            figures.cohort_assessed,
            figures.cohort_proposed,
            figures.cohort_signed,
            figures.cohort_completed,
            figures.signed,
            figures.in_path,
        ]

    return Table(
        slug="reseaux",
        caption=f"Le parcours des jeunes par réseau, année scolaire {label}",
        columns=[
            Column("Réseau", "text"),
            Column("Plateforme", "text"),
            Column(f"Cohorte : {LABELS['contacted'].lower()}"),
            Column(f"Cohorte : {LABELS['cohort_assessed'].lower()}"),
            Column(f"Cohorte : {LABELS['cohort_proposed'].lower()}"),
            Column(f"Cohorte : {LABELS['cohort_signed'].lower()}"),
            Column(f"Cohorte : {LABELS['cohort_completed'].lower()}"),
            Column(LABELS["signed"]),
            Column(in_path_label(indicators)),
        ],
        rows=[[n.name, n.platform.name, *cells(indicators.by_network[n.pk])] for n in networks],
        total=["Total", "", *cells(indicators.total)],
        note="Colonnes « Cohorte » : jeunes contactés pour la première fois dans l’année. "
        f"« {LABELS['signed']} » : événements de l’année. « {LABELS['in_path']} » : "
        "un stock, lu au jour indiqué.",
    )


def _delays(figures: Figures) -> list:
    return [
        figures.median_days,
        figures.reviews_due,
        figures.reviews_on_time,
        figures.on_time_share,
        figures.reviews_overdue,
        figures.received,
        figures.first_median_days,
        figures.first_on_time_share,
    ]


def _network_delay_table(networks: list[Network], indicators: Indicators, label: str) -> Table:
    return Table(
        slug="delais",
        caption=f"Délais et bilans de situation par réseau, année scolaire {label}",
        columns=[
            Column("Réseau", "text"),
            Column("Plateforme", "text"),
            Column(LABELS["median_days"], "number"),
            Column(LABELS["reviews_due"]),
            Column(LABELS["reviews_on_time"]),
            Column(LABELS["on_time_share"], "percent"),
            Column(overdue_label(indicators)),
            Column(LABELS["received"]),
            Column(LABELS["first_median_days"], "number"),
            Column(LABELS["first_on_time_share"], "percent"),
        ],
        rows=[[n.name, n.platform.name, *_delays(indicators.by_network[n.pk])] for n in networks],
        total=["Ensemble", "", *_delays(indicators.total)],
        note="Échéances : chaque date du calendrier de bilans de chaque contrat tombant "
        f"dans l’année, passée de plus de {settings.REVIEW_GRACE_DAYS} jours (le délai de "
        "grâce) au jour indiqué. Un bilan est tenu à la date prévue s’il a eu lieu avant la "
        "fin du délai de grâce. Une échéance sans bilan, manquée comprise, compte comme non "
        "tenue et comme dépassée. Premier entretien : jeunes reçus dans l’année (listes de la "
        "plateforme ou dossiers ouverts), contactés dans les "
        f"{settings.FIRST_INTERVIEW_DAYS} jours. « — » : aucune donnée.",
    )


def _outcome_table(indicators: Indicators, label: str) -> Table:
    outcomes = indicators.total.contract_outcomes
    ended = indicators.total.contracts_ended
    labels = OUTCOME_LABELS | {REORIENTED: "Réorientation (contrat terminé sans sortie)"}
    codes = [code for code in labels if code in (*Outcome.values, REORIENTED) or outcomes[code]]
    # Most frequent first; ties in the order of the list of outcomes.
    codes.sort(key=lambda code: -outcomes[code])
    return Table(
        slug="issues",
        caption=f"Issues des contrats terminés pendant l’année scolaire {label}",
        columns=[
            Column("Issue", "text"),
            Column("Type de fin", "text"),
            Column("Nombre de contrats"),
            Column("Part des contrats terminés", "percent"),
        ],
        rows=[
            [
                labels[code],
                LABELS["completed"] if code in COMPLETED else LABELS["ended_early"],
                outcomes[code],
                outcomes[code] / ended if ended else None,
            ]
            for code in codes
        ],
        total=[LABELS["contracts_ended"], "", ended, 1.0 if ended else None],
    )


def _reason_table(indicators: Indicators, label: str) -> Table:
    reasons = indicators.total.early_reasons
    codes = [code for code in REASON_LABELS if code in ExitReason.values or reasons[code]]
    codes.sort(key=lambda code: -reasons[code])
    return Table(
        slug="motifs",
        caption=f"Motifs des sorties anticipées après un contrat, année scolaire {label}",
        columns=[Column("Motif", "text"), Column("Nombre de contrats")],
        rows=[[REASON_LABELS[code], reasons[code]] for code in codes],
        total=["Contrats terminés par une sortie anticipée", sum(reasons.values())],
        note="Motifs codés choisis à la sortie ; le texte libre éventuel reste dans le "
        "dossier du jeune. Les réorientations (un autre contrat a suivi) n’ont pas de motif.",
    )


def _early_exit_table(indicators: Indicators, label: str) -> Table:
    exits = indicators.total.exits_before_contract
    total = indicators.total.exited_before_contract
    codes = [code for code in OUTCOME_LABELS if code in Outcome.values or exits[code]]
    codes.sort(key=lambda code: -exits[code])
    return Table(
        slug="sorties",
        caption=f"Sorties de parcours avant tout contrat, année scolaire {label}",
        columns=[Column("Issue", "text"), Column("Nombre de jeunes")],
        rows=[[OUTCOME_LABELS[code], exits[code]] for code in codes],
        total=[LABELS["exited_before_contract"], total],
        note="Jeunes sortis pendant l’année sans avoir signé de contrat FOQUALE : "
        "ils ne comptent pas dans les issues des contrats.",
    )


def _platform_table(
    platforms: list[Platform], networks: list[Network], indicators: Indicators, label: str
) -> Table:
    network_counts: dict[int, int] = {}
    for network in networks:
        network_counts[network.platform_id] = network_counts.get(network.platform_id, 0) + 1

    def cells(figures: Figures) -> list:
        return [
            figures.contacted,
            figures.cohort_signed,
            figures.signed,
            figures.in_path,
            figures.completed,
            figures.ended_early,
            figures.median_days,
            figures.on_time_share,
            figures.reviews_overdue,
            figures.first_median_days,
            figures.first_on_time_share,
        ]

    return Table(
        slug="plateformes",
        caption=f"Indicateurs par plateforme (PSAD), année scolaire {label}",
        columns=[
            Column("Plateforme", "text"),
            Column("Réseaux"),
            Column(f"Cohorte : {LABELS['contacted'].lower()}"),
            Column(f"Cohorte : {LABELS['cohort_signed'].lower()}"),
            Column(LABELS["signed"]),
            Column(in_path_label(indicators)),
            Column(f"Contrats terminés : {LABELS['completed'].lower()}"),
            Column(f"Contrats terminés : {LABELS['ended_early'].lower()}"),
            Column(LABELS["median_days"], "number"),
            Column(LABELS["on_time_share"], "percent"),
            Column(overdue_label(indicators)),
            Column(LABELS["first_median_days"], "number"),
            Column(LABELS["first_on_time_share"], "percent"),
        ],
        rows=[
            [p.name, network_counts[p.pk], *cells(indicators.by_platform[p.pk])] for p in platforms
        ],
        total=["Ensemble", len(networks), *cells(indicators.total)],
    )


def _composition_table(networks: list[Network]) -> Table:
    rows = []
    for network in networks:
        missing = network.missing_seats()
        rows.append(
            [
                network.name,
                network.platform.name,
                "Oui" if network.lead_id else "Non",
                "Incomplète" if missing else "Complète",
                ", ".join(missing) if missing else "Aucun",
            ]
        )
    complete = sum(1 for row in rows if row[3] == "Complète")
    return Table(
        slug="composition",
        caption="Composition des comités de réseau (aujourd’hui)",
        columns=[
            Column("Réseau", "text"),
            Column("Plateforme", "text"),
            Column("Responsable nommé", "text"),
            Column("Composition du comité", "text"),
            Column("Sièges requis non pourvus", "text"),
        ],
        rows=rows,
        total=[
            "Ensemble",
            "",
            f"{sum(1 for n in networks if n.lead_id)} sur {len(networks)}",
            f"{complete} complète{'s' if complete > 1 else ''} sur {len(networks)}",
            "",
        ],
        note="Sièges requis par la circulaire n° 2013-035 : trois chefs d’établissement "
        "(collèges, LEGT, LP), le pilote MLDS du bassin et un directeur de CIO.",
    )
