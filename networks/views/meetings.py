"""Committee meetings: agenda, attendance, minutes and decisions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from .. import perms, services
from ..enums import CorrectedItem
from ..forms import MeetingForm, initial_from
from ..models import Meeting, Network
from .access import create_once, network_for_editor, network_for_user_or_404, run_service


def _list_url(network: Network) -> str:
    return reverse("networks:meetings", args=[network.pk])


def _breadcrumb(network: Network, *labels: tuple[str, str | None]) -> list:
    return [
        ("Réseaux", reverse("networks:list")),
        (network.name, network.get_absolute_url()),
        *labels,
    ]


@login_required
def meeting_list(request: HttpRequest, network_id: int) -> HttpResponse:
    network = network_for_user_or_404(request, network_id)
    meetings = (
        network.meetings.annotate(attendee_count=Count("attendees"))
        .only("id", "network_id", "held_on", "title", "cancelled_at")
        .order_by("-held_on", "-id")  # the latest first, whatever the GROUP BY does
    )
    return render(
        request,
        "networks/meeting_list.html",
        {
            "network": network,
            "meetings": meetings,
            "can_edit": perms.can_edit_network(request.user, network),
            "title": f"Réunions du comité — {network.name}",
            "breadcrumb": _breadcrumb(network, ("Réunions du comité", None)),
        },
    )


@login_required
def meeting_detail(request: HttpRequest, network_id: int, meeting_id: int) -> HttpResponse:
    network = network_for_user_or_404(request, network_id)
    meeting = get_object_or_404(network.meetings.prefetch_related("attendees"), pk=meeting_id)
    return render(
        request,
        "networks/meeting_detail.html",
        {
            "network": network,
            "meeting": meeting,
            "can_edit": perms.can_edit_network(request.user, network),
            "attachments": meeting.attachments.select_related("uploaded_by", "removed_by"),
            "corrections": network.corrections.filter(
                target=CorrectedItem.MEETING, object_id=meeting.pk
            ).select_related("by"),
            "title": str(meeting),
            "breadcrumb": _breadcrumb(
                network, ("Réunions du comité", _list_url(network)), (str(meeting), None)
            ),
        },
    )


def _render_form(request, network, form, title):
    return render(
        request,
        "networks/meeting_form.html",
        {
            "network": network,
            "form": form,
            "title": title,
            "breadcrumb": _breadcrumb(
                network, ("Réunions du comité", _list_url(network)), (title, None)
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest, network_id: int) -> HttpResponse:
    network = network_for_editor(request, network_id)
    form = MeetingForm(request.POST or None, people=services.network_people(network))
    if request.method == "POST" and form.is_valid():
        response = create_once(
            request,
            form,
            services.meeting_create,
            url_of=meeting_url,
            success="La réunion est enregistrée.",
            network=network,
            **form.cleaned_data,
        )
        if response is not None:
            return response
    return _render_form(request, network, form, "Nouvelle réunion du comité")


@login_required
@require_http_methods(["GET", "POST"])
def meeting_update(request: HttpRequest, network_id: int, meeting_id: int) -> HttpResponse:
    network = network_for_editor(request, network_id)
    meeting = get_object_or_404(network.meetings.select_related("network"), pk=meeting_id)
    # People recorded as present stay selectable even if they left the committee since.
    people = services.network_people(network, also=Q(pk__in=meeting.attendees.values("pk")))
    form = MeetingForm(
        request.POST or None,
        initial=initial_from(meeting, MeetingForm),
        people=people,
        version=meeting.version,
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(
            form,
            services.meeting_update,
            meeting=meeting,
            by=request.user,
            opened_version=form.opened_version(),
            **form.cleaned_data,
        )
    ):
        messages.success(request, "La réunion est modifiée.")
        return redirect(meeting_url(meeting))
    return _render_form(request, network, form, f"Modifier : {meeting}")


def meeting_url(meeting: Meeting) -> str:
    return reverse("networks:meeting_detail", args=[meeting.network_id, meeting.pk])
