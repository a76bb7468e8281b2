"""A young person's legal guardians: added (a form token: no double), corrected (the
version the form was opened on: no lost update), removed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from foquale.submissions.views import send_once

from .. import services
from ..forms import GuardianForm, GuardianUpdateForm
from .common import show_errors
from .youths import manageable_youth


@login_required
def guardian_add(request: HttpRequest, youth_id: int) -> HttpResponse:
    youth = manageable_youth(request, youth_id)
    form = GuardianForm(request.POST or None)
    if request.method == "POST" and form.is_valid():

        def add() -> str:
            services.guardian_add(youth=youth, by=request.user, **form.cleaned_data)
            return youth.get_absolute_url()

        try:
            return send_once(request, form, add, "Le représentant légal est ajouté au dossier.")
        except ValidationError as error:
            show_errors(form, error)
    return render(
        request,
        "contracts/form.html",
        {
            "form": form,
            "youth": youth,
            "title": f"Ajouter un représentant légal de {youth}",
            "submit": "Ajouter",
        },
    )


@login_required
def guardian_update(request: HttpRequest, youth_id: int, guardian_id: int) -> HttpResponse:
    youth = manageable_youth(request, youth_id)
    guardian = get_object_or_404(youth.guardians, pk=guardian_id)
    guardian.youth = youth
    form = GuardianUpdateForm(request.POST or None, guardian=guardian)
    if request.method == "POST" and form.is_valid():
        try:
            services.guardian_update(
                guardian=guardian,
                by=request.user,
                opened_version=form.opened_version(),
                **form.cleaned_data,
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, "Les coordonnées du représentant légal sont à jour.")
            return redirect(youth)
    return render(
        request,
        "contracts/form.html",
        {
            "form": form,
            "youth": youth,
            "title": f"Modifier le représentant légal {guardian.first_name} "
            f"{guardian.last_name.upper()}",
            "submit": "Enregistrer",
        },
    )


@login_required
@require_POST
def guardian_remove(request: HttpRequest, youth_id: int, guardian_id: int) -> HttpResponse:
    youth = manageable_youth(request, youth_id)
    guardian = get_object_or_404(youth.guardians, pk=guardian_id)
    try:
        services.guardian_remove(guardian=guardian, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Le représentant légal est retiré du dossier.")
    return redirect(youth)
