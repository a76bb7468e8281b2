"""The figures of FOQUALE, one definition each (written for the rectorat in
`docs/indicators.md`), computed by a fixed number of GROUP BY queries.

The dashboard, its exports and the activity report read them here. Every query groups by
network over the networks in view, whatever their number: a page costs the same few
queries for one network as for a whole académie. Platforms and the total are sums of the
networks' figures, except the median, which is computed for each level by the database,
and a young person assessed (or offered a proposal) in two networks of the year, before
and after a transfer, who counts once above them (`_count_once`).

After a transfer, the figures keep the past: the cohort counts in the network of the day
of contact, the events and exits in the network of their day, the 15-day rule in the
network of the day of reception (`sql.network_on`). Contracts and everything after them
count in the current network: only a young person without a contract is transferred.

For the school year chosen (1 September to 31 August), with its reference day (today for
the current year, 31 August for a past one):

- cohort: the young people first contacted in the year, followed to where they are now:
  contacted ≥ assessed (a bilan not cancelled, or further) ≥ offered a proposal (or
  further) ≥ signed a contract ≥ completed / ended early after a contract; the cohort's
  exits before any contract apart;
- events of the year (not a cohort): young people assessed, offered a proposal, signing a
  contract during the year, whenever first contacted;
- in path (a stock, on the reference day): a signed contract started on or before the day
  and not ended on it;
- contract outcomes: the contracts ended in the year, by the young person's outcome when
  the exit closed the contract, else « réorientation »; exits in the year of young people
  who never signed a contract are a separate table;
- median days from contact to signed contract: over the contracts signed in the year;
- review due dates: the rows of `ReviewDue` (every date of each contract's calendar,
  written by `contracts.reviews.dues`) that fall in the year and are past their grace
  period on the reference day (`contracts.reviews.schedule.judged_window`); held on time:
  answered by a review held before the grace period ended (`schedule.held_status`);
  overdue (« en retard »): no review, planned or missed (`dues.overdue_dues`).
"""

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef, Q, Value

from contracts.enums import (
    DUE_HELD,
    ContractStatus,
    DueStatus,
    Step,
    TransferStatus,
)
from contracts.models import Assessment, Contract, Proposal, ReviewDue, Youth
from contracts.reviews.schedule import judged_window
from foquale.ordering import natural_key  # noqa: F401  (the dashboard reads it here)
from foquale.schoolyear import school_year_bounds

from .figures import (  # noqa: F401  (read here by the dashboard and the activity report)
    COMPLETED,
    COUNTS,
    LABELS,
    REORIENTED,
    UNKNOWN_OUTCOME,
    Figures,
    YearRange,
)
from .sql import InView, first_interview_medians, medians_of, network_on


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

    _count_youths(by_network, in_view, in_year)
    twice = _count_steps(by_network, in_view, in_year)
    _count_contracts(by_network, in_view, in_year, ref)
    _count_reviews(by_network, in_view, in_year, ref)
    _count_first_interviews(by_network, in_view, in_year, ref)

    by_network = {network_id: by_network[network_id] for network_id in network_ids}
    by_platform: dict[int, Figures] = {}
    total = Figures()
    for network_id, figures in by_network.items():
        by_platform.setdefault(platform_of[network_id], Figures()).add(figures)
        total.add(figures)
    _count_once(twice, platform_of, by_platform, total)

    signed_in_year = Contract.objects.filter(
        in_view.youths("youth"), activated_on__range=in_year
    ).order_by()
    medians = medians_of(signed_in_year, platform_of, in_year, in_view)
    for network_id, median in medians.by_network.items():
        by_network[network_id].median_days = median
    for platform_id, median in medians.by_platform.items():
        by_platform[platform_id].median_days = median
    total.median_days = medians.total
    first = first_interview_medians(platform_of, in_year, in_view)
    for network_id, median in first.by_network.items():
        by_network[network_id].first_median_days = median
    for platform_id, median in first.by_platform.items():
        by_platform[platform_id].first_median_days = median
    total.first_median_days = first.total

    return Indicators(
        year=year,
        reference_day=ref,
        by_network=by_network,
        by_platform=by_platform,
        total=total,
    )


# Each of the `_count_*` below is one or two GROUP BY queries, adding to the networks'
# figures.


def _has(model, **lookups) -> Exists:
    return Exists(model.objects.filter(youth_id=OuterRef("pk"), **lookups))


