"""The bilan d'activité of a network for a school year: committee composition and
meetings, objectives and actions, the funnel of youths, the evaluation of each solution
and the needs. Computed on demand; shown as a page and as a PDF (WeasyPrint) that the
lead downloads or sends to the platform's IEN-IO through the outbox."""

import datetime as dt
import hashlib
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from foquale.accounts.models import User
from foquale.outbox.models import OutboxEmail
from foquale.outbox.services import email_queue
from foquale.schoolyear import school_year_bounds, school_year_label
from networks.enums import REQUIRED_SEATS, ActionStatus, ObjectiveStatus
from networks.models import (
    Action,
    ActivityReport,
    CommitteeSeat,
    Meeting,
    NeedsAnalysis,
    Network,
    Objective,
)
from solutions.views.evaluations import (
    EvaluationRow,
    network_evaluations,
)
from solutions.views.needs import NeedsFigures, refusal_figures

from .dashboard.indicators import LABELS, Figures, compute_indicators
from .dashboard.tables import display

logger = logging.getLogger(__name__)


@dataclass
class Funnel:
    """The network's figures of the year, as the dashboard defines them (one definition,
    `reporting.dashboard.indicators`): the cohort, the events, the contracts' outcomes."""

    figures: Figures
    reference_day: dt.date

    def rows(self) -> list[tuple[str, int]]:
        """The cohort of the year, each stage no more than the one before."""
        f = self.figures
        return [
            (LABELS["contacted"], f.contacted),
            (LABELS["cohort_assessed"], f.cohort_assessed),
            (LABELS["cohort_proposed"], f.cohort_proposed),
            (LABELS["cohort_signed"], f.cohort_signed),
            (LABELS["cohort_completed"], f.cohort_completed),
        ]

    def event_rows(self) -> list[tuple[str, int]]:
        f = self.figures
        return [
            (LABELS["assessed"], f.assessed),
            (LABELS["proposed"], f.proposed),
            (LABELS["signed"], f.signed),
            (f"{LABELS['in_path']} au {self.reference_day:%d/%m/%Y}", f.in_path),
        ]

    def outcome_rows(self) -> list[tuple[str, int]]:
        f = self.figures
        return [
            (f"{LABELS['contracts_ended']} : {LABELS['completed'].lower()}", f.completed),
            (f"{LABELS['contracts_ended']} : {LABELS['ended_early'].lower()}", f.ended_early),
            (LABELS["exited_before_contract"], f.exited_before_contract),
        ]

    def review_rows(self) -> list[tuple[str, str]]:
        """The situation reviews' due dates of the year, as the dashboard counts them."""
        f = self.figures
        overdue = f"{LABELS['reviews_overdue']} au {self.reference_day:%d/%m/%Y}"
        return [
            (LABELS["reviews_due"], display(f.reviews_due, "int")),
            (LABELS["reviews_on_time"], display(f.reviews_on_time, "int")),
            (LABELS["on_time_share"], display(f.on_time_share, "percent")),
            (overdue, display(f.reviews_overdue, "int")),
        ]


def network_funnel(network: Network, year: int) -> Funnel:
    """The network's figures of the school year (the dashboard's queries, one network)."""
    indicators = compute_indicators(
        platform_of={network.pk: network.platform_id}, year=year, today=timezone.localdate()
    )
    return Funnel(indicators.by_network[network.pk], indicators.reference_day)


@dataclass
class ActivityReportData:
    network: Network
    year: int
    year_label: str
    generated_on: object
    seats: list
    missing_seats: list[str]
    meetings: list
    objectives: list
    funnel: Funnel
    evaluations: list[EvaluationRow]
    needs_analysis: NeedsAnalysis | None
    needs: NeedsFigures
    report: ActivityReport | None


