from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from .. import perms
from ..models import Network


def _get_network_for_user(request: HttpRequest, network_id: int) -> Network:
    return get_object_or_404(
        perms.networks_for_user(request.user).select_related("platform", "lead", "academy"),
        pk=network_id,
    )


@login_required
def network_list(request: HttpRequest) -> HttpResponse:
    networks = (
        perms.networks_for_user(request.user)
        .select_related("platform", "lead", "academy")
        .with_seat_roles()
        .order_by("platform__name", "name")
    )
    return render(
        request,
        "networks/network_list.html",
        {"networks": networks, "title": "Réseaux FOQUALE"},
    )


@login_required
def network_detail(request: HttpRequest, network_id: int) -> HttpResponse:
    network = _get_network_for_user(request, network_id)
    seats = network.seats.filter(ended_on__isnull=True).select_related("user", "establishment")
    return render(
        request,
        "networks/network_detail.html",
        {
            "network": network,
            "seats": seats,
            "can_lead": perms.can_lead_network(request.user, network),
            "title": network.name,
        },
    )
