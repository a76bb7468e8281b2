"""The figures of FOQUALE, one definition each (written for the rectorat in
`docs/indicators.md`), computed by a fixed number of GROUP BY queries.

The dashboard, its exports and the activity report read them here. Every query groups by
network over the networks in view, whatever their number: a page costs the same few
queries for one network as for a whole académie. Platforms and the total are sums of the
networks' figures (a young person belongs to one network), except the median, which is
computed for each level by the database.

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
- review due dates: every date of each contract's rhythm (start + k × rhythm, k ≥ 1) that
  falls in the year, before the contract's end and before the reference day minus the grace
  period (`contracts.reviews.schedule.late_since`); held on time: a review (not cancelled)
  for the due date, held on or before it; overdue: a due date without a review.
"""

import datetime as dt
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef, Q

from contracts.enums import COMPLETED_OUTCOMES, ContractStatus, Step
from contracts.models import Assessment, Contract, Proposal, SituationReview, Youth
from contracts.reviews.schedule import late_since
from foquale.schoolyear import school_year_bounds

from .sql import InView, first_interview_medians, medians_of

COMPLETED = frozenset(o.value for o in COMPLETED_OUTCOMES)
# An exit recorded without an outcome still counts, as an early end of unknown kind.
UNKNOWN_OUTCOME = ""
# A contract ended without the exit of its young person (another contract followed).
REORIENTED = "reoriented"
# First and last day of a school year.
YearRange = tuple[dt.date, dt.date]

# One label per indicator, on every page, table, chart and export (docs/indicators.md).
LABELS = {
    "contacted": "Jeunes contactés dans l’année",
    "cohort_assessed": "Bilan réalisé",
    "cohort_proposed": "Proposition de retour en formation reçue",
    "cohort_signed": "Contrat FOQUALE signé",
    "cohort_completed": "Parcours achevé",
    "assessed": "Jeunes ayant eu un bilan dans l’année",
    "proposed": "Jeunes ayant reçu une proposition dans l’année",
    "signed": "Jeunes ayant signé un contrat dans l’année",
    "in_path": "En parcours",
    "completed": "Parcours achevé",
    "ended_early": "Sortie anticipée",
    "contracts_ended": "Contrats terminés dans l’année",
    "exited_before_contract": "Sorties avant tout contrat",
    "median_days": "Délai médian du contact au contrat signé (jours)",
    "reviews_due": "Échéances de bilans de situation de l’année",
    "reviews_on_time": "Bilans tenus à la date prévue",
    "on_time_share": "Part des bilans de situation tenus à la date prévue",
    "reviews_overdue": "Échéances de bilans dépassées sans bilan",
    "received": "Jeunes reçus par les réseaux dans l’année",
    "first_median_days": "Délai médian avant premier entretien (jours)",
    "first_on_time_share": "Part des premiers entretiens dans les 15 jours",
}


def natural_key(name: str) -> tuple:
    """Sort key of a name with numbers, in French order: « n° 2 » before « n° 10 », accents
    and case ignored."""
    folded = unicodedata.normalize("NFKD", name.casefold())
    folded = "".join(char for char in folded if not unicodedata.combining(char))
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part)
        for part in re.split(r"(\d+)", folded)
        if part
    )


@dataclass
class Figures:
    # The cohort: first contacted in the year, followed to where they are now.
    contacted: int = 0
    cohort_assessed: int = 0
    cohort_proposed: int = 0
    cohort_signed: int = 0
    cohort_completed: int = 0
    cohort_ended_early: int = 0
    cohort_exited_before_contract: int = 0
    # Events of the year, whenever first contacted.
    assessed: int = 0
    proposed: int = 0
    signed: int = 0
    # The stock on the reference day.
    in_path: int = 0
    # Contracts ended in the year by outcome code (REORIENTED: no exit); exits in the year
    # before any contract, by outcome code.
    contract_outcomes: Counter = field(default_factory=Counter)
    # Why the contracts ended early by an exit, by coded reason ("" when none was coded).
    early_reasons: Counter = field(default_factory=Counter)
    exits_before_contract: Counter = field(default_factory=Counter)
    reviews_due: int = 0
    reviews_on_time: int = 0
    reviews_held: int = 0
    median_days: float | None = None
    # The 15-day rule: young people received in the year; those judged (reached, or past
    # their deadline on the reference day); those reached within the deadline.
    received: int = 0
    first_due: int = 0
    first_on_time: int = 0
    first_median_days: float | None = None

    @property
    def first_on_time_share(self) -> float | None:
        return self.first_on_time / self.first_due if self.first_due else None

    @property
    def completed(self) -> int:
        """Contracts ended in the year on a completed path."""
        return sum(n for code, n in self.contract_outcomes.items() if code in COMPLETED)

    @property
    def ended_early(self) -> int:
        """Contracts ended in the year otherwise (early exit or réorientation)."""
        return sum(n for code, n in self.contract_outcomes.items() if code not in COMPLETED)

    @property
    def contracts_ended(self) -> int:
        return sum(self.contract_outcomes.values())

    @property
    def exited_before_contract(self) -> int:
        return sum(self.exits_before_contract.values())

    @property
    def reviews_overdue(self) -> int:
        """Due dates past the grace period without a review."""
        return max(self.reviews_due - self.reviews_held, 0)

    @property
    def on_time_share(self) -> float | None:
        return self.reviews_on_time / self.reviews_due if self.reviews_due else None

    def add(self, other: "Figures") -> None:
        """Add another level's counts (not its median, which does not add up)."""
        for name in COUNTS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.contract_outcomes.update(other.contract_outcomes)
        self.early_reasons.update(other.early_reasons)
        self.exits_before_contract.update(other.exits_before_contract)


