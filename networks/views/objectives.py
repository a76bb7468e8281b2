"""Priority objectives of a network and their actions: the lead edits, the others read."""

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Max, Min, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from foquale.schoolyear import current_school_year, school_year_label, year_options

from .. import perms, services
from ..enums import CorrectedItem
from ..forms import ActionForm, ObjectiveForm, initial_from
from ..models import Action, Network
from .access import create_once, network_for_editor, network_for_user_or_404, run_service

ALL_YEARS = "toutes"


def _year_choices(network: Network) -> list[tuple[str, str]]:
    """The years of the network's objectives and the current one (`year_options`)."""
    years = network.objectives.aggregate(first=Min("school_year"), last=Max("school_year"))
    first_day = dt.date(years["first"], 9, 1) if years["first"] is not None else None
    last = max(current_school_year(), years["last"] or 0)
    return [(str(year), label) for year, label in year_options(first_day, last=last)] + [
        (ALL_YEARS, "Toutes les années")
    ]


class YearFilterForm(forms.Form):
    annee = forms.ChoiceField(label="Année scolaire", required=False)

    def __init__(self, *args, network: Network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["annee"].choices = _year_choices(network)


def _list_url(network: Network) -> str:
    return reverse("networks:objectives", args=[network.pk])


def _breadcrumb(network: Network, *labels: tuple[str, str | None]) -> list:
    return [
        ("Réseaux", reverse("networks:list")),
        (network.name, network.get_absolute_url()),
        *labels,
    ]


@login_required
def objective_list(request: HttpRequest, network_id: int) -> HttpResponse:
    network = network_for_user_or_404(request, network_id)
    form = YearFilterForm(request.GET or None, network=network)
    year = str(current_school_year())
    if form.is_bound and form.is_valid() and form.cleaned_data["annee"]:
        year = form.cleaned_data["annee"]
    objectives = network.objectives.prefetch_related(
        Prefetch("actions", queryset=Action.objects.select_related("owner"))
    )
    if year != ALL_YEARS:
        objectives = objectives.filter(school_year=int(year))
    today = timezone.localdate()
    objectives = list(objectives)
    for objective in objectives:
        for action in objective.actions.all():
            action.overdue = action.is_overdue_on(today)
    heading = "Toutes les années" if year == ALL_YEARS else school_year_label(int(year))
    return render(
        request,
        "networks/objective_list.html",
        {
            "network": network,
            "objectives": objectives,
            "form": form,
            "year": year,
            "year_label": heading,
            "can_edit": perms.can_edit_network(request.user, network),
            "corrections": network.corrections.filter(
                target__in=[CorrectedItem.OBJECTIVE, CorrectedItem.ACTION]
            ).select_related("by"),
            "title": f"Objectifs prioritaires — {network.name}",
            "breadcrumb": _breadcrumb(network, ("Objectifs et actions", None)),
        },
    )


def _render_form(request, network, form, title, template="networks/objective_form.html"):
    return render(
        request,
        template,
        {
            "network": network,
            "form": form,
            "title": title,
            "breadcrumb": _breadcrumb(
                network, ("Objectifs et actions", _list_url(network)), (title, None)
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def objective_create(request: HttpRequest, network_id: int) -> HttpResponse:
    network = network_for_editor(request, network_id)
    form = ObjectiveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        response = create_once(
            request,
            form,
            services.objective_create,
            url_of=lambda objective: _list_url(network),
            success="L’objectif prioritaire est enregistré.",
            network=network,
            **form.cleaned_data,
        )
        if response is not None:
            return response
    return _render_form(request, network, form, "Nouvel objectif prioritaire")


@login_required
@require_http_methods(["GET", "POST"])
def objective_update(request: HttpRequest, network_id: int, objective_id: int) -> HttpResponse:
    network = network_for_editor(request, network_id)
    objective = get_object_or_404(network.objectives, pk=objective_id)
    form = ObjectiveForm(
        request.POST or None,
        initial=initial_from(objective, ObjectiveForm),
        version=objective.version,
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(
            form,
            services.objective_update,
            objective=objective,
            by=request.user,
            opened_version=form.opened_version(),
            **form.cleaned_data,
        )
    ):
        messages.success(request, "L’objectif prioritaire est modifié.")
        return redirect(_list_url(network))
    return _render_form(request, network, form, f"Modifier l’objectif « {objective.title} »")


@login_required
@require_http_methods(["GET", "POST"])
def action_create(request: HttpRequest, network_id: int, objective_id: int) -> HttpResponse:
    network = network_for_editor(request, network_id)
    objective = get_object_or_404(network.objectives.select_related("network"), pk=objective_id)
    form = ActionForm(request.POST or None, people=services.network_people(network))
    if request.method == "POST" and form.is_valid():
        response = create_once(
            request,
            form,
            services.action_create,
            url_of=lambda action: _list_url(network),
            success="L’action est enregistrée.",
            objective=objective,
            **form.cleaned_data,
        )
        if response is not None:
            return response
    return _render_form(request, network, form, f"Nouvelle action pour « {objective.title} »")


@login_required
@require_http_methods(["GET", "POST"])
def action_update(
    request: HttpRequest, network_id: int, objective_id: int, action_id: int
) -> HttpResponse:
    network = network_for_editor(request, network_id)
    action = get_object_or_404(
        Action.objects.select_related("objective__network", "owner"),
        objective__network=network,
        objective_id=objective_id,
        pk=action_id,
    )
    # The current pilot stays selectable even after leaving the committee.
    people = services.network_people(network, also=Q(pk=action.owner_id))
    form = ActionForm(
        request.POST or None,
        initial=initial_from(action, ActionForm),
        people=people,
        version=action.version,
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(
            form,
            services.action_update,
            action=action,
            by=request.user,
            opened_version=form.opened_version(),
            **form.cleaned_data,
        )
    ):
        messages.success(request, "L’action est modifiée.")
        return redirect(_list_url(network))
    return _render_form(request, network, form, f"Modifier l’action « {action.title} »")