def _count_youths(by_network: dict[int, Figures], in_view: InView, in_year: YearRange) -> None:
    """The cohort of the year where it stands now, and the exits of the year of young
    people who never signed a contract (by outcome)."""
    cohort = Q(contacted_on__range=in_year)
    assessed = Q(assessed=True) | Q(proposed=True) | Q(signed=True)
    proposed = Q(proposed=True) | Q(signed=True)
    signed = Q(signed=True)
    exited = Q(step=Step.EXITED)
    completed = exited & Q(outcome__in=COMPLETED)
    rows = (
        Youth.objects.filter(in_view.youths_ever())
        .filter(cohort | Q(exited_on__range=in_year))
        .annotate(
            assessed=_has(Assessment, cancelled_at__isnull=True),
            proposed=_has(Proposal),
            signed=_has(Contract, activated_on__isnull=False),
            # The cohort counts where the young person was contacted, the exit where
            # they left (`network_on`).
            contact_network=network_on("contacted_on"),
            exit_network=network_on("exited_on"),
        )
        .order_by()
        .values("contact_network", "exit_network", "outcome")
        .annotate(
            contacted=Count("id", filter=cohort),
            cohort_assessed=Count("id", filter=cohort & assessed),
            cohort_proposed=Count("id", filter=cohort & proposed),
            cohort_signed=Count("id", filter=cohort & signed),
            cohort_completed=Count("id", filter=cohort & signed & completed),
            cohort_exited=Count("id", filter=cohort & signed & exited),
            cohort_exited_before=Count("id", filter=cohort & exited & ~signed),
            exited_before=Count("id", filter=Q(exited_on__range=in_year) & exited & ~signed),
        )
    )
    for row in rows:
        figures = by_network[row["contact_network"]]
        figures.contacted += row["contacted"]
        figures.cohort_assessed += row["cohort_assessed"]
        figures.cohort_proposed += row["cohort_proposed"]
        figures.cohort_signed += row["cohort_signed"]
        figures.cohort_completed += row["cohort_completed"]
        figures.cohort_ended_early += row["cohort_exited"] - row["cohort_completed"]
        figures.cohort_exited_before_contract += row["cohort_exited_before"]
        if row["exited_before"]:
            exits = by_network[row["exit_network"]].exits_before_contract
            exits[row["outcome"]] += row["exited_before"]


def _count_steps(
    by_network: dict[int, Figures], in_view: InView, in_year: YearRange
) -> dict[str, list[set[int]]]:
    """Events of the year: young people assessed, offered a proposal (one query each), in
    the network they were in on the day (`network_on`). Returns, for each, the networks
    in view of the young people counted in more than one (moved by a transfer during the
    year: one more query for both, over the transferred young people only)."""
    moved = []
    for queryset, date_field, attr in (
        (Assessment.objects.current(), "held_on", "assessed"),
        (Proposal.objects.all(), "proposed_on", "proposed"),
    ):
        events = (
            queryset.filter(in_view.youths_ever("youth"), **{f"{date_field}__range": in_year})
            .annotate(at=network_on(date_field, "youth"), figure=Value(attr))
            .filter(at__in=in_view.network_ids)
            .order_by()
        )
        for row in events.values("at").annotate(n=Count("youth_id", distinct=True)):
            setattr(by_network[row["at"]], attr, row["n"])
        transferred = events.filter(youth__transfers__status=TransferStatus.ACCEPTED)
        moved.append(transferred.values_list("figure", "youth_id", "at").distinct())
    networks_of: dict[tuple[str, int], set[int]] = defaultdict(set)
    for kind, youth_id, network_id in moved[0].union(*moved[1:]):
        networks_of[kind, youth_id].add(network_id)
    twice: dict[str, list[set[int]]] = defaultdict(list)
    for (kind, _), networks in networks_of.items():
        if len(networks) > 1:
            twice[kind].append(networks)
    return twice


def _count_once(
    twice: dict[str, list[set[int]]],
    platform_of: dict[int, int],
    by_platform: dict[int, Figures],
    total: Figures,
) -> None:
    """A young person counted by two networks (before and after a transfer) counts once
    for their platform and once in the total."""
    for attr, moved in twice.items():
        for networks in moved:
            setattr(total, attr, getattr(total, attr) - (len(networks) - 1))
            platforms = Counter(platform_of[network_id] for network_id in networks)
            for platform_id, n in platforms.items():
                figures = by_platform[platform_id]
                setattr(figures, attr, getattr(figures, attr) - (n - 1))


