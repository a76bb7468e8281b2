"""The home page: sends each role to its own space.

This module reads across apps, so only the URL configuration imports it. Each role has a
provider function, `(user) -> list[Space]`, listed in `SPACE_PROVIDERS`; a provider costs at
most a fixed number of queries whatever the number of rows, so the home stays cheap. To add
a role's space (référent, tutor, assessor…), write a provider and append it to the list.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from audit import perms as audit_perms
from contracts import perms as contract_perms
from foquale.accounts.models import User
from foquale.ordering import natural_sorted
from intake import perms as intake_perms
from networks import perms as network_perms
from networks.models import PlatformCoordinator

# Beyond this, a person's networks are reached through the networks list.
MAX_NETWORK_SPACES = 20


@dataclass(frozen=True)
class Space:
    title: str
    description: str
    url: str


def _academy_spaces(user: User) -> list[Space]:
    """Steering committee members (and administrators): every network of the academy."""
    if user.is_superuser or network_perms.is_steering(user):
        return [
            Space(
                "Pilotage académique",
                "Les réseaux de l’académie, leur responsable et la composition de leur comité.",
                reverse("networks:list"),
            ),
            Space(
                "Tableau de bord académique",
                "Indicateurs par année scolaire, plateforme et réseau : jeunes contactés, "
                "contrats, bilans à l’heure, sorties. Chiffres agrégés, exportables.",
                reverse("reporting:dashboard"),
            ),
        ]
    return []


def _territory_spaces(user: User) -> list[Space]:
    """IEN-IO: the networks of the platforms they coordinate."""
    if PlatformCoordinator.objects.filter(user=user).exists():
        return [
            Space(
                "Coordination du territoire (IEN-IO)",
                "Les réseaux de votre territoire, leur responsable et leur comité.",
                reverse("networks:list"),
            ),
            Space(
                "Tableau de bord du territoire",
                "Indicateurs des réseaux de votre territoire, par année scolaire. Chiffres "
                "agrégés, exportables.",
                reverse("reporting:dashboard"),
            ),
        ]
    return []


def _network_spaces(user: User) -> list[Space]:
    """Network leads and committee members: one space per network they work on."""
    if user.is_superuser:
        return []  # the academy's spaces lead to every network
    networks = natural_sorted(
        network_perms.networks_edited_by(user)
        .only("id", "name", "lead_id")
        .order_by("name")[:MAX_NETWORK_SPACES]
    )
    spaces = []
    for network in networks:
        if network.lead_id == user.pk:
            title = f"Responsable de réseau : {network.name}"
            description = "Comité, objectifs prioritaires, actions et réunions du réseau."
        else:
            title = f"Membre du comité : {network.name}"
            description = "Le comité, les objectifs, les actions et les comptes rendus de réunion."
        spaces.append(Space(title, description, network.get_absolute_url()))
    return spaces


def _path_spaces(user: User) -> list[Space]:
    """Référents and assessors (the cases), tutors (their tutees). A lead keeps landing on
    the network, whose navigation leads to its cases."""
    spaces = []
    if not network_perms.led_network_ids(user) and contract_perms.has_case_space(user):
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


def _list_spaces(user: User) -> list[Space]:
    """Gestionnaires des listes of a platform (PSAD): import and share out."""
    if not user.is_superuser and intake_perms.manages_lists(user):
        return [
            Space(
                "Listes de la plateforme",
                "Déposer les listes mensuelles (SIEI / RIO), les répartir entre les réseaux, "
                "suivre l’historique des répartitions.",
                reverse("intake:home"),
            )
        ]
    return []


def _dpo_spaces(user: User) -> list[Space]:
    """The académie's data protection officer (and administrators): the access log."""
    if audit_perms.can_read_academy_log(user):
        return [
            Space(
                "Protection des données (DPO)",
                "Qui a lu quel dossier, quand et à quel titre ; les données d’un jeune pour "
                "répondre à une demande de droit d’accès.",
                reverse("contracts:read_log"),
            )
        ]
    return []


SPACE_PROVIDERS: list[Callable[[User], list[Space]]] = [
    _academy_spaces,
    _dpo_spaces,
    _list_spaces,
    _territory_spaces,
    _network_spaces,
    _path_spaces,
]


def spaces_for(user: User) -> list[Space]:
    spaces: list[Space] = []
    for provider in SPACE_PROVIDERS:
        spaces.extend(provider(user))
    return spaces


@login_required
def home(request: HttpRequest) -> HttpResponse:
    spaces = spaces_for(request.user)
    if len(spaces) == 1 and not request.user.is_staff:
        return redirect(spaces[0].url)
    return render(request, "foquale/home.html", {"spaces": spaces, "title": "Accueil"})
