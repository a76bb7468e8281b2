"""Yearly evaluation of each solution, computed from the contracts signed on it.

For a school year, a solution's figures are read from the contracts activated (signed)
during that year on the solution:

- welcomed: those contracts;
- in training at 3 and 6 months: the contract was still running on its start date plus 3
  (or 6) months (still active, or ended on or after that day); contracts whose milestone
  is still to come are counted apart, as "not yet measurable";
- completed, qualification obtained, ended early: for ended contracts, the youth's
  outcome (contracts.enums) when the contract was the youth's last one; an ended contract
  followed by another contract counts as an early end ("réorientation").
"""

import calendar
import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from contracts.enums import COMPLETED_OUTCOMES, ContractStatus, ExitReason, Outcome
from contracts.models import Contract
from foquale.schoolyear import current_school_year, school_year_bounds, school_year_label
from networks.enums import SolutionStatus
from networks.models import Network, Solution, SolutionEvaluation
from networks.models.solutions import school_year_has_ended
from solutions import perms
from solutions.forms import EvaluationForm, add_service_errors
from solutions.services import solution_evaluation_record

REORIENTED = "Réorientation vers une autre solution"
OUTCOME_MISSING = "Issue non renseignée"
OUTCOME_LABELS = dict(Outcome.choices)
EXIT_REASON_LABELS = dict(ExitReason.choices)


