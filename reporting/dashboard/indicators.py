"""The dashboard's indicators, computed by a fixed number of GROUP BY queries.

Every query groups by network over the networks in view, whatever their number: a page
costs the same few queries for one network as for a whole académie. Platforms and the total
are sums of the networks' figures (a young person belongs to one network), except the
median, which is computed for each level by the database.

Definitions, for the school year chosen (1 September to 31 August):
- contacted: young people whose contact date falls in the year;
- assessed / offered a proposal: young people with an assessment held / a proposal made in
  the year;
- signed: young people whose contract was signed in the year;
- in path: young people with a signed contract running on the reference day (today for the
  current year, 31 August for a past one);
- completed / ended early: exits of the year, by outcome (`COMPLETED_OUTCOMES`);
- median days from contact to signed contract: over the contracts signed in the year;
- reviews on time: situation reviews due in the year and held on or before their due date;
- late reviews now: active contracts whose next review date has passed, whatever the year.
"""

import datetime as dt
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, F, Func, IntegerField, Q

from contracts.enums import COMPLETED_OUTCOMES, ContractStatus
from contracts.models import Assessment, Contract, Proposal, SituationReview, Youth
from foquale.db import InArray
from foquale.schoolyear import school_year_bounds
from networks.models import Network

COMPLETED = frozenset(o.value for o in COMPLETED_OUTCOMES)
# Below a quarter of the networks, the view is selective (see `InView`).
SELECTIVE_SHARE = 4
# An exit recorded without an outcome still counts, as an early end of unknown kind.
UNKNOWN_OUTCOME = ""
# First and last day of a school year.
YearRange = tuple[dt.date, dt.date]


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


