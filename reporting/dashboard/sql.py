"""The SQL side of the indicators: which plan reads the young people in view, and the
medians (an ordered-set aggregate on PostgreSQL, not in the ORM)."""

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection
from django.db.models import BigIntegerField, F, Func, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, TruncDate

from contracts.enums import TransferStatus
from contracts.models import Contract, Transfer, Youth
from foquale.db import InArray
from networks.models import Network

# Below a quarter of the networks, the view is selective (see `InView`).
SELECTIVE_SHARE = 4


class DaysBetween(Func):
    """Whole days from `start` to `end`, two date columns."""

    arg_joiner = " - "
    template = "(%(expressions)s)"
    output_field = IntegerField()

    def __init__(self, end, start, **extra):
        super().__init__(end, start, **extra)

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) AS INTEGER)",
            arg_joiner=") - julianday(",
            **extra_context,
        )


@dataclass(frozen=True)
class InView:
    """The young people of the networks in view, for the tables that point at them.

    When the view is a small part of the base (a network, a territory, one académie of the
    country), PostgreSQL reads faster through the array of their ids and the foreign key
    indexes; when it covers most of it (an académie's deployment seen by its steering
    committee), through a plain join. Measured at national scale, cold figures for a
    network went from 80 to 20 ms, for an académie from 165 to 95 ms; at academy scale,
    the array would have doubled the steering committee's 95 ms.
    """

    network_ids: list[int]
    selective: bool

    @classmethod
    def of(cls, network_ids: list[int]) -> "InView":
        selective = (
            connection.vendor == "postgresql"
            and bool(network_ids)
            and len(network_ids) * SELECTIVE_SHARE <= Network.objects.count()
        )
        return cls(network_ids, selective)

    def youths(self, path: str):
        """A filter on the young person reached by `path` ("youth", "contract__youth")."""
        if self.selective:
            youths = Youth.objects.filter(network_id__in=self.network_ids).values("id")
            return InArray(f"{path}_id", youths)
        return Q(**{f"{path}__network_id__in": self.network_ids})

    def youths_ever(self, path: str = "") -> Q:
        """`youths`, and the young people transferred out of a network in view: their
        events before the transfer count there (`network_on`). `path` "" is `Youth`."""
        now = self.youths(path) if path else Q(network_id__in=self.network_ids)
        left = InArray(f"{path}_id" if path else "id", transferred_from(self.network_ids))
        return (now if isinstance(now, Q) else Q(now)) | Q(left)


def transferred_from(network_ids: list[int]):
    """The ids of the young people an accepted transfer took out of these networks."""
    return Transfer.objects.filter(
        status=TransferStatus.ACCEPTED, from_network_id__in=network_ids
    ).values("youth_id")


def network_on(day: str, youth: str = "") -> Coalesce:
    """The network the young person was in on the date column `day`: the network they
    left by the first transfer accepted after that day (a transfer accepted on the day
    itself counts as before it: the young person is already in the receiving network),
    else their network now. `youth` is the path to the young person ("" on `Youth`)."""
    later = (
        Transfer.objects.filter(
            youth_id=OuterRef(f"{youth}_id" if youth else "pk"), status=TransferStatus.ACCEPTED
        )
        .annotate(decided_on=TruncDate("decided_at"))
        .filter(decided_on__gt=OuterRef(day))
        .order_by("decided_at", "id")
        .values("from_network_id")[:1]
    )
    return Coalesce(
        Subquery(later),
        F(f"{youth}__network_id" if youth else "network_id"),
        output_field=BigIntegerField(),
    )


@dataclass
class Medians:
    by_network: dict[int, float]
    by_platform: dict[int, float]
    total: float | None


def medians_of(
    contracts, platform_of: dict[int, int], in_year: tuple[dt.date, dt.date], in_view: InView
) -> Medians:
    if connection.vendor == "postgresql":
        return _medians_postgresql(in_view, in_year)
    # Other databases have no ordered-set aggregate: the days come back as one column
    # and the medians are taken here, with the same definition as percentile_cont(0.5).
    days = DaysBetween("activated_on", "youth__contacted_on")
    values: dict[int, list[int]] = defaultdict(list)
    for network_id, delay in contracts.values_list("youth__network_id", days):
        values[network_id].append(delay)
    per_platform: dict[int, list[int]] = defaultdict(list)
    for network_id, delays in values.items():
        per_platform[platform_of[network_id]].extend(delays)
    return Medians(
        by_network={key: float(statistics.median(v)) for key, v in values.items()},
        by_platform={key: float(statistics.median(v)) for key, v in per_platform.items()},
        total=_median(d for delays in values.values() for d in delays),
    )