def early_reason_label(outcome: str, reason_code: str) -> str:
    """Why a path ended early, as a code's label: the coded reason, else the outcome."""
    return EXIT_REASON_LABELS.get(reason_code) or OUTCOME_LABELS.get(outcome, OUTCOME_MISSING)


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day `months` later, clamped to the month's last day (31/08 + 6 → 28/02)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass
class SolutionFigures:
    welcomed: int = 0
    in_training_3m: int = 0
    not_yet_3m: int = 0
    in_training_6m: int = 0
    not_yet_6m: int = 0
    completed: int = 0
    qualified: int = 0
    ended_early: int = 0
    early_reasons: Counter = field(default_factory=Counter)

    @property
    def measurable_3m(self) -> int:
        return self.welcomed - self.not_yet_3m

    @property
    def measurable_6m(self) -> int:
        return self.welcomed - self.not_yet_6m

    @property
    def reasons(self) -> list[tuple[str, int]]:
        return sorted(self.early_reasons.items(), key=lambda item: (-item[1], item[0]))

    def add(self, other: "SolutionFigures") -> None:
        for name in (
            "welcomed",
            "in_training_3m",
            "not_yet_3m",
            "in_training_6m",
            "not_yet_6m",
            "completed",
            "qualified",
            "ended_early",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.early_reasons.update(other.early_reasons)


def _still_running(status: str, ended_on: dt.date | None, milestone: dt.date) -> bool:
    if ended_on is not None:
        return ended_on >= milestone
    return status == ContractStatus.ACTIVE


def solution_figures(
    solution_ids: Iterable[int], year: int, today: dt.date | None = None
) -> dict[int, SolutionFigures]:
    """Figures of each solution for a school year, in one query whatever the count."""
    today = today or timezone.localdate()
    start, end = school_year_bounds(year)
    ids = list(solution_ids)
    figures = {pk: SolutionFigures() for pk in ids}
    followed = Contract.objects.filter(youth_id=OuterRef("youth_id"), pk__gt=OuterRef("pk"))
    rows = (
        Contract.objects.filter(solution_id__in=ids, activated_on__gte=start, activated_on__lte=end)
        .annotate(followed=Exists(followed))
        .values_list(
            "solution_id",
            "starts_on",
            "ended_on",
            "status",
            "youth__outcome",
            "youth__exit_reason_code",
            "followed",
        )
    )
    for solution_id, starts_on, ended_on, status, outcome, reason, is_followed in rows:
        fig = figures[solution_id]
        fig.welcomed += 1
        for months, done, pending in (
            (3, "in_training_3m", "not_yet_3m"),
            (6, "in_training_6m", "not_yet_6m"),
        ):
            milestone = add_months(starts_on, months)
            if milestone > today and status == ContractStatus.ACTIVE:
                setattr(fig, pending, getattr(fig, pending) + 1)
            elif _still_running(status, ended_on, milestone):
                setattr(fig, done, getattr(fig, done) + 1)
        if status != ContractStatus.ENDED:
            continue
        if is_followed:
            fig.ended_early += 1
            fig.early_reasons[REORIENTED] += 1
        elif outcome in COMPLETED_OUTCOMES:
            fig.completed += 1
            fig.qualified += outcome == Outcome.QUALIFICATION
        else:
            fig.ended_early += 1
            fig.early_reasons[early_reason_label(outcome, reason)] += 1
    return figures


def evaluated_solutions(network: Network):
    """The network's solutions that can be evaluated: every entry that was offered."""
    return network.solutions.exclude(status=SolutionStatus.DRAFT).order_by("title")


@dataclass
class EvaluationRow:
    solution: Solution
    figures: SolutionFigures
    evaluation: SolutionEvaluation | None


def network_evaluations(network: Network, year: int) -> list[EvaluationRow]:
    """Each evaluated solution with its figures and the committee's evaluation: 3 queries."""
    solutions = list(evaluated_solutions(network))
    figures = solution_figures([s.pk for s in solutions], year)
    evaluations = {
        e.solution_id: e
        for e in SolutionEvaluation.objects.filter(
            solution__in=[s.pk for s in solutions], school_year=year
        )
    }
    return [EvaluationRow(s, figures[s.pk], evaluations.get(s.pk)) for s in solutions]


# Pages ---------------------------------------------------------------------------------


def last_ended_year() -> int:
    return current_school_year() - 1


def year_links(view_name: str, network: Network, selected: int, last: int) -> list[dict]:
    return [
        {
            "label": school_year_label(year),
            "url": reverse(view_name, args=[network.pk, year]),
            "current": year == selected,
        }
        for year in range(last, last - 6, -1)
    ]


def check_year(year: int) -> None:
    if not 2013 <= year <= current_school_year() + 1:
        raise Http404("Année scolaire hors du champ de l’application.")


def network_for_reader(request: HttpRequest, network_id: int) -> Network:
    return get_object_or_404(
        perms.report_networks_for_user(request.user).select_related("platform", "academy"),
        pk=network_id,
    )


@login_required
def evaluation_list(request: HttpRequest, network_id: int, year: int | None = None) -> HttpResponse:
    network = network_for_reader(request, network_id)
    if year is None:
        return redirect("solutions:evaluations_year", network.pk, last_ended_year())
    check_year(year)
    rows = network_evaluations(network, year)
    return render(
        request,
        "solutions/evaluations/evaluation_list.html",
        {
            "network": network,
            "year": year,
            "year_label": school_year_label(year),
            "year_ended": school_year_has_ended(year),
            "years": year_links("solutions:evaluations_year", network, year, current_school_year()),
            "rows": rows,
            "title": f"Évaluations {school_year_label(year)} — {network.name}",
            "breadcrumb": [
                ("Réseaux", reverse("networks:list")),
                (network.name, network.get_absolute_url()),
                (f"Évaluations {school_year_label(year)}", None),
            ],
        },
    )


def _evaluation_recorded(form: EvaluationForm, solution: Solution, year: int, user) -> bool:
    """Record the committee's evaluation; False, with the service's errors on the form,
    when it refuses."""
    try:
        solution_evaluation_record(
            solution=solution,
            school_year=year,
            comment=form.cleaned_data["comment"],
            decision=form.cleaned_data["decision"],
            by=user,
            opened_version=form.opened_version(),
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return False
    return True


def _detail_breadcrumb(network: Network, year: int, solution: Solution) -> list[tuple]:
    return [
        ("Réseaux", reverse("networks:list")),
        (network.name, network.get_absolute_url()),
        (
            f"Évaluations {school_year_label(year)}",
            reverse("solutions:evaluations_year", args=[network.pk, year]),
        ),
        (solution.title, None),
    ]


@login_required
def evaluation_detail(
    request: HttpRequest, network_id: int, year: int, solution_id: int
) -> HttpResponse:
    network = network_for_reader(request, network_id)
    check_year(year)
    solution = get_object_or_404(
        evaluated_solutions(network).select_related("host"), pk=solution_id
    )
    can_edit = perms.can_edit_reports(request.user, network)
    evaluation = SolutionEvaluation.objects.filter(solution=solution, school_year=year).first()
    initial = (
        {"decision": evaluation.decision, "comment": evaluation.comment} if evaluation else None
    )
    form = EvaluationForm(
        request.POST or None, initial=initial, version=evaluation.version if evaluation else 0
    )
    if request.method == "POST":
        if not can_edit:
            raise Http404
        if form.is_valid() and _evaluation_recorded(form, solution, year, request.user):
            messages.success(request, "L’évaluation a été enregistrée.")
            return redirect("solutions:evaluations_year", network.pk, year)
    figures = solution_figures([solution.pk], year)[solution.pk]
    return render(
        request,
        "solutions/evaluations/evaluation_detail.html",
        {
            "network": network,
            "solution": solution,
            "year": year,
            "year_label": school_year_label(year),
            "year_ended": school_year_has_ended(year),
            "figures": figures,
            "evaluation": evaluation,
            "form": form,
            "can_edit": can_edit,
            "title": f"Évaluation {school_year_label(year)} — {solution.title}",
            "breadcrumb": _detail_breadcrumb(network, year, solution),
        },
    )
