"""Needs of a network, for its committee: codes and counts only, never a person nor a
free text of a file (the details stay in each young person's file).

- youths waiting: assessed (a bilan not cancelled), not exited, and without an accepted
  proposal; counted by the kind of solution wished at their last bilan (a coded choice)
  and by level;
- proposals refused during the school year, by solution (or kind of solution aimed at,
  off the catalogue), with the coded reasons;
- solutions of the catalogue that are full or not reviewed for a year.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from contracts.enums import Level, ProposalDecision, ProposalKind, RefusalReason, Step
from contracts.models import Assessment, Proposal, Youth
from contracts.selectors import with_occupancy
from foquale.schoolyear import current_school_year, school_year_bounds, school_year_label
from networks.enums import SolutionStatus
from networks.models import NeedsAnalysis, Network, Solution
from solutions import perms
from solutions.forms import NeedsAnalysisForm, add_service_errors
from solutions.services import needs_analysis_record

from .evaluations import check_year, network_for_reader, year_links

WISH_NOT_GIVEN = "Type de solution non précisé"
LEVEL_NOT_GIVEN = "Niveau non précisé"
REASON_NOT_GIVEN = "Motif non précisé"
LEVEL_LABELS = dict(Level.choices)
WISH_LABELS = dict(ProposalKind.choices)
REASON_LABELS = dict(RefusalReason.choices)


def _ordered(counts: Counter, labels: list[str]) -> list[tuple[str, int]]:
    """Most frequent first; ties in the order of the coded list."""
    order = {label: index for index, label in enumerate(labels)}
    return sorted(counts.items(), key=lambda item: (-item[1], order.get(item[0], len(order))))


@dataclass
class RefusalGroup:
    label: str
    count: int
    reasons: list[tuple[str, int]]


@dataclass
class NeedsFigures:
    waiting_total: int = 0
    by_wish: list[tuple[str, int]] = field(default_factory=list)
    by_level: list[tuple[str, int]] = field(default_factory=list)
    by_wish_and_level: list[tuple[str, str, int]] = field(default_factory=list)
    refusals_total: int = 0
    refusals: list[RefusalGroup] = field(default_factory=list)
    full_solutions: list[Solution] = field(default_factory=list)
    stale_solutions: list[Solution] = field(default_factory=list)


def waiting_youths(network: Network):
    return (
        Youth.objects.filter(network=network, assessments__cancelled_at__isnull=True)
        .filter(assessments__isnull=False)
        .exclude(step=Step.EXITED)
        .exclude(proposals__decision=ProposalDecision.ACCEPTED)
        .distinct()
    )


def waiting_figures(network: Network, figures: NeedsFigures) -> None:
    """One query: the bilans of the waiting youths, the last one of each counts."""
    last: dict[int, tuple[str, str]] = {}
    rows = (
        Assessment.objects.current()
        .filter(youth__in=waiting_youths(network).values("pk"))
        .order_by("youth_id", "held_on", "id")
        .values_list("youth_id", "wished_kind", "level", "youth__highest_level")
    )
    for youth_id, wished_kind, level, highest_level in rows:
        last[youth_id] = (wished_kind, level or highest_level)
    wishes: Counter = Counter()
    levels: Counter = Counter()
    pairs: Counter = Counter()
    for wished_kind, level in last.values():
        wish_label = WISH_LABELS.get(wished_kind, WISH_NOT_GIVEN)
        level_label = LEVEL_LABELS.get(level, LEVEL_NOT_GIVEN)
        wishes[wish_label] += 1
        levels[level_label] += 1
        pairs[(wish_label, level_label)] += 1
    wish_order = [*WISH_LABELS.values(), WISH_NOT_GIVEN]
    level_order = [*LEVEL_LABELS.values(), LEVEL_NOT_GIVEN]
    figures.waiting_total = len(last)
    figures.by_wish = _ordered(wishes, wish_order)
    figures.by_level = sorted(levels.items(), key=lambda item: level_order.index(item[0]))
    figures.by_wish_and_level = sorted(
        ((wish, level, count) for (wish, level), count in pairs.items()),
        key=lambda row: (-row[2], wish_order.index(row[0]), level_order.index(row[1])),
    )


def refusal_figures(network: Network, year: int, figures: NeedsFigures) -> None:
    """One query: proposals refused during the school year, by solution and coded reason.
    A proposal off the catalogue is shown by its kind: its free-text target stays in the
    file."""
    rows = Proposal.objects.filter(
        decided_on__range=school_year_bounds(year),
        youth__network=network,
        decision=ProposalDecision.REFUSED,
    ).values_list("solution__title", "kind", "refusal_code")
    groups: dict[str, Counter] = defaultdict(Counter)
    for title, kind, code in rows:
        label = title or f"Hors catalogue : {WISH_LABELS.get(kind, kind)}"
        groups[label][REASON_LABELS.get(code, REASON_NOT_GIVEN)] += 1
    reason_order = [*REASON_LABELS.values(), REASON_NOT_GIVEN]
    figures.refusals = sorted(
        (
            RefusalGroup(label, sum(counts.values()), _ordered(counts, reason_order))
            for label, counts in groups.items()
        ),
        key=lambda group: (-group.count, group.label),
    )
    figures.refusals_total = sum(group.count for group in figures.refusals)


def catalogue_alerts(network: Network, figures: NeedsFigures) -> None:
    """One query: entries still offered, with their places."""
    solutions = list(
        with_occupancy(network.solutions.exclude(status=SolutionStatus.ARCHIVED)).order_by("title")
    )
    figures.full_solutions = [
        s for s in solutions if s.status == SolutionStatus.PUBLISHED and s.is_full
    ]
    figures.stale_solutions = [s for s in solutions if s.is_stale]


def network_needs(network: Network, year: int) -> NeedsFigures:
    figures = NeedsFigures()
    waiting_figures(network, figures)
    refusal_figures(network, year, figures)
    catalogue_alerts(network, figures)
    return figures


# Pages ---------------------------------------------------------------------------------


def _analysis_recorded(form: NeedsAnalysisForm, network: Network, year: int, user) -> bool:
    """Record the committee's needs analysis; False, with the service's errors on the form,
    when it refuses."""
    data = form.cleaned_data
    try:
        needs_analysis_record(
            network=network,
            school_year=year,
            findings=data["findings"],
            actions=list(data["actions"]),
            by=user,
            new_action_title=data["new_action_title"],
            new_action_objective=data["new_action_objective"],
            new_action_due_on=data["new_action_due_on"],
            opened_version=form.opened_version(),
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return False
    return True


@login_required
def needs_page(request: HttpRequest, network_id: int, year: int | None = None) -> HttpResponse:
    network = network_for_reader(request, network_id)
    if year is None:
        return redirect("solutions:needs_year", network.pk, current_school_year())
    check_year(year)
    can_edit = perms.can_edit_reports(request.user, network)
    analysis = (
        NeedsAnalysis.objects.filter(network=network, school_year=year)
        .select_related("recorded_by")
        .first()
    )
    initial = None
    if analysis is not None:
        initial = {"findings": analysis.findings, "actions": list(analysis.actions.all())}
    form = NeedsAnalysisForm(
        request.POST or None,
        initial=initial,
        network=network,
        version=analysis.version if analysis else 0,
    )
    if request.method == "POST":
        if not can_edit:
            raise Http404
        if form.is_valid() and _analysis_recorded(form, network, year, request.user):
            messages.success(request, "L’analyse des besoins a été enregistrée.")
            return redirect("solutions:needs_year", network.pk, year)
    return render(
        request,
        "solutions/evaluations/needs.html",
        {
            "network": network,
            "year": year,
            "year_label": school_year_label(year),
            "years": year_links("solutions:needs_year", network, year, current_school_year()),
            "needs": network_needs(network, year),
            "analysis": analysis,
            "analysis_actions": list(analysis.actions.select_related("objective"))
            if analysis
            else [],
            "form": form,
            "can_edit": can_edit,
            "title": f"Besoins {school_year_label(year)} — {network.name}",
            "breadcrumb": [
                ("Réseaux", reverse("networks:list")),
                (network.name, network.get_absolute_url()),
                (f"Besoins {school_year_label(year)}", None),
            ],
        },
    )
