"""« À répartir »: the young people no network took at the import, given one by one or in
bulk; and the sharing history the gestionnaire keeps."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from networks.models import NetworkEstablishment

from .. import perms, services
from ..forms import ShareForm
from ..models import PendingYouth, Sharing

PAGE = 50


@login_required
def pending(request: HttpRequest, platform_id: int) -> HttpResponse:
    platform = perms.get_platform_for_user(request.user, platform_id)
    rows = (
        PendingYouth.objects.filter(platform=platform)
        .select_related("last_establishment")
        .order_by("last_name_key", "first_name_key", "pk")
    )
    page = Paginator(rows, PAGE).get_page(request.GET.get("page"))
    memberships = (
        NetworkEstablishment.objects.filter(network__platform=platform)
        .select_related("network", "establishment")
        .order_by("network__name", "establishment__name")
    )
    form = ShareForm(
        request.POST if request.method == "POST" else None,
        pending_ids=[p.pk for p in page] if request.method == "GET" else _posted_ids(request),
        memberships=memberships,
    )
    if request.method == "POST" and form.is_valid():
        try:
            shared = services.pending_share(
                platform=platform,
                pending_ids=form.cleaned_data["pending"],
                membership=form.cleaned_data["membership"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            network = form.cleaned_data["membership"].network
            messages.success(request, f"{shared} jeune(s) confié(s) au réseau {network.name}.")
            return redirect("intake:pending", platform.pk)
    return render(
        request,
        "intake/pending.html",
        {
            "platform": platform,
            "page": page,
            "form": form,
            "checked": {str(v) for v in form["pending"].value() or []},
            "title": f"Jeunes à répartir — {platform.name}",
        },
    )


def _posted_ids(request: HttpRequest) -> list[int]:
    """The ids of the posted rows that are still waiting (checked by the service's scope:
    only this platform's rows are shared)."""
    ids = []
    for value in request.POST.getlist("pending"):
        if value.isdigit():
            ids.append(int(value))
    return ids


@login_required
def history(request: HttpRequest, platform_id: int) -> HttpResponse:
    platform = perms.get_platform_for_user(request.user, platform_id)
    rows = (
        Sharing.objects.filter(platform=platform)
        .select_related("network")
        .only("name", "shared_on", "network__name")
        .order_by("-shared_on", "-pk")
    )
    page = Paginator(rows, PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "intake/history.html",
        {
            "platform": platform,
            "page": page,
            "title": f"Historique des répartitions — {platform.name}",
        },
    )
