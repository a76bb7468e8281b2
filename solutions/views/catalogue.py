"""The published catalogue as the field sees it: référents of the network's
establishments and assessors read the solutions they may propose, with free places.

The référent check reads `referents`, so this page sits in the reporting module."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from contracts.selectors import solutions_for_proposal
from foquale.ordering import natural_sorted
from solutions import perms


@login_required
def catalogue_home(request: HttpRequest) -> HttpResponse:
    networks = natural_sorted(
        perms.catalogue_networks_for_user(request.user).select_related("platform")
    )
    if len(networks) == 1:
        return redirect("solutions:catalogue", networks[0].pk)
    return render(
        request,
        "solutions/evaluations/catalogue_home.html",
        {"networks": networks, "title": "Catalogue des solutions"},
    )


@login_required
def catalogue(request: HttpRequest, network_id: int) -> HttpResponse:
    network = get_object_or_404(
        perms.catalogue_networks_for_user(request.user).select_related("platform"), pk=network_id
    )
    solutions = list(solutions_for_proposal(network))
    return render(
        request,
        "solutions/evaluations/catalogue.html",
        {
            "network": network,
            "own": [s for s in solutions if s.is_own],
            "neighbours": [s for s in solutions if not s.is_own],
            "title": f"Solutions proposables — {network.name}",
            "breadcrumb": [
                ("Catalogue des solutions", reverse("solutions:catalogue_home")),
                (network.name, None),
            ],
        },
    )
