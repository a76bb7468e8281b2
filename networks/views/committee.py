"""The comité de réseau: seat, replace and remove members (the lead), read by the others."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from foquale.submissions.views import already_sent

from .. import services
from ..enums import REQUIRED_SEATS, SeatRole
from ..forms import SeatEndForm, SeatForm, SeatReplaceForm, enable_people_search
from ..models import CommitteeSeat, Network
from .access import create_once, network_for_editor, run_service

# French, readable URL slugs for the seats: /reseaux/3/comite/chef-etablissement-lp/pourvoir/
SEAT_SLUGS = {
    SeatRole.INSPECTION: "referent-inspection",
    SeatRole.HEAD_COLLEGE: "chef-etablissement-college",
    SeatRole.HEAD_LEGT: "chef-etablissement-legt",
    SeatRole.HEAD_LP: "chef-etablissement-lp",
    SeatRole.MLDS_PILOT: "pilote-mlds",
    SeatRole.CIO_DIRECTOR: "directeur-cio",
    SeatRole.OTHER: "membre-associe",
}
ROLE_BY_SLUG = {slug: role for role, slug in SEAT_SLUGS.items()}


@dataclass(frozen=True)
class SeatRow:
    role: SeatRole
    slug: str
    seat: CommitteeSeat | None
    required: bool


def committee_rows(seats: list[CommitteeSeat]) -> list[SeatRow]:
    """One row per seat of the circulaire (held or vacant), then the associated members."""
    by_role: dict[str, list[CommitteeSeat]] = {}
    for seat in seats:
        by_role.setdefault(seat.role, []).append(seat)
    rows = []
    for role in SeatRole:
        if role == SeatRole.OTHER:
            continue
        held = by_role.get(role)
        rows.append(
            SeatRow(role, SEAT_SLUGS[role], held[0] if held else None, role in REQUIRED_SEATS)
        )
    for seat in by_role.get(SeatRole.OTHER, []):
        rows.append(SeatRow(SeatRole.OTHER, SEAT_SLUGS[SeatRole.OTHER], seat, False))
    return rows


def _breadcrumb(network: Network, label: str) -> list[tuple[str, str | None]]:
    return [
        ("Réseaux", reverse("networks:list")),
        (network.name, network.get_absolute_url()),
        (label, None),
    ]


def _active_seat(network: Network, seat_id: int) -> CommitteeSeat:
    return get_object_or_404(
        network.seats.active().select_related("user", "establishment", "network"), pk=seat_id
    )


def _unknown_seat(request: HttpRequest, network: Network) -> HttpResponse:
    """A mistyped seat in the URL: say so and list the real seats, as a 404."""
    title = "Siège inconnu"
    return render(
        request,
        "networks/seat_unknown.html",
        {
            "network": network,
            "seats": [(role.label, slug) for role, slug in SEAT_SLUGS.items()],
            "title": title,
            "breadcrumb": _breadcrumb(network, title),
        },
        status=404,
    )


@login_required
@require_http_methods(["GET", "POST"])
def seat_create(request: HttpRequest, network_id: int, role_slug: str) -> HttpResponse:
    network = network_for_editor(request, network_id)
    role = ROLE_BY_SLUG.get(role_slug)
    if role is None:
        return _unknown_seat(request, network)
    form = SeatForm(request.POST or None, network=network, role=role)
    enable_people_search(form, network, request)
    if request.method == "POST" and form.is_valid():
        member = form.cleaned_data["user"]
        response = create_once(
            request,
            form,
            services.committee_seat,
            url_of=lambda seat: network.get_absolute_url(),
            success=f"{member.get_full_name()} siège au comité : {role.label}.",
            network=network,
            role=role,
            **form.cleaned_data,
        )
        if response is not None:
            return response
    holder = None
    if role != SeatRole.OTHER:
        holder = network.seats.active().filter(role=role).select_related("user").first()
    title = f"Pourvoir le siège « {role.label} »"
    return render(
        request,
        "networks/seat_form.html",
        {
            "network": network,
            "form": form,
            "role": role,
            "holder": holder,
            "title": title,
            "breadcrumb": _breadcrumb(network, title),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def seat_replace(request: HttpRequest, network_id: int, seat_id: int) -> HttpResponse:
    network = network_for_editor(request, network_id)
    if sent := already_sent(request):
        return sent  # the replaced seat is no longer active
    seat = _active_seat(network, seat_id)
    form = SeatReplaceForm(request.POST or None, seat=seat)
    enable_people_search(form, network, request)
    if request.method == "POST" and form.is_valid():
        member = form.cleaned_data["user"]
        response = create_once(
            request,
            form,
            services.committee_seat_replace,
            url_of=lambda new_seat: network.get_absolute_url(),
            success=f"{member.get_full_name()} remplace {seat.user.get_full_name()} au comité.",
            seat=seat,
            **form.cleaned_data,
        )
        if response is not None:
            return response
    title = f"Remplacer {seat.user.get_full_name()}"
    return render(
        request,
        "networks/seat_replace.html",
        {
            "network": network,
            "seat": seat,
            "form": form,
            "title": title,
            "breadcrumb": _breadcrumb(network, title),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def seat_end(request: HttpRequest, network_id: int, seat_id: int) -> HttpResponse:
    """GET asks for the end date and a confirmation; POST frees the seat."""
    network = network_for_editor(request, network_id)
    seat = _active_seat(network, seat_id)
    form = SeatEndForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(form, services.committee_seat_end, seat=seat, on=form.cleaned_data["on"])
    ):
        messages.success(
            request,
            f"{seat.user.get_full_name()} ne siège plus au comité : {seat.get_role_display()}.",
        )
        return redirect(network)
    title = f"Retirer {seat.user.get_full_name()} du comité"
    return render(
        request,
        "networks/seat_end.html",
        {
            "network": network,
            "seat": seat,
            "form": form,
            "title": title,
            "breadcrumb": _breadcrumb(network, title),
        },
    )
