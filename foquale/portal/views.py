"""The home page: sends each role to its own space.

This module reads across apps, so only the URL configuration imports it.
"""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from contracts import perms as contract_perms
from networks import perms as network_perms


@dataclass(frozen=True)
class Space:
    title: str
    description: str
    url: str


def spaces_for(user) -> list[Space]:
    spaces: list[Space] = []
    if network_perms.is_steering(user):
        spaces.append(
            Space(
                "Pilotage académique",
                "Les réseaux de l’académie et leur composition.",
                reverse("networks:list"),
            )
        )
    elif user.coordinated_platforms.exists():
        spaces.append(
            Space(
                "Coordination du territoire (IEN-IO)",
                "Les réseaux de votre territoire, leur responsable et leur comité.",
                reverse("networks:list"),
            )
        )
    for network in (
        network_perms.networks_for_user(user)
        .filter(
            networkuserobjectpermission__user=user,
            networkuserobjectpermission__permission__codename="view_network",
        )
        .distinct()[:20]
    ):
        if network.lead_id == user.pk:
            title = f"Responsable du réseau {network.name}"
        else:
            title = f"Comité du réseau {network.name}"
        spaces.append(
            Space(title, "Comité, objectifs, actions et réunions.", network.get_absolute_url())
        )
    # The path of young people: référent or assessor (the cases), tutor (the tutees). A lead
    # keeps landing on the network, whose page leads to its cases.
    if contract_perms.has_case_space(user) and not user.led_networks.exists():
        spaces.append(
            Space(
                "Jeunes suivis",
                "Les dossiers des jeunes : contact, bilan, proposition, contrat, sortie.",
                reverse("contracts:youth_list"),
            )
        )
    if contract_perms.has_tutor_space(user):
        spaces.append(
            Space(
                "Mes tutorés",
                "Les jeunes dont vous êtes le tuteur et leurs prochains bilans de situation.",
                reverse("contracts:tutor_home"),
            )
        )
    return spaces


@login_required
def home(request: HttpRequest) -> HttpResponse:
    spaces = spaces_for(request.user)
    if len(spaces) == 1 and not request.user.is_staff:
        return redirect(spaces[0].url)
    return render(request, "foquale/home.html", {"spaces": spaces, "title": "Accueil"})
