"""The catalogue of solutions of a network (offre de formation).

Lead and committee members edit their network's entries; IEN-IO and steering read them;
published entries of the neighbouring networks (same platform) are shown read-only.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from contracts.selectors import with_occupancy
from foquale.ordering import natural_sorted
from foquale.submissions.views import send_once
from networks.enums import SolutionStatus
from networks.models import Network, Solution, SolutionEntryDate
from solutions import perms
from solutions.forms import SolutionForm, add_service_errors
from solutions.services import solution_mark_reviewed, solution_save


def _network_for_reader(request: HttpRequest, network_id: int) -> Network:
    return get_object_or_404(
        perms.networks_for_user(request.user).select_related("platform", "academy"),
        pk=network_id,
    )


def _network_for_editor(request: HttpRequest, network_id: int) -> Network:
    return get_object_or_404(
        perms.networks_edited_by(request.user).select_related("platform", "academy"),
        pk=network_id,
    )


def _catalogue(queryset):
    return (
        with_occupancy(queryset)
        .select_related("host", "network")
        .prefetch_related(Prefetch("entry_dates", queryset=SolutionEntryDate.objects.all()))
    )


def _breadcrumb(network: Network, *tail: tuple[str, str | None]) -> list:
    return [
        ("Réseaux", reverse("networks:list")),
        (network.name, network.get_absolute_url()),
        *tail,
    ]


@login_required
def solution_list(request: HttpRequest, network_id: int) -> HttpResponse:
    network = _network_for_reader(request, network_id)
    status = request.GET.get("statut", "")
    # A network's catalogue holds tens of entries: one query, filtered here, so that the
    # stale count covers every entry whatever the filter.
    every = list(_catalogue(network.solutions.all()).order_by("title"))
    solutions = [s for s in every if status not in SolutionStatus.values or s.status == status]
    neighbours = natural_sorted(
        _catalogue(
            Solution.objects.published()
            .filter(network__platform_id=network.platform_id)
            .exclude(network=network)
        ),
        lambda solution: (solution.network.name, solution.title),
    )
    stale_count = sum(1 for s in every if s.is_stale)
    return render(
        request,
        "solutions/list.html",
        {
            "network": network,
            "solutions": solutions,
            "neighbours": neighbours,
            "stale_count": stale_count,
            "status": status,
            "statuses": SolutionStatus.choices,
            "can_edit": perms.can_edit_network_work(request.user, network),
            "title": f"Catalogue des solutions — {network.name}",
            "breadcrumb": _breadcrumb(network, ("Catalogue des solutions", None)),
        },
    )


@login_required
def solution_stale_list(request: HttpRequest, network_id: int) -> HttpResponse:
    network = _network_for_reader(request, network_id)
    solutions = list(_catalogue(network.solutions.stale()).order_by("reviewed_at", "title"))
    return render(
        request,
        "solutions/stale_list.html",
        {
            "network": network,
            "solutions": solutions,
            "can_edit": perms.can_edit_network_work(request.user, network),
            "title": f"Solutions à mettre à jour — {network.name}",
            "breadcrumb": _breadcrumb(
                network,
                ("Catalogue des solutions", reverse("solutions:solution_list", args=[network.pk])),
                ("À mettre à jour", None),
            ),
        },
    )


@login_required
def solution_detail(request: HttpRequest, solution_id: int) -> HttpResponse:
    solution = get_object_or_404(
        _catalogue(perms.solutions_for_user(request.user)).select_related(
            "network__platform", "reviewed_by"
        ),
        pk=solution_id,
    )
    network = solution.network
    return render(
        request,
        "solutions/detail.html",
        {
            "solution": solution,
            "network": network,
            "can_edit": perms.can_edit_solution(request.user, solution),
            "title": solution.title,
            "breadcrumb": _breadcrumb(
                network,
                ("Catalogue des solutions", reverse("solutions:solution_list", args=[network.pk])),
                (solution.title, None),
            ),
        },
    )


def _save(request: HttpRequest, form: SolutionForm) -> Solution | None:
    if not form.is_valid():
        return None
    solution = form.save(commit=False)
    try:
        return solution_save(
            solution=solution,
            entry_dates=form.cleaned_data["entry_dates"],
            by=request.user,
            opened_version=form.opened_version(),
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return None


@login_required
def solution_create(request: HttpRequest, network_id: int) -> HttpResponse:
    network = _network_for_editor(request, network_id)
    form = SolutionForm(request.POST or None, network=network)
    if request.method == "POST" and form.is_valid():
        try:
            return send_once(
                request,
                form,
                lambda: solution_save(
                    solution=form.save(commit=False),
                    entry_dates=form.cleaned_data["entry_dates"],
                    by=request.user,
                ).get_absolute_url(),
                "La solution a été ajoutée au catalogue.",
            )
        except ValidationError as error:
            add_service_errors(form, error)
    return render(
        request,
        "solutions/form.html",
        {
            "form": form,
            "network": network,
            "title": "Ajouter une solution",
            "breadcrumb": _breadcrumb(
                network,
                ("Catalogue des solutions", reverse("solutions:solution_list", args=[network.pk])),
                ("Ajouter une solution", None),
            ),
        },
    )


@login_required
def solution_edit(request: HttpRequest, solution_id: int) -> HttpResponse:
    solution = get_object_or_404(
        perms.solutions_edited_by(request.user).select_related("network__academy"),
        pk=solution_id,
    )
    network = solution.network
    form = SolutionForm(
        request.POST or None, instance=solution, network=network, version=solution.version
    )
    if request.method == "POST":
        saved = _save(request, form)
        if saved is not None:
            messages.success(request, "La solution a été mise à jour.")
            return redirect(saved)
    return render(
        request,
        "solutions/form.html",
        {
            "form": form,
            "network": network,
            "solution": solution,
            "title": f"Modifier la solution « {solution.title} »",
            "breadcrumb": _breadcrumb(
                network,
                ("Catalogue des solutions", reverse("solutions:solution_list", args=[network.pk])),
                (solution.title, solution.get_absolute_url()),
                ("Modifier", None),
            ),
        },
    )


@login_required
@require_POST
def solution_mark_reviewed_view(request: HttpRequest, solution_id: int) -> HttpResponse:
    solution = get_object_or_404(perms.solutions_edited_by(request.user), pk=solution_id)
    solution_mark_reviewed(solution=solution, by=request.user)
    messages.success(request, f"« {solution.title} » est marquée comme à jour.")
    next_url = request.POST.get("next", "")
    if next_url == "stale":
        return redirect("solutions:solution_stale_list", solution.network_id)
    return redirect(solution)
