"""The operational actors of a network: the lead names and removes them, the others read."""

from collections.abc import Callable
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from foquale.schoolyear import current_school_year, school_year_label
from networks.forms import enable_people_search
from networks.models import Network
from networks.views.access import create_once, network_for_user_or_404

from . import perms, selectors, services
from .forms import (
    AssessorForm,
    MldsCoordinatorForm,
    ReferentForm,
    SchoolYearFilterForm,
    TeamMemberForm,
)
from .models import Referent, TeamMember

PAGE_TITLE = "Acteurs opérationnels"


def _network_for_manager(request: HttpRequest, network_id: int) -> Network:
    """The network, if the user may name its actors; a reader gets a 403."""
    network = network_for_user_or_404(request, network_id)
    if not perms.can_manage_network_actors(request.user, network):
        raise PermissionDenied("Seul le responsable du réseau désigne les acteurs opérationnels.")
    return network


def actors_url(network: Network, *, year: int | None = None) -> str:
    url = reverse("referents:actors", args=[network.pk])
    if year is not None and year != current_school_year():
        url += "?" + urlencode({"annee": year})
    return url


def _breadcrumb(network: Network, *labels: tuple[str, str | None]) -> list:
    return [
        ("Réseaux", reverse("networks:list")),
        (network.name, network.get_absolute_url()),
        *labels,
    ]


@login_required
@require_safe
def actor_list(request: HttpRequest, network_id: int) -> HttpResponse:
    network = network_for_user_or_404(request, network_id)
    form = SchoolYearFilterForm(request.GET or None, network=network)
    year = form.year()
    establishments = selectors.network_establishments_with_actors(network, school_year=year)
    return render(
        request,
        "referents/actor_list.html",
        {
            "network": network,
            "form": form,
            "year": year,
            "year_label": school_year_label(year),
            "establishments": establishments,
            "without_referent": selectors.establishments_without_referent(establishments),
            "assessors": selectors.network_assessors(network),
            "coordinators": selectors.network_mlds_coordinators(network),
            "can_edit": perms.can_manage_network_actors(request.user, network),
            "title": f"{PAGE_TITLE} — {network.name}",
            "breadcrumb": _breadcrumb(network, (PAGE_TITLE, None)),
        },
    )


