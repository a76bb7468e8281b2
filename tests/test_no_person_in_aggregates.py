"""Aggregates carry no person (across the apps, hence at the top of the tests): a young person whose name is planted in every free-text
field of their file (bilan, proposals, contract, reviews, exit) is absent from every
aggregate page, PDF, export and from the weekly digest, while the figures count them."""

import datetime as dt
import io
import zipfile

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from contracts import services
from contracts.enums import ExitReason, Outcome, ProposalKind, RefusalReason, SignatoryRole
from contracts.reviews.services import network_digest_send, review_record
from foquale.schoolyear import current_school_year
from referents.services import assessor_add
from reporting.dashboard import TABLE_SLUGS
from tests.contracts.conftest import PathBuilder
from tests.contracts.factories import ReferentFactory, SolutionFactory, TeamMemberFactory
from tests.factories import EstablishmentFactory, UserFactory

pytestmark = pytest.mark.django_db

PLANTED = "Zéphyrine Quasimodo"
TRACES = ("Zéphyrine", "Quasimodo", "QUASIMODO", "Zephyrine")


def days_ago(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)


@pytest.fixture
def builder(network):
    establishment = EstablishmentFactory(academy=network.academy)
    network.establishments.add(establishment)
    assessor = UserFactory()
    assessor_add(network=network, user=assessor, function="psyen", by=network.lead)
    return PathBuilder(
        network=network,
        establishment=establishment,
        referent=ReferentFactory(establishment=establishment).user,
        assessor=assessor,
        tutor=TeamMemberFactory(establishment=establishment).user,
        solution=SolutionFactory(network=network, host=establishment, places=1),
    )


def _file(builder: PathBuilder, *, first_name: str, exit_early: bool) -> None:
    """One young person named PLANTED, walked through the services, with the name written
    in every free text of the file."""
    youth = builder.youth(
        first_name=first_name,
        last_name="Quasimodo",
        contacted_on=days_ago(40),
        address=f"Chez {PLANTED}",
    )
    services.assessment_record(
        youth=youth,
        assessor=builder.assessor,
        held_on=days_ago(38),
        findings=f"{PLANTED} souhaite reprendre.",
        wishes=f"Ce que veut {PLANTED}",
        wished_kind=ProposalKind.CFA,
        by=builder.assessor,
    )
    refused = services.proposal_make(
        youth=youth,
        kind=ProposalKind.PARTNER,
        target=f"Formation choisie par {PLANTED}",
        proposed_on=days_ago(36),
        by=builder.referent,
    )
    services.proposal_decide(
        proposal=refused,
        accepted=False,
        decided_on=days_ago(35),
        refusal_code=RefusalReason.DISTANCE,
        refusal_reason=f"{PLANTED} préfère la petite enfance",
        by=builder.referent,
    )
    proposal = services.proposal_make(
        youth=youth,
        kind=ProposalKind.MICRO_LYCEE,
        solution=builder.solution,
        proposed_on=days_ago(34),
        by=builder.referent,
    )
    services.proposal_decide(
        proposal=proposal, accepted=True, decided_on=days_ago(33), by=builder.referent
    )
    contract = builder.contract(
        proposal,
        starts_on=days_ago(32),
        ends_on=days_ago(32) + dt.timedelta(weeks=30),
        meaning=f"Le parcours de {PLANTED}",
        youth_commitments=f"{PLANTED} s’engage",
        review_every_weeks=1,
    )
    for role in (SignatoryRole.TUTOR, SignatoryRole.YOUTH):
        builder.sign(contract, role, on=days_ago(32))
    contract.refresh_from_db()
    review_record(
        contract=contract,
        author=builder.tutor,
        held_on=days_ago(24),
        youth_present=True,
        attendance=f"{PLANTED} est assidue",
        progress=f"{PLANTED} progresse",
        difficulties=f"{PLANTED} peine",
        decisions=f"{PLANTED} continue",
    )
    if exit_early:
        services.youth_exit(
            youth=youth,
            outcome=Outcome.STOPPED,
            exited_on=days_ago(10),
            reason_code=ExitReason.PERSONAL,
            reason=f"{PLANTED} déménage chez sa tante",
            by=builder.referent,
        )


@pytest.fixture
def planted(builder):
    _file(builder, first_name="Zéphyrine", exit_early=True)
    _file(builder, first_name="Zéphyrine-Anne", exit_early=False)  # late for a review
    waiting = builder.youth(
        first_name="Zéphyrine", last_name="Quasimodo-Bis", contacted_on=days_ago(20)
    )
    services.assessment_record(
        youth=waiting,
        assessor=builder.assessor,
        held_on=days_ago(18),
        findings=f"{PLANTED} attend une place.",
        wishes=f"{PLANTED} rêve de cuisine",
        wished_kind=ProposalKind.CFA,
        by=builder.assessor,
    )
    return builder


def _absent(text: str, where: str) -> None:
    for trace in TRACES:
        assert trace not in text, f"« {trace} » printed in {where}"


def _pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(page.extract_text() for page in reader.pages)


def _xlsx_text(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return " ".join(archive.read(name).decode() for name in archive.namelist())


def test_no_aggregate_names_the_young_person(client, network, planted, lead):
    year = current_school_year()
    solution = planted.solution
    client.force_login(lead)
    pages = {
        "needs": reverse("solutions:needs_year", args=[network.pk, year]),
        "evaluations": reverse("solutions:evaluations_year", args=[network.pk, year]),
        "evaluation detail": reverse(
            "solutions:evaluation_detail", args=[network.pk, year, solution.pk]
        ),
        "activity report": reverse("reporting:activity_report_year", args=[network.pk, year]),
        "dashboard": reverse("reporting:dashboard") + f"?annee={year}",
    }
    for where, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, where
        _absent(response.content.decode(), where)
    # The figures do count them: the pages are not empty.
    dashboard = client.get(pages["dashboard"]).content.decode()
    assert "Raisons personnelles ou familiales" in dashboard  # the coded reason, counted
    needs = client.get(pages["needs"]).content.decode()
    assert "Trop éloignée ou difficile d’accès" in needs
    assert "CFA public" in needs

    pdf = client.get(reverse("reporting:activity_report_pdf", args=[network.pk, year]))
    assert pdf["Content-Type"] == "application/pdf"
    text = _pdf_text(pdf.content)
    _absent(text, "activity report PDF")
    assert "Trop éloignée" in text

    for slug in TABLE_SLUGS:
        for fmt in ("csv", "xlsx"):
            url = reverse("reporting:dashboard_export", kwargs={"slug": slug, "fmt": fmt})
            response = client.get(url + f"?annee={year}")
            assert response.status_code == 200, url
            content = response.content
            text = content.decode("utf-8-sig") if fmt == "csv" else _xlsx_text(content)
            _absent(text, f"export {slug}.{fmt}")


def test_the_weekly_digest_names_nobody(planted, network, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert network_digest_send() == 1
    message = mail.outbox[-1]
    _absent(message.subject, "digest subject")
    _absent(message.body, "digest text")
    _absent(message.alternatives[0][0], "digest HTML")
    assert "BILANS DE SITUATION EN RETARD" in message.body
