"""The académie's directory, from a network's pages: search a person by name (a JSON
answer for the field's suggestions, a page with radio buttons without JavaScript), or
invite someone without an account by e-mail. For the network's lead and référents."""

import re

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_GET, require_http_methods
from dsfr.forms import DsfrBaseForm

from foquale.accounts.invitations import account_invite
from foquale.french import du_reseau
from foquale.inputs import BoundedInputMixin

from .. import perms
from ..models import AccountInvitation, Network
from ..people import people_search
from .access import show_service_error

FIELD = re.compile(r"^[a-z_]{1,30}$")


def _network_for_searcher(request: HttpRequest, network_id: int) -> Network:
    """The network, for its lead and its référents (who may not open its other pages); a
    reader of the network gets a 403, anyone else a 404."""
    network = get_object_or_404(Network.objects.select_related("academy"), pk=network_id)
    if perms.can_search_people(request.user, network):
        return network
    if perms.networks_for_user(request.user).filter(pk=network.pk).exists():
        raise PermissionDenied("Seuls le responsable et les référents du réseau cherchent.")
    raise Http404


def _back(request: HttpRequest, network: Network) -> tuple[str, str]:
    """Where the choice goes back to (a page of this site) and the name of its field."""
    back = request.GET.get("suivant") or request.POST.get("suivant") or ""
    field = request.GET.get("champ") or request.POST.get("champ") or "user"
    safe = back.startswith("/") and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return (back if safe else network.get_absolute_url()), (field if FIELD.match(field) else "user")


@login_required
@require_GET
def people_json(request: HttpRequest, network_id: int) -> JsonResponse:
    network = _network_for_searcher(request, network_id)
    found = people_search(network.academy_id, request.GET.get("q", "")[:100])
    response = JsonResponse({"results": [person.as_json() for person in found]})
    response["Cache-Control"] = "private, no-store"
    return response


class InvitationForm(BoundedInputMixin, DsfrBaseForm):
    first_name = forms.CharField(label="Prénom", max_length=150)
    last_name = forms.CharField(label="Nom", max_length=150)
    email = forms.EmailField(
        label="Adresse électronique professionnelle",
        help_text="Elle recevra un lien pour choisir son mot de passe.",
        error_messages={"invalid": "Saisissez une adresse électronique valide."},
    )


@login_required
@require_http_methods(["GET", "POST"])
def people_search_page(request: HttpRequest, network_id: int) -> HttpResponse:
    network = _network_for_searcher(request, network_id)
    back, field = _back(request, network)
    query = request.GET.get("q", "")[:100].strip()
    found = people_search(network.academy_id, query) if query else []
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                user, sent = account_invite(
                    invited_by=request.user,
                    purpose=f"travailler avec les acteurs {du_reseau(network.name)}",
                    **form.cleaned_data,
                )
                AccountInvitation.objects.create(
                    user=user,
                    academy_id=network.academy_id,
                    network=network,
                    invited_by=request.user,
                )
        except ValidationError as error:
            show_service_error(form, error)
        else:
            if sent:
                messages.success(
                    request,
                    f"Invitation envoyée à {user.email} : {user.get_full_name()} choisira son "
                    "mot de passe en suivant le lien reçu.",
                )
            else:
                messages.info(
                    request, f"{user.get_full_name()} a déjà un compte : la voici choisie."
                )
            return redirect(f"{back}?{urlencode({field: user.email})}")
    title = "Chercher une personne"
    return render(
        request,
        "networks/people_search.html",
        {
            "network": network,
            "query": query,
            "found": found,
            "form": form,
            "back": back,
            "field": field,
            "title": title,
            "breadcrumb": [
                ("Réseaux", reverse("networks:list")),
                (network.name, network.get_absolute_url()),
                (title, None),
            ],
        },
    )
