"""The pages of the bilan d'activité: the page itself, its PDF, the committee's synthesis
(versioned: no lost update) and its sending (a form token: a second click does not send
twice)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from dsfr.forms import DsfrBaseForm

from foquale.inputs import BoundedInputMixin
from foquale.schoolyear import current_school_year
from foquale.submissions.forms import SubmissionTokenMixin
from foquale.submissions.views import send_once
from foquale.versioning import VersionedFormMixin
from networks.models import Network
from solutions.forms import add_service_errors
from solutions.services import activity_report_summary_save
from solutions.views.evaluations import check_year, last_ended_year, network_for_reader, year_links

from . import perms
from .activity import (
    activity_report_data,
    activity_report_filename,
    activity_report_html,
    activity_report_send,
    html_to_pdf,
)


class SummaryForm(VersionedFormMixin, BoundedInputMixin, DsfrBaseForm):
    summary = forms.CharField(
        label="Synthèse et perspectives du comité",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class SendForm(SubmissionTokenMixin, BoundedInputMixin, DsfrBaseForm):
    extra_recipients = forms.CharField(
        label="Autres destinataires",
        required=False,
        help_text="Adresses électroniques séparées par des virgules (par exemple celle de la "
        "plateforme). Les IEN-IO de la plateforme reçoivent toujours le bilan.",
    )

    def clean_extra_recipients(self) -> list[str]:
        emails = [
            e.strip() for e in self.cleaned_data["extra_recipients"].replace(";", ",").split(",")
        ]
        emails = [e for e in emails if e]
        invalid = []
        for email in emails:
            try:
                validate_email(email)
            except ValidationError:
                invalid.append(email)
        if invalid:
            raise ValidationError(
                "Adresse électronique invalide : " + ", ".join(f"« {e} »" for e in invalid)
            )
        return emails


def _page(request: HttpRequest, network: Network, year: int, **extra) -> HttpResponse:
    data = activity_report_data(network, year)
    can_edit = perms.can_edit_reports(request.user, network)
    can_send = perms.can_send_activity_report(request.user, network)
    context = {
        "data": data,
        "network": network,
        "year": year,
        "years": year_links("reporting:activity_report_year", network, year, current_school_year()),
        "can_edit": can_edit,
        "can_send": can_send,
        "summary_form": SummaryForm(
            initial={"summary": data.report.summary if data.report else ""},
            version=data.report.version if data.report else 0,
        ),
        "send_form": SendForm(),
        "coordinators": [c.user for c in network.platform.coordinators.select_related("user")]
        if can_send
        else [],
        "title": f"Bilan d’activité {data.year_label} — {network.name}",
        "breadcrumb": [
            ("Réseaux", reverse("networks:list")),
            (network.name, network.get_absolute_url()),
            (f"Bilan d’activité {data.year_label}", None),
        ],
    }
    context.update(extra)
    return render(request, "reporting/evaluations/activity_report.html", context)


@login_required
def activity_report_page(
    request: HttpRequest, network_id: int, year: int | None = None
) -> HttpResponse:
    network = network_for_reader(request, network_id)
    if year is None:
        return redirect("reporting:activity_report_year", network.pk, last_ended_year())
    check_year(year)
    return _page(request, network, year)


@login_required
def activity_report_pdf(request: HttpRequest, network_id: int, year: int) -> HttpResponse:
    network = network_for_reader(request, network_id)
    check_year(year)
    pdf = html_to_pdf(activity_report_html(activity_report_data(network, year)))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{activity_report_filename(network, year)}"'
    )
    return response


@login_required
@require_POST
def activity_report_summary(request: HttpRequest, network_id: int, year: int) -> HttpResponse:
    network = network_for_reader(request, network_id)
    check_year(year)
    if not perms.can_edit_reports(request.user, network):
        raise Http404
    form = SummaryForm(request.POST)
    if form.is_valid():
        try:
            activity_report_summary_save(
                network=network,
                school_year=year,
                summary=form.cleaned_data["summary"],
                by=request.user,
                opened_version=form.opened_version(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "La synthèse du bilan a été enregistrée.")
            return redirect("reporting:activity_report_year", network.pk, year)
    return _page(request, network, year, summary_form=form)


@login_required
@require_POST
def activity_report_send_view(request: HttpRequest, network_id: int, year: int) -> HttpResponse:
    network = network_for_reader(request, network_id)
    check_year(year)
    if not perms.can_send_activity_report(request.user, network):
        raise Http404
    form = SendForm(request.POST)
    page = reverse("reporting:activity_report_year", args=[network.pk, year])
    sent = []

    def send() -> str:
        report = activity_report_send(
            network=network,
            school_year=year,
            by=request.user,
            extra_recipients=form.cleaned_data["extra_recipients"],
        )
        sent.extend(report.sent_to)
        return page

    if form.is_valid():
        try:
            return send_once(
                request,
                form,
                send,
                lambda: (
                    f"Le bilan a été envoyé à {len(sent)} destinataire"
                    f"{'s' if len(sent) > 1 else ''}."
                ),
            )
        except ValidationError as error:
            form.add_error(None, error)
    return _page(request, network, year, send_form=form)
