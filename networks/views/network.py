"""The networks list (IEN-IO, steering) and the network page with its committee."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from foquale.french import du_reseau
from foquale.ordering import natural_sorted
from foquale.schoolyear import current_school_year, school_year_label
from foquale.sorting import Column, Sorting

from .. import perms, services
from ..forms import LeadForm, NetworkFilterForm
from ..models import Platform
from .access import network_for_user_or_404, run_service
from .committee import committee_rows

RECENT_MEETINGS = 5
FORMER_MEMBERS = 10


NETWORK_COLUMNS = [
    Column("reseau", "Réseau", ("name",)),
    Column("plateforme", "Plateforme", ("platform__name", "name")),
    Column("responsable", "Responsable", ("lead__last_name", "lead__first_name")),
    Column("comite", "Comité"),
]


@login_required
def network_list(request: HttpRequest) -> HttpResponse:
    visible = perms.networks_for_user(request.user)
    platforms = Platform.objects.filter(pk__in=visible.values("platform_id"))
    form = NetworkFilterForm(request.GET or None, platforms=platforms)
    sorting = Sorting(request, NETWORK_COLUMNS, default="plateforme")
    networks = (
        visible.select_related("platform", "lead", "academy")
        .with_seat_roles()
        .order_by(*sorting.order_by())
    )
    status = ""
    if form.is_bound and form.is_valid():
        if form.cleaned_data["plateforme"]:
            networks = networks.filter(platform=form.cleaned_data["plateforme"])
        status = form.cleaned_data["etat"]
        if status == "sans-responsable":
            networks = networks.filter(lead__isnull=True)
    # Names with numbers in natural order (n° 2 before n° 10) on the columns of names; the
    # database's order stands for the others.
    natural = {"reseau": lambda n: n.name, "plateforme": lambda n: (n.platform.name, n.name)}
    if sorting.key in natural:
        networks = natural_sorted(networks, natural[sorting.key])
        if sorting.descending:
            networks.reverse()
    if status == "incomplet":
        # The composition check reads the prefetched seats: no query per network.
        networks = [network for network in networks if network.missing_seats()]
    return render(
        request,
        "networks/network_list.html",
        {
            "networks": networks,
            "headers": sorting.headers(),
            "platforms": natural_sorted(platforms),
            "form": form,
            "filtered": form.is_bound and any(request.GET.get(name) for name in form.fields),
            "title": "Réseaux FOQUALE",
        },
    )


@login_required
def network_detail(request: HttpRequest, network_id: int) -> HttpResponse:
    network = network_for_user_or_404(request, network_id)
    seats = list(
        network.seats.active().select_related("user", "establishment").order_by("started_on")
    )
    # Lets `missing_seats()` read these rows instead of querying again.
    network.active_seats = seats
    former = (
        network.seats.filter(ended_on__isnull=False)
        .select_related("user")
        .order_by("-ended_on", "-id")[:FORMER_MEMBERS]
    )
    year = current_school_year()
    objectives = network.objectives.filter(school_year=year).annotate(action_count=Count("actions"))
    meetings = network.meetings.all()[:RECENT_MEETINGS]
    return render(
        request,
        "networks/network_detail.html",
        {
            "network": network,
            "rows": committee_rows(seats),
            "former_seats": former,
            "objectives": objectives,
            "school_year": school_year_label(year),
            "meetings": meetings,
            "can_edit": perms.can_edit_network(request.user, network),
            "can_view_cases": perms.can_view_network_cases(request.user, network),
            "can_appoint": perms.can_appoint_network_lead(request.user, network),
            "title": network.name,
            "breadcrumb": [("Réseaux", reverse("networks:list")), (network.name, None)],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def network_appoint_lead(request: HttpRequest, network_id: int) -> HttpResponse:
    network = network_for_user_or_404(request, network_id)
    if not perms.can_appoint_network_lead(request.user, network):
        raise PermissionDenied("Seul le comité de pilotage académique nomme le responsable.")
    form = LeadForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(
            form,
            services.network_appoint_lead,
            network=network,
            by=request.user,
            **form.cleaned_data,
        )
    ):
        messages.success(
            request,
            f"{network.lead.get_full_name()} est responsable {du_reseau(network.name)}.",
        )
        return redirect(network)
    title = "Nommer le responsable du réseau"
    return render(
        request,
        "networks/lead_form.html",
        {
            "network": network,
            "form": form,
            "title": title,
            "breadcrumb": [
                ("Réseaux", reverse("networks:list")),
                (network.name, network.get_absolute_url()),
                (title, None),
            ],
        },
    )