def _add(
    request: HttpRequest,
    network: Network,
    form: Form,
    service: Callable[..., Model],
    *,
    title: str,
    legend: str,
    success: Callable[[Model], str],
) -> HttpResponse:
    """Shared body of the add views: validate, call the service once per rendered form (a
    second click goes to the first result), or show the form again."""
    enable_people_search(form, network, request)
    if request.method == "POST" and form.is_valid():
        created = []

        def url_of(actor: Model) -> str:
            created.append(actor)
            return actors_url(network, year=getattr(actor, "school_year", None))

        response = create_once(
            request,
            form,
            service,
            url_of=url_of,
            success=lambda: success(created[0]),
            network=network,
            by=request.user,
            **form.cleaned_data,
        )
        if response is not None:
            return response
    return render(
        request,
        "referents/actor_form.html",
        {
            "network": network,
            "form": form,
            "legend": legend,
            "cancel_url": actors_url(network),
            "title": title,
            "breadcrumb": _breadcrumb(network, (PAGE_TITLE, actors_url(network)), (title, None)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def referent_add(request: HttpRequest, network_id: int) -> HttpResponse:
    network = _network_for_manager(request, network_id)
    initial = {
        "establishment": request.GET.get("etablissement"),
        "school_year": SchoolYearFilterForm(request.GET).year(),
    }
    form = ReferentForm(request.POST or None, initial=initial, network=network)
    return _add(
        request,
        network,
        form,
        services.referent_add,
        title="Désigner un référent décrochage",
        legend="Référent décrochage de l’établissement",
        success=lambda referent: (
            f"{referent.user.get_full_name()} est référent(e) décrochage de "
            f"{referent.establishment.name} pour {school_year_label(referent.school_year)}."
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def team_member_add(request: HttpRequest, network_id: int) -> HttpResponse:
    network = _network_for_manager(request, network_id)
    initial = {"establishment": request.GET.get("etablissement")}
    form = TeamMemberForm(request.POST or None, initial=initial, network=network)
    return _add(
        request,
        network,
        form,
        services.team_member_add,
        title="Ajouter un membre de l’équipe éducative",
        legend="Membre de l’équipe éducative",
        success=lambda member: (
            f"{member.user.get_full_name()} rejoint l’équipe éducative de "
            f"{member.establishment.name} ({member.get_function_display()})."
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def assessor_add(request: HttpRequest, network_id: int) -> HttpResponse:
    network = _network_for_manager(request, network_id)
    return _add(
        request,
        network,
        AssessorForm(request.POST or None),
        services.assessor_add,
        title="Ajouter un évaluateur (COP/PsyEN, MLDS)",
        legend="Évaluateur du réseau",
        success=lambda assessor: (
            f"{assessor.user.get_full_name()} est évaluateur/évaluatrice du réseau "
            f"({assessor.get_function_display()})."
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def mlds_coordinator_add(request: HttpRequest, network_id: int) -> HttpResponse:
    network = _network_for_manager(request, network_id)
    return _add(
        request,
        network,
        MldsCoordinatorForm(request.POST or None),
        services.mlds_coordinator_add,
        title="Ajouter un coordinateur MLDS",
        legend="Coordinateur MLDS du réseau",
        success=lambda coordinator: (
            f"{coordinator.user.get_full_name()} est coordinateur/coordinatrice MLDS du réseau."
        ),
    )


@login_required
@require_POST
def referent_remove(request: HttpRequest, network_id: int, referent_id: int) -> HttpResponse:
    network = _network_for_manager(request, network_id)
    referent = get_object_or_404(
        Referent.objects.filter(network=network).select_related("user", "establishment"),
        pk=referent_id,
    )
    services.referent_remove(referent=referent)
    messages.success(
        request,
        f"{referent.user.get_full_name()} n’est plus référent(e) décrochage de "
        f"{referent.establishment.name} pour {school_year_label(referent.school_year)}.",
    )
    return redirect(actors_url(network, year=referent.school_year))


@login_required
@require_POST
def team_member_remove(request: HttpRequest, network_id: int, member_id: int) -> HttpResponse:
    network = _network_for_manager(request, network_id)
    member = get_object_or_404(
        TeamMember.objects.filter(establishment__networks=network).select_related(
            "user", "establishment"
        ),
        pk=member_id,
    )
    services.team_member_remove(member=member)
    messages.success(
        request,
        f"{member.user.get_full_name()} ne fait plus partie de l’équipe éducative de "
        f"{member.establishment.name}.",
    )
    return redirect(actors_url(network))


@login_required
@require_POST
def assessor_remove(request: HttpRequest, network_id: int, assessor_id: int) -> HttpResponse:
    network = _network_for_manager(request, network_id)
    assessor = get_object_or_404(
        network.assessors.select_related("user", "network"), pk=assessor_id
    )
    services.assessor_remove(assessor=assessor)
    messages.success(
        request, f"{assessor.user.get_full_name()} n’est plus évaluateur/évaluatrice du réseau."
    )
    return redirect(actors_url(network))


@login_required
@require_POST
def mlds_coordinator_remove(
    request: HttpRequest, network_id: int, coordinator_id: int
) -> HttpResponse:
    network = _network_for_manager(request, network_id)
    coordinator = get_object_or_404(
        network.mlds_coordinators.select_related("user"), pk=coordinator_id
    )
    services.mlds_coordinator_remove(coordinator=coordinator)
    messages.success(
        request,
        f"{coordinator.user.get_full_name()} n’est plus coordinateur/coordinatrice MLDS du réseau.",
    )
    return redirect(actors_url(network))