def running_on(day: dt.date) -> Q:
    """A signed contract started on or before `day` and not ended on it."""
    return (
        Q(activated_on__lte=day, starts_on__lte=day)
        & ~Q(status=ContractStatus.AWAITING_SIGNATURES)
        & (Q(ended_on__isnull=True, status=ContractStatus.ACTIVE) | Q(ended_on__gt=day))
    )


def _count_contracts(
    by_network: dict[int, Figures], in_view: InView, in_year: YearRange, ref: dt.date
) -> None:
    """Signed in the year, in path on the reference day, ended in the year by outcome."""
    signed = Q(activated_on__range=in_year)
    running = running_on(ref)
    ended = Q(status=ContractStatus.ENDED, ended_on__range=in_year)
    by_exit = ended & Q(youth__step=Step.EXITED, youth__exited_on=F("ended_on"))
    rows = (
        Contract.objects.filter(in_view.youths("youth"))
        .filter(signed | running | ended)
        .order_by()
        .values("youth__network_id", "youth__outcome", "youth__exit_reason_code")
        .annotate(
            signed=Count("youth_id", distinct=True, filter=signed),
            in_path=Count("youth_id", distinct=True, filter=running),
            ended=Count("id", filter=ended),
            by_exit=Count("id", filter=by_exit),
        )
    )
    for row in rows:
        figures = by_network[row["youth__network_id"]]
        figures.signed += row["signed"]
        figures.in_path += row["in_path"]
        if row["by_exit"]:
            figures.contract_outcomes[row["youth__outcome"]] += row["by_exit"]
            if row["youth__outcome"] not in COMPLETED:
                figures.early_reasons[row["youth__exit_reason_code"]] += row["by_exit"]
        if row["ended"] > row["by_exit"]:
            figures.contract_outcomes[REORIENTED] += row["ended"] - row["by_exit"]


def reviews_window(in_year: YearRange, ref: dt.date) -> YearRange:
    """The due dates judged for the year: in the year, and past the grace period on the
    reference day (`contracts.reviews.schedule.judged_window`)."""
    return judged_window(*in_year, ref)


def _count_reviews(
    by_network: dict[int, Figures], in_view: InView, in_year: YearRange, ref: dt.date
) -> None:
    """The due rows of the window (`ReviewDue`, one GROUP BY): all of them, those a
    review answered, those held on time. What is left is « en retard »
    (`contracts.reviews.dues.overdue_dues`, which the weekly digest counts)."""
    first, last = reviews_window(in_year, ref)
    rows = (
        ReviewDue.objects.due_between(first, last)
        .filter(in_view.youths("contract__youth"))
        .order_by()
        .values("contract__youth__network_id")
        .annotate(
            due=Count("id"),
            held=Count("id", filter=Q(status__in=DUE_HELD)),
            on_time=Count("id", filter=Q(status=DueStatus.HELD)),
        )
    )
    for row in rows:
        figures = by_network[row["contract__youth__network_id"]]
        figures.reviews_due = row["due"]
        figures.reviews_held = row["held"]
        figures.reviews_on_time = row["on_time"]


def _count_first_interviews(
    by_network: dict[int, Figures], in_view: InView, in_year: YearRange, ref: dt.date
) -> None:
    """The 15-day rule (one GROUP BY): received in the year; judged when reached, or when
    the deadline has passed on the reference day; on time when reached by the deadline.
    Counted for the network that received the young person (`network_on`)."""
    days = settings.FIRST_INTERVIEW_DAYS
    deadline_passed = Q(received_on__lt=ref - dt.timedelta(days=days))
    reached = Q(contacted_on__isnull=False)
    on_time = reached & Q(contacted_on__lte=F("received_on") + dt.timedelta(days=days))
    rows = (
        Youth.objects.filter(in_view.youths_ever(), received_on__range=in_year)
        .annotate(at=network_on("received_on"))
        .order_by()
        .values("at")
        .annotate(
            received=Count("id"),
            due=Count("id", filter=reached | deadline_passed),
            on_time=Count("id", filter=on_time),
        )
    )
    for row in rows:
        figures = by_network[row["at"]]
        figures.received = row["received"]
        figures.first_due = row["due"]
        figures.first_on_time = row["on_time"]
