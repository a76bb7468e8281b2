"""Documents attached to a meeting's minutes: read by whoever reads the meeting (a 404
out of scope), attached and removed by the lead."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from foquale.attachments import AttachmentForm, attachment_remove, attachment_response

from .. import services
from ..models import Meeting, MeetingAttachment, Network
from .access import create_once, network_for_editor, network_for_user_or_404


def _meeting(network: Network, meeting_id: int) -> Meeting:
    return get_object_or_404(network.meetings, pk=meeting_id)


def _attachment(meeting: Meeting, attachment_id: int) -> MeetingAttachment:
    return get_object_or_404(meeting.attachments.present(), pk=attachment_id)


def _meeting_url(meeting: Meeting) -> str:
    return reverse("networks:meeting_detail", args=[meeting.network_id, meeting.pk])


def _breadcrumb(network: Network, meeting: Meeting, label: str) -> list:
    return [
        ("Réseaux", reverse("networks:list")),
        (network.name, network.get_absolute_url()),
        ("Réunions du comité", reverse("networks:meetings", args=[network.pk])),
        (str(meeting), _meeting_url(meeting)),
        (label, None),
    ]


@login_required
@require_http_methods(["GET", "POST"])
def meeting_attachment_add(request: HttpRequest, network_id: int, meeting_id: int):
    network = network_for_editor(request, network_id)
    meeting = _meeting(network, meeting_id)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    form.fields["title"].help_text = "Par exemple : « Feuille d’émargement signée »."
    if request.method == "POST" and form.is_valid():
        response = create_once(
            request,
            form,
            services.meeting_attachment_add,
            url_of=lambda _: _meeting_url(meeting) + "#pieces-jointes",
            success="Le document est joint au compte rendu.",
            meeting=meeting,
            title=form.cleaned_data["title"],
            upload=form.cleaned_data["file"],
            by=request.user,
        )
        if response is not None:
            return response
    title = "Joindre un document au compte rendu"
    return render(
        request,
        "networks/meeting_attachment_form.html",
        {
            "network": network,
            "meeting": meeting,
            "form": form,
            "title": title,
            "breadcrumb": _breadcrumb(network, meeting, title),
        },
    )


@login_required
def meeting_attachment_download(
    request: HttpRequest, network_id: int, meeting_id: int, attachment_id: int
) -> HttpResponse:
    network = network_for_user_or_404(request, network_id)
    attachment = _attachment(_meeting(network, meeting_id), attachment_id)
    return attachment_response(attachment)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_attachment_delete(
    request: HttpRequest, network_id: int, meeting_id: int, attachment_id: int
) -> HttpResponse:
    """GET asks to confirm; POST removes the file and keeps the trace (who, when)."""
    network = network_for_editor(request, network_id)
    meeting = _meeting(network, meeting_id)
    attachment = _attachment(meeting, attachment_id)
    if request.method == "POST":
        try:
            attachment_remove(attachment=attachment, by=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, f"Le document « {attachment.title} » est retiré.")
        return redirect(_meeting_url(meeting) + "#pieces-jointes")
    title = f"Retirer « {attachment.title} »"
    return render(
        request,
        "networks/meeting_attachment_delete.html",
        {
            "network": network,
            "meeting": meeting,
            "attachment": attachment,
            "title": title,
            "breadcrumb": _breadcrumb(network, meeting, title),
        },
    )
