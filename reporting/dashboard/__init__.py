"""The academy dashboard: indicators per school year, platform and network, as tables.

Aggregates only: no query here selects a young person's name or any field of a file.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, prefetch_related_objects

from contracts.enums import Outcome
from foquale.schoolyear import school_year_label
from networks.models import CommitteeSeat, Network, Platform

from .indicators import COMPLETED, UNKNOWN_OUTCOME, Figures, Indicators, compute_indicators
from .tables import Column, Table, display

__all__ = ["Dashboard", "build_dashboard"]

TABLE_SLUGS = ("parcours", "reseaux", "delais", "issues", "plateformes", "composition")


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
            (display(total.contacted, "int"), "jeunes contactés"),
            (display(total.signed, "int"), "jeunes ayant signé un contrat FOQUALE"),
            (display(total.in_path, "int"), in_path_label(self.indicators).lower()),
            (
                display(total.median_days, "number"),
                "jours de délai médian entre le contact et le contrat signé",
            ),
            (
                display(total.on_time_share, "percent"),
                "des bilans de situation tenus à la date prévue",
            ),
            (display(total.late_now, "int"), "bilans de situation en retard aujourd’hui"),
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
        "reseaux": _network_path_table(networks, indicators, label),
        "delais": _network_delay_table(networks, indicators, label),
        "issues": _outcome_table(indicators, label),
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
    return obj.name.casefold()


def in_path_label(indicators: Indicators) -> str:
    return f"En parcours au {indicators.reference_day:%d/%m/%Y}"


def _path_table(indicators: Indicators, label: str) -> Table:
    total = indicators.total
    return Table(
        slug="parcours",
        caption=f"Le parcours des jeunes, année scolaire {label}",
        columns=[Column("Étape du parcours", "text"), Column("Nombre de jeunes")],
        rows=[
            ["Contactés", total.contacted],
            ["Bilan réalisé", total.assessed],
            ["Proposition de retour en formation", total.proposed],
            ["Contrat FOQUALE signé", total.signed],
            [in_path_label(indicators), total.in_path],
            ["Sortie : parcours achevé", total.completed],
            ["Sortie anticipée", total.ended_early],
        ],
        note="Chaque ligne compte les jeunes concernés pendant l’année scolaire ; "
        "« en parcours » compte les contrats signés en cours à la date indiquée.",
    )


PATH_COLUMNS = [
    Column("Contactés"),
    Column("Bilan réalisé"),
    Column("Proposition reçue"),
    Column("Contrat signé"),
    Column("En parcours"),
    Column("Parcours achevé"),
    Column("Sortie anticipée"),
]


def _path_counts(figures: Figures) -> list:
    return [
        figures.contacted,
        figures.assessed,
        figures.proposed,
        figures.signed,
        figures.in_path,
        figures.completed,
        figures.ended_early,
    ]


def _network_path_table(networks: list[Network], indicators: Indicators, label: str) -> Table:
    return Table(
        slug="reseaux",
        caption=f"Le parcours des jeunes par réseau, année scolaire {label}",
        columns=[Column("Réseau", "text"), Column("Plateforme", "text"), *PATH_COLUMNS],
        rows=[
            [n.name, n.platform.name, *_path_counts(indicators.by_network[n.pk])] for n in networks
        ],
        total=["Total", "", *_path_counts(indicators.total)],
        note=f"« En parcours » : contrats signés en cours au {indicators.reference_day:%d/%m/%Y}.",
    )


DELAY_COLUMNS = [
    Column("Délai médian du contact au contrat signé (jours)", "number"),
    Column("Bilans de situation dus dans l’année"),
    Column("Bilans tenus à la date prévue"),
    Column("Part des bilans tenus à la date prévue", "percent"),
    Column("Bilans en retard aujourd’hui"),
]


def _delays(figures: Figures) -> list:
    return [
        figures.median_days,
        figures.reviews_due,
        figures.reviews_on_time,
        figures.on_time_share,
        figures.late_now,
    ]


def _network_delay_table(networks: list[Network], indicators: Indicators, label: str) -> Table:
    return Table(
        slug="delais",
        caption=f"Délais et bilans de situation par réseau, année scolaire {label}",
        columns=[Column("Réseau", "text"), Column("Plateforme", "text"), *DELAY_COLUMNS],
        rows=[[n.name, n.platform.name, *_delays(indicators.by_network[n.pk])] for n in networks],
        total=["Ensemble", "", *_delays(indicators.total)],
        note="Délai médian calculé sur les contrats signés dans l’année. Bilans en retard : "
        "contrats actifs dont la date du prochain bilan est dépassée. "
        "« — » : aucune donnée pour la période.",
    )


def _outcome_table(indicators: Indicators, label: str) -> Table:
    outcomes = indicators.total.outcomes
    exited = indicators.total.exited
    labels = dict(Outcome.choices) | {UNKNOWN_OUTCOME: "Issue non renseignée"}
    codes = [code for code in labels if code != UNKNOWN_OUTCOME or outcomes[code]]
    # Most frequent first; ties in the order of the list of outcomes.
    codes.sort(key=lambda code: -outcomes[code])
    return Table(
        slug="issues",
        caption=f"Issues des parcours, des plus fréquentes aux plus rares, année scolaire {label}",
        columns=[
            Column("Issue", "text"),
            Column("Type de sortie", "text"),
            Column("Nombre de jeunes"),
            Column("Part des sorties", "percent"),
        ],
        rows=[
            [
                labels[code],
                "Parcours achevé" if code in COMPLETED else "Sortie anticipée",
                outcomes[code],
                outcomes[code] / exited if exited else None,
            ]
            for code in codes
        ],
        total=["Toutes les sorties", "", exited, 1.0 if exited else None],
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
            figures.signed,
            figures.in_path,
            figures.completed,
            figures.ended_early,
            figures.median_days,
            figures.on_time_share,
            figures.late_now,
        ]

    return Table(
        slug="plateformes",
        caption=f"Indicateurs par plateforme (PSAD), année scolaire {label}",
        columns=[
            Column("Plateforme", "text"),
            Column("Réseaux"),
            Column("Contactés"),
            Column("Contrat signé"),
            Column("En parcours"),
            Column("Parcours achevé"),
            Column("Sortie anticipée"),
            Column("Délai médian du contact au contrat signé (jours)", "number"),
            Column("Part des bilans tenus à la date prévue", "percent"),
            Column("Bilans en retard aujourd’hui"),
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
