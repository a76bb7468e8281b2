"""Cancelling a meeting, an objective or an action: the lead only (403 for the other
readers, 404 out of scope), with a reason kept in the network's trace."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods
from dsfr.forms import DsfrBaseForm

from foquale.corrections import REASON_MAX_LENGTH

from .. import corrections
from ..models import Action, Network
from .access import network_for_editor, run_service


class CancelForm(DsfrBaseForm):
    reason = forms.CharField(
        label="Motif de l’annulation",
        max_length=REASON_MAX_LENGTH,
        help_text="Gardé dans l’historique du réseau avec votre nom et la date.",
        error_messages={"required": "Indiquez le motif de l’annulation."},
    )


def _page(request, network: Network, form, title: str, intro: str, back: str) -> HttpResponse:
    return render(
        request,
        "networks/cancel_form.html",
        {
            "network": network,
            "form": form,
            "title": title,
            "intro": intro,
            "back": back,
            "breadcrumb": [
                ("Réseaux", reverse("networks:list")),
                (network.name, network.get_absolute_url()),
                (title, None),
            ],
        },
    )


def _cancelled(request, form, service, success: str, **kwargs) -> bool:
    if request.method != "POST" or not form.is_valid():
        return False
    if run_service(form, service, by=request.user, **kwargs, **form.cleaned_data) is None:
        return False
    messages.success(request, success)
    return True


@login_required
@require_http_methods(["GET", "POST"])
def meeting_cancel(request: HttpRequest, network_id: int, meeting_id: int) -> HttpResponse:
    network = network_for_editor(request, network_id)
    meeting = get_object_or_404(network.meetings, pk=meeting_id, cancelled_at__isnull=True)
    back = reverse("networks:meeting_detail", args=[network.pk, meeting.pk])
    form = CancelForm(request.POST or None)
    if _cancelled(
        request, form, corrections.meeting_cancel, "La réunion est annulée.", meeting=meeting
    ):
        return redirect(back)
    return _page(
        request,
        network,
        form,
        f"Annuler : {meeting}",
        "La réunion reste dans la liste, marquée annulée ; le bilan d’activité ne la compte plus.",
        back,
    )


@login_required
@require_http_methods(["GET", "POST"])
def objective_cancel(request: HttpRequest, network_id: int, objective_id: int) -> HttpResponse:
    network = network_for_editor(request, network_id)
    objective = get_object_or_404(network.objectives, pk=objective_id)
    back = reverse("networks:objectives", args=[network.pk])
    form = CancelForm(request.POST or None)
    if _cancelled(
        request,
        form,
        corrections.objective_cancel,
        "L’objectif est annulé.",
        objective=objective,
    ):
        return redirect(f"{back}?annee={objective.school_year}")
    return _page(
        request,
        network,
        form,
        f"Annuler l’objectif « {objective.title} »",
        "Un objectif saisi par erreur : il reste affiché, marqué annulé, avec ses actions "
        "non réalisées ; le bilan d’activité ne le compte plus.",
        back,
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_cancel(
    request: HttpRequest, network_id: int, objective_id: int, action_id: int
) -> HttpResponse:
    network = network_for_editor(request, network_id)
    action = get_object_or_404(
        Action.objects.select_related("objective"),
        objective__network=network,
        objective_id=objective_id,
        pk=action_id,
    )
    back = reverse("networks:objectives", args=[network.pk])
    form = CancelForm(request.POST or None)
    if _cancelled(request, form, corrections.action_cancel, "L’action est annulée.", action=action):
        return redirect(f"{back}?annee={action.objective.school_year}")
    return _page(
        request,
        network,
        form,
        f"Annuler l’action « {action.title} »",
        "L’action reste affichée, marquée annulée.",
        back,
    )