COUNTS = (
    "contacted",
    "cohort_assessed",
    "cohort_proposed",
    "cohort_signed",
    "cohort_completed",
    "cohort_ended_early",
    "cohort_exited_before_contract",
    "assessed",
    "proposed",
    "signed",
    "in_path",
    "reviews_due",
    "reviews_on_time",
    "reviews_held",
    "received",
    "first_due",
    "first_on_time",
)


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
    _count_contracts(by_network, in_view, in_year, ref)
    _count_reviews(by_network, in_view, in_year, ref)
    _count_first_interviews(by_network, network_ids, in_year, ref)

    by_network = {network_id: by_network[network_id] for network_id in network_ids}
    by_platform: dict[int, Figures] = {}
    total = Figures()
    for network_id, figures in by_network.items():
        by_platform.setdefault(platform_of[network_id], Figures()).add(figures)
        total.add(figures)

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


def _count_youths(
    by_network: dict[int, Figures], network_ids: list[int], in_year: YearRange
) -> None:
    """The cohort of the year where it stands now, and the exits of the year of young
    people who never signed a contract (by outcome)."""
    cohort = Q(contacted_on__range=in_year)
    assessed = Q(assessed=True) | Q(proposed=True) | Q(signed=True)
    proposed = Q(proposed=True) | Q(signed=True)
    signed = Q(signed=True)
    exited = Q(step=Step.EXITED)
    completed = exited & Q(outcome__in=COMPLETED)
    rows = (
        Youth.objects.filter(network_id__in=network_ids)
        .filter(cohort | Q(exited_on__range=in_year))
        .annotate(
            assessed=_has(Assessment, cancelled_at__isnull=True),
            proposed=_has(Proposal),
            signed=_has(Contract, activated_on__isnull=False),
        )
        .order_by()
        .values("network_id", "outcome")
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
        figures = by_network[row["network_id"]]
        figures.contacted += row["contacted"]
        figures.cohort_assessed += row["cohort_assessed"]
        figures.cohort_proposed += row["cohort_proposed"]
        figures.cohort_signed += row["cohort_signed"]
        figures.cohort_completed += row["cohort_completed"]
        figures.cohort_ended_early += row["cohort_exited"] - row["cohort_completed"]
        figures.cohort_exited_before_contract += row["cohort_exited_before"]
        if row["exited_before"]:
            figures.exits_before_contract[row["outcome"]] += row["exited_before"]


def _count_steps(by_network: dict[int, Figures], in_view: InView, in_year: YearRange) -> None:
    """Events of the year: young people assessed, offered a proposal (one query each)."""
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


def due_dates_between(starts_on: dt.date, every_weeks: int, first: dt.date, last: dt.date) -> int:
    """How many dates of the rhythm (start + k × rhythm, k ≥ 1) fall in [first, last]."""
    period = 7 * every_weeks
    if last < first or last <= starts_on or period <= 0:
        return 0
    k_last = (last - starts_on).days // period
    k_first = max(1, -(-(first - starts_on).days // period))
    return max(k_last - k_first + 1, 0)


def reviews_window(in_year: YearRange, ref: dt.date) -> YearRange:
    """The due dates judged for the year: in the year, and past the grace period on the
    reference day."""
    return in_year[0], min(in_year[1], late_since(ref))


def _count_reviews(
    by_network: dict[int, Figures], in_view: InView, in_year: YearRange, ref: dt.date
) -> None:
    """Due dates of the contracts' rhythms in the window (one query: the signed contracts
    running in the year), and the reviews held for them (one GROUP BY)."""
    first, last = reviews_window(in_year, ref)
    contracts = (
        Contract.objects.filter(in_view.youths("youth"), activated_on__isnull=False)
        .filter(starts_on__lte=last, ends_on__gte=first)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=first))
        .order_by()
        .values_list("youth__network_id", "starts_on", "ends_on", "ended_on", "review_every_weeks")
    )
    for network_id, starts_on, ends_on, ended_on, weeks in contracts:
        end = min(last, ended_on or ends_on, ends_on)
        by_network[network_id].reviews_due += due_dates_between(starts_on, weeks, first, end)
    review_rows = (
        SituationReview.objects.current()
        .filter(
            in_view.youths("contract__youth"),
            contract__activated_on__isnull=False,
            due_on__range=(first, last),
        )
        .order_by()
        .values("contract__youth__network_id")
        .annotate(held=Count("id"), on_time=Count("id", filter=Q(held_on__lte=F("due_on"))))
    )
    for row in review_rows:
        figures = by_network[row["contract__youth__network_id"]]
        figures.reviews_held = row["held"]
        figures.reviews_on_time = row["on_time"]


def _count_first_interviews(
    by_network: dict[int, Figures], network_ids: list[int], in_year: YearRange, ref: dt.date
) -> None:
    """The 15-day rule (one GROUP BY): received in the year; judged when reached, or when
    the deadline has passed on the reference day; on time when reached by the deadline."""
    days = settings.FIRST_INTERVIEW_DAYS
    deadline_passed = Q(received_on__lt=ref - dt.timedelta(days=days))
    reached = Q(contacted_on__isnull=False)
    on_time = reached & Q(contacted_on__lte=F("received_on") + dt.timedelta(days=days))
    rows = (
        Youth.objects.filter(network_id__in=network_ids, received_on__range=in_year)
        .order_by()
        .values("network_id")
        .annotate(
            received=Count("id"),
            due=Count("id", filter=reached | deadline_passed),
            on_time=Count("id", filter=on_time),
        )
    )
    for row in rows:
        figures = by_network[row["network_id"]]
        figures.received = row["received"]
        figures.first_due = row["due"]
        figures.first_on_time = row["on_time"]