@dataclass
class Figures:
    contacted: int = 0
    assessed: int = 0
    proposed: int = 0
    signed: int = 0
    in_path: int = 0
    outcomes: Counter = field(default_factory=Counter)
    reviews_due: int = 0
    reviews_on_time: int = 0
    late_now: int = 0
    median_days: float | None = None

    @property
    def completed(self) -> int:
        return sum(n for code, n in self.outcomes.items() if code in COMPLETED)

    @property
    def ended_early(self) -> int:
        return sum(n for code, n in self.outcomes.items() if code not in COMPLETED)

    @property
    def exited(self) -> int:
        return sum(self.outcomes.values())

    @property
    def on_time_share(self) -> float | None:
        return self.reviews_on_time / self.reviews_due if self.reviews_due else None

    def add(self, other: "Figures") -> None:
        """Add another level's counts (not its median, which does not add up)."""
        for name in (
            "contacted",
            "assessed",
            "proposed",
            "signed",
            "in_path",
            "reviews_due",
            "reviews_on_time",
            "late_now",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.outcomes.update(other.outcomes)


@dataclass
class Indicators:
    year: int
    reference_day: dt.date
    by_network: dict[int, Figures]
    by_platform: dict[int, Figures]
    total: Figures


def reference_day(year: int, today: dt.date) -> dt.date:
    """The day the stock figures (in path) are read: today, or the end of a past year."""
    return min(today, school_year_bounds(year)[1])


def compute_indicators(*, platform_of: dict[int, int], year: int, today: dt.date) -> Indicators:
    """Figures for the networks `platform_of` lists (network id → platform id)."""
    network_ids = list(platform_of)
    in_year = school_year_bounds(year)
    ref = reference_day(year, today)
    by_network: dict[int, Figures] = defaultdict(Figures)
    in_view = InView.of(network_ids)

    _count_youths(by_network, network_ids, in_year)
    _count_steps(by_network, in_view, in_year)
    _count_contracts(by_network, in_view, in_year, ref, today)
    _count_reviews(by_network, in_view, in_year)

    by_network = {network_id: by_network[network_id] for network_id in network_ids}
    by_platform: dict[int, Figures] = {}
    total = Figures()
    for network_id, figures in by_network.items():
        by_platform.setdefault(platform_of[network_id], Figures()).add(figures)
        total.add(figures)

    signed_in_year = Contract.objects.filter(
        in_view.youths("youth"), activated_on__range=in_year
    ).order_by()
    medians = _medians(signed_in_year, platform_of, in_year, in_view)
    for network_id, median in medians.by_network.items():
        by_network[network_id].median_days = median
    for platform_id, median in medians.by_platform.items():
        by_platform[platform_id].median_days = median
    total.median_days = medians.total

    return Indicators(
        year=year,
        reference_day=ref,
        by_network=by_network,
        by_platform=by_platform,
        total=total,
    )


# Each of the `_count_*` below is one GROUP BY query, adding to the networks' figures.


def _count_youths(
    by_network: dict[int, Figures], network_ids: list[int], in_year: YearRange
) -> None:
    """Contacted in the year, and exits of the year by outcome."""
    exit_filter = Q(exited_on__range=in_year)
    youth_rows = (
        Youth.objects.filter(network_id__in=network_ids)
        .filter(Q(contacted_on__range=in_year) | exit_filter)
        .order_by()
        .values("network_id", "outcome")
        .annotate(
            contacted=Count("id", filter=Q(contacted_on__range=in_year)),
            exited=Count("id", filter=exit_filter),
        )
    )
    for row in youth_rows:
        figures = by_network[row["network_id"]]
        figures.contacted += row["contacted"]
        if row["exited"]:
            figures.outcomes[row["outcome"]] += row["exited"]


def _count_steps(by_network: dict[int, Figures], in_view: "InView", in_year: YearRange) -> None:
    """Young people assessed, and offered a proposal, in the year (one query each)."""
    for queryset, date_field, attr in (
        (Assessment.objects.current(), "held_on", "assessed"),
        (Proposal.objects.all(), "proposed_on", "proposed"),
    ):
        rows = (
            queryset.filter(in_view.youths("youth"), **{f"{date_field}__range": in_year})
            .order_by()
            .values("youth__network_id")
            .annotate(n=Count("youth_id", distinct=True))
        )
        for row in rows:
            setattr(by_network[row["youth__network_id"]], attr, row["n"])


def _count_contracts(
    by_network: dict[int, Figures],
    in_view: "InView",
    in_year: YearRange,
    ref: dt.date,
    today: dt.date,
) -> None:
    """Signed in the year, in path on the reference day, late for a review today."""
    running = (
        Q(activated_on__lte=ref)
        & ~Q(status=ContractStatus.AWAITING_SIGNATURES)
        & (Q(ended_on__isnull=True, status=ContractStatus.ACTIVE) | Q(ended_on__gt=ref))
    )
    late = Q(status=ContractStatus.ACTIVE, next_review_on__lt=today)
    contract_rows = (
        Contract.objects.filter(in_view.youths("youth"))
        .filter(Q(activated_on__range=in_year) | running | late)
        .order_by()
        .values("youth__network_id")
        .annotate(
            signed=Count("youth_id", distinct=True, filter=Q(activated_on__range=in_year)),
            in_path=Count("youth_id", distinct=True, filter=running),
            late=Count("id", filter=late),
        )
    )
    for row in contract_rows:
        figures = by_network[row["youth__network_id"]]
        figures.signed = row["signed"]
        figures.in_path = row["in_path"]
        figures.late_now = row["late"]


def _count_reviews(by_network: dict[int, Figures], in_view: "InView", in_year: YearRange) -> None:
    """Situation reviews due in the year, and those held on time."""
    review_rows = (
        SituationReview.objects.current()
        .filter(in_view.youths("contract__youth"), due_on__range=in_year)
        .order_by()
        .values("contract__youth__network_id")
        .annotate(due=Count("id"), on_time=Count("id", filter=Q(held_on__lte=F("due_on"))))
    )
    for row in review_rows:
        figures = by_network[row["contract__youth__network_id"]]
        figures.reviews_due = row["due"]
        figures.reviews_on_time = row["on_time"]


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


@dataclass
class Medians:
    by_network: dict[int, float]
    by_platform: dict[int, float]
    total: float | None


def _medians(
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
    medians = Medians(by_network={}, by_platform={}, total=None)
    with connection.cursor() as cursor:
        cursor.execute(sql, [in_view.network_ids, *in_year])
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
