"""The dashboard's trend: month by month over the school year, against the year before.

Two series, each with the dashboard's own definitions (docs/indicators.md): young people
contacted for the first time (`contacted_on`, in the network they were in on the day) and
contracts signed (`activated_on`), counted per calendar month in the networks in view, by one GROUP BY query each over both years.
Months still to come are left empty, not counted as zero.
"""

import datetime as dt

from django.db.models import Count
from django.db.models.functions import TruncMonth

from contracts.models import Contract, Youth
from foquale.schoolyear import school_year_bounds, school_year_label

from .sql import InView, network_on
from .tables import Column, Table

MONTHS = [
    "septembre",
    "octobre",
    "novembre",
    "décembre",
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
]
SLUG = "tendance"


def school_months(year: int) -> list[dt.date]:
    """The first day of each month of the school year `year`, September first."""
    return [dt.date(year + (index + 8) // 12, (index + 8) % 12 + 1, 1) for index in range(12)]


def _monthly(queryset, field: str, first: dt.date, last: dt.date) -> dict[dt.date, int]:
    rows = (
        queryset.filter(**{f"{field}__range": (first, last)})
        .annotate(month=TruncMonth(field))
        .order_by()
        .values("month")
        .annotate(count=Count("pk"))
    )
    return {_as_date(row["month"]): row["count"] for row in rows}


def _as_date(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def trend_table(*, network_ids: list[int], year: int, today: dt.date) -> Table:
    """Twelve rows (September to August): contacts and contracts signed of `year` and of
    the year before. A month after `today` shows nothing for the current year."""
    label, previous_label = school_year_label(year), school_year_label(year - 1)
    first, _ = school_year_bounds(year - 1)
    _, last = school_year_bounds(year)
    # Each contact in the network the young person was in on the day (`network_on`), as
    # the dashboard's « Jeunes contactés dans l’année ».
    youths = (
        Youth.objects.filter(InView(network_ids, selective=False).youths_ever())
        .annotate(at=network_on("contacted_on"))
        .filter(at__in=network_ids)
    )
    contracts = Contract.objects.filter(youth__network_id__in=network_ids)
    contacted = _monthly(youths, "contacted_on", first, last)
    signed = _monthly(contracts, "activated_on", first, last)
    rows = []
    for name, month, before in zip(
        MONTHS, school_months(year), school_months(year - 1), strict=True
    ):
        future = month > today
        rows.append(
            [
                name,
                None if future else contacted.get(month, 0),
                contacted.get(before, 0),
                None if future else signed.get(month, 0),
                signed.get(before, 0),
            ]
        )
    return Table(
        slug=SLUG,
        caption=f"Jeunes contactés et contrats signés par mois, {label} et {previous_label}",
        columns=[
            Column("Mois", "text"),
            Column(f"Jeunes contactés {label}"),
            Column(f"Jeunes contactés {previous_label}"),
            Column(f"Contrats signés {label}"),
            Column(f"Contrats signés {previous_label}"),
        ],
        rows=rows,
        total=[
            "Total",
            sum(row[1] or 0 for row in rows),
            sum(row[2] for row in rows),
            sum(row[3] or 0 for row in rows),
            sum(row[4] for row in rows),
        ],
        note=(
            "Un mois à venir est laissé vide (—). Jeunes contactés : date du premier contact ; "
            "contrats signés : date de la signature complète."
        ),
    )