def activity_report_data(network: Network, year: int) -> ActivityReportData:
    """Everything the bilan shows, in a fixed number of queries."""
    start, end = school_year_bounds(year)
    seats = list(
        CommitteeSeat.objects.filter(network=network, started_on__lte=end)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))
        .select_related("user", "establishment")
        .order_by("role", "started_on")
    )
    # The composition is judged as it stood on the last day of the year.
    held = {seat.role for seat in seats if seat.ended_on is None or seat.ended_on >= end}
    missing = [role.label for role in REQUIRED_SEATS if role not in held]
    meetings = list(
        Meeting.objects.filter(
            network=network, held_on__range=(start, end), cancelled_at__isnull=True
        )
        .annotate(attendee_count=Count("attendees"))
        .order_by("held_on")
    )
    objectives = list(
        Objective.objects.filter(network=network, school_year=year)
        .exclude(status=ObjectiveStatus.CANCELLED)
        .prefetch_related(
            Prefetch(
                "actions",
                queryset=Action.objects.exclude(status=ActionStatus.CANCELLED).order_by(
                    "due_on", "id"
                ),
            )
        )
        .order_by("id")
    )
    needs_analysis = (
        NeedsAnalysis.objects.filter(network=network, school_year=year)
        .prefetch_related("actions")
        .first()
    )
    needs = NeedsFigures()
    refusal_figures(network, year, needs)
    return ActivityReportData(
        network=network,
        year=year,
        year_label=school_year_label(year),
        generated_on=timezone.localdate(),
        seats=seats,
        missing_seats=missing,
        meetings=meetings,
        objectives=objectives,
        funnel=network_funnel(network, year),
        evaluations=network_evaluations(network, year),
        needs_analysis=needs_analysis,
        needs=needs,
        report=ActivityReport.objects.filter(network=network, school_year=year).first(),
    )


def activity_report_html(data: ActivityReportData) -> str:
    return render_to_string("reporting/pdf/activity_report.html", {"data": data})


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def activity_report_filename(network: Network, year: int) -> str:
    return f"bilan-activite-{slugify(network.name)}-{school_year_label(year)}.pdf"


def report_recipients(network: Network, extra: list[str]) -> list[str]:
    """The IEN-IO of the network's platform, and the addresses the lead adds."""
    coordinators = network.platform.coordinators.select_related("user")
    emails = {c.user.email.lower() for c in coordinators if c.user.email}
    emails |= {e.lower() for e in extra}
    return sorted(emails)


@transaction.atomic
def activity_report_send(
    *, network: Network, school_year: int, by: User, extra_recipients: list[str]
) -> ActivityReport:
    """Render the bilan as PDF, keep it with its fingerprint, and queue one e-mail with the
    PDF attached. Sending the same bilan to the same people twice is refused."""
    recipients = report_recipients(network, extra_recipients)
    if not recipients:
        raise ValidationError(
            "Aucun destinataire : la plateforme n’a pas d’IEN-IO enregistré. Ajoutez au "
            "moins une adresse électronique."
        )
    data = activity_report_data(network, school_year)
    html = activity_report_html(data)
    fingerprint = hashlib.sha256((html + "|" + ",".join(recipients)).encode()).hexdigest()
    dedupe_key = f"activity-report:{network.pk}:{school_year}:{fingerprint[:32]}"
    if OutboxEmail.objects.filter(dedupe_key=dedupe_key).exists():
        raise ValidationError(
            "Ce bilan a déjà été envoyé aujourd’hui, tel quel, à ces destinataires."
        )
    pdf = html_to_pdf(html)
    filename = activity_report_filename(network, school_year)
    report, _ = ActivityReport.objects.select_for_update().get_or_create(
        network=network, school_year=school_year
    )
    if report.pdf:
        report.pdf.delete(save=False)
    report.pdf.save(filename, ContentFile(pdf), save=False)
    report.sha256 = hashlib.sha256(pdf).hexdigest()
    report.sent_at = timezone.now()
    report.sent_to = recipients
    report.sent_by = by
    report.save()
    email_queue(
        kind="activity_report",
        to=recipients,
        template="reporting/emails/activity_report",
        context={
            "network": network,
            "year_label": school_year_label(school_year),
            "sender": by,
            "sha256": report.sha256,
        },
        dedupe_key=dedupe_key,
        attachment=pdf,
        attachment_name=filename,
    )
    logger.info(
        "activity report %s sent by user %s to %s recipients", report.pk, by.pk, len(recipients)
    )
    return report