def _medians_postgresql(in_view: InView, in_year: tuple[dt.date, dt.date]) -> Medians:
    """The three levels of medians in one pass, with GROUPING SETS (not in the ORM)."""
    quote = connection.ops.quote_name
    contract = quote(Contract._meta.db_table)
    youth = quote(Youth._meta.db_table)
    network = quote(Network._meta.db_table)
    in_view_sql = (
        f"c.youth_id = ANY(ARRAY(SELECT id FROM {youth} WHERE network_id = ANY(%s)))"
        if in_view.selective
        else "y.network_id = ANY(%s)"
    )
    sql = f"""
        SELECT y.network_id, n.platform_id, GROUPING(y.network_id, n.platform_id),
               PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY c.activated_on - y.contacted_on)
        FROM {contract} c
        JOIN {youth} y ON y.id = c.youth_id
        JOIN {network} n ON n.id = y.network_id
        WHERE {in_view_sql} AND c.activated_on BETWEEN %s AND %s
        GROUP BY GROUPING SETS ((n.platform_id, y.network_id), (n.platform_id), ())
    """  # table names come from the models; values go as parameters
    return grouped_medians(sql, [in_view.network_ids, *in_year])


def grouped_medians(sql: str, params: list) -> Medians:
    """Read a `GROUPING SETS ((platform, network), (platform), ())` median query: rows of
    (network, platform, GROUPING(network, platform), median)."""
    medians = Medians(by_network={}, by_platform={}, total=None)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for network_id, platform_id, grouping, median in cursor.fetchall():
            # GROUPING's bits: 2 when the network is rolled up, 1 when the platform is.
            if grouping == 0:
                medians.by_network[network_id] = median
            elif grouping == 2:
                medians.by_platform[platform_id] = median
            else:
                medians.total = median
    return medians


def _median(values: Iterable[int]) -> float | None:
    values = list(values)
    return float(statistics.median(values)) if values else None


def first_interview_medians(
    platform_of: dict[int, int], in_year: tuple[dt.date, dt.date], in_view: InView
) -> Medians:
    """Median days from reception to the first contact, over the young people received in
    the year and reached (a contact typed in before the reception counts 0 days), in the
    network that received them (`network_on`)."""
    if not in_view.network_ids:
        return Medians(by_network={}, by_platform={}, total=None)
    reached = (
        Youth.objects.filter(
            in_view.youths_ever(), received_on__range=in_year, contacted_on__isnull=False
        )
        .annotate(at=network_on("received_on"), days=DaysBetween("contacted_on", "received_on"))
        .filter(at__in=in_view.network_ids)
        .order_by()
    )
    if connection.vendor == "postgresql":
        inner, params = reached.values("at", "days").query.sql_with_params()
        sql = f"""
            SELECT r.at, n.platform_id, GROUPING(r.at, n.platform_id),
                   PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY GREATEST(r.days, 0))
            FROM ({inner}) r
            JOIN {connection.ops.quote_name(Network._meta.db_table)} n ON n.id = r.at
            GROUP BY GROUPING SETS ((n.platform_id, r.at), (n.platform_id), ())
        """  # the inner query is the ORM's; values go as parameters
        return grouped_medians(sql, params)
    values: dict[int, list[int]] = defaultdict(list)
    for network_id, delay in reached.values_list("at", "days"):
        values[network_id].append(max(delay, 0))
    per_platform: dict[int, list[int]] = defaultdict(list)
    for network_id, delays in values.items():
        per_platform[platform_of[network_id]].extend(delays)
    return Medians(
        by_network={key: float(statistics.median(v)) for key, v in values.items()},
        by_platform={key: float(statistics.median(v)) for key, v in per_platform.items()},
        total=_median(d for delays in values.values() for d in delays),
    )
