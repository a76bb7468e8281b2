"""Shared practices: a network publishes what worked; every network of the académie reads
and searches them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from foquale.ordering import natural_sorted
from foquale.pagination import paginate
from foquale.submissions.views import send_once
from networks.models import Practice
from solutions import perms
from solutions.forms import PracticeForm, PracticeSearchForm, add_service_errors
from solutions.services import practice_save

PAGE_SIZE = 10


@login_required
def practice_list(request: HttpRequest) -> HttpResponse:
    search = PracticeSearchForm(request.GET or None)
    text = search.cleaned_data["q"].strip() if search.is_valid() else ""
    practices = perms.practices_for_user(request.user).select_related("network")
    if text:
        practices = practices.search(text)
    page = paginate(request, practices.order_by("-published_at", "-created_at", "-id"), PAGE_SIZE)
    return render(
        request,
        "solutions/practices/list.html",
        {
            "page_obj": page,
            "q": text,
            "networks_edited": natural_sorted(perms.networks_edited_by(request.user)),
            "title": "Expériences réussies des réseaux",
            "breadcrumb": [("Réseaux", reverse("networks:list")), ("Expériences réussies", None)],
        },
    )


@login_required
def practice_detail(request: HttpRequest, practice_id: int) -> HttpResponse:
    practice = get_object_or_404(
        perms.practices_for_user(request.user).select_related("network"), pk=practice_id
    )
    can_edit = perms.practices_edited_by(request.user).filter(pk=practice.pk).exists()
    return render(
        request,
        "solutions/practices/detail.html",
        {
            "practice": practice,
            "can_edit": can_edit,
            "title": practice.title,
            "breadcrumb": [
                ("Expériences réussies", reverse("solutions:practice_list")),
                (practice.title, None),
            ],
        },
    )


def _form_page(request: HttpRequest, form: PracticeForm, network, practice=None) -> HttpResponse:
    return render(
        request,
        "solutions/practices/form.html",
        {
            "form": form,
            "network": network,
            "practice": practice,
            "title": "Modifier l’expérience" if practice else "Partager une expérience réussie",
            "breadcrumb": [
                ("Expériences réussies", reverse("solutions:practice_list")),
                ("Modifier" if practice else "Partager une expérience", None),
            ],
        },
    )


@login_required
def practice_create(request: HttpRequest, network_id: int) -> HttpResponse:
    network = get_object_or_404(perms.networks_edited_by(request.user), pk=network_id)
    form = PracticeForm(request.POST or None, instance=Practice(network=network))
    if request.method == "POST" and form.is_valid():
        try:
            return send_once(
                request,
                form,
                lambda: practice_save(
                    practice=form.save(commit=False), by=request.user
                ).get_absolute_url(),
                "L’expérience a été enregistrée.",
            )
        except ValidationError as error:
            add_service_errors(form, error)
    return _form_page(request, form, network)


@login_required
def practice_edit(request: HttpRequest, practice_id: int) -> HttpResponse:
    practice = get_object_or_404(
        perms.practices_edited_by(request.user).select_related("network"), pk=practice_id
    )
    form = PracticeForm(request.POST or None, instance=practice, version=practice.version)
    if request.method == "POST" and form.is_valid():
        try:
            practice = practice_save(
                practice=form.save(commit=False),
                by=request.user,
                opened_version=form.opened_version(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "L’expérience a été mise à jour.")
            return redirect(practice)
    return _form_page(request, form, practice.network, practice)
