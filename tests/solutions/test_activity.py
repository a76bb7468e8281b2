import datetime as dt
import io

import pytest
from django.core import mail
from django.urls import reverse
from pypdf import PdfReader

from contracts.enums import ContractStatus, Outcome, Step
from foquale.outbox.models import OutboxEmail
from networks.enums import SeatRole
from networks.models import Action, ActivityReport, Meeting, NeedsAnalysis, Objective
from reporting.activity import network_funnel
from tests.factories import CommitteeSeatFactory, NetworkFactory

from .conftest import EDITORS, NOT_READERS, READERS
from .factories import (
    AssessmentFactory,
    SolutionEvaluationFactory,
    SolutionFactory,
    YouthFactory,
    make_contract,
)

pytestmark = pytest.mark.django_db
D = dt.date


def _pdf_text(content: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(content))
    # Words only: the PDF wraps lines where the page or the table cell ends.
    return reader, " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.fixture
def year_2025(network):
    """School year 2025-2026 of the network, with hand-counted funnel figures."""
    solution = SolutionFactory(network=network, title="Micro-lycée du Rhône")
    SolutionEvaluationFactory(
        solution=solution,
        school_year=2025,
        decision="adapt",
        comment="Ajouter une rentrée en janvier.",
    )
    a = YouthFactory(network=network, contacted_on=D(2025, 10, 1))
    AssessmentFactory(youth=a, held_on=D(2025, 10, 15))
    make_contract(
        solution,
        youth=a,
        starts_on=D(2025, 11, 15),
        status=ContractStatus.ENDED,
        ended_on=D(2026, 6, 30),
        outcome=Outcome.QUALIFICATION,
    )
    b = YouthFactory(
        network=network,
        contacted_on=D(2025, 9, 5),
        step=Step.EXITED,
        exited_on=D(2026, 3, 1),
        outcome=Outcome.STOPPED,
    )
    AssessmentFactory(youth=b, held_on=D(2025, 9, 20))
    AssessmentFactory(youth=b, held_on=D(2025, 12, 20))
    c = YouthFactory(network=network, contacted_on=D(2024, 12, 1))
    AssessmentFactory(youth=c, held_on=D(2025, 9, 10))
    YouthFactory(network=network, contacted_on=D(2026, 9, 10))
    YouthFactory(network=NetworkFactory(academy=network.academy), contacted_on=D(2025, 10, 1))
    objective = Objective.objects.create(
        network=network, school_year=2025, title="Accueillir plus de jeunes de plus de 18 ans"
    )
    action = Action.objects.create(objective=objective, title="Ouvrir une rentrée en janvier")
    Meeting.objects.create(network=network, held_on=D(2025, 11, 20), decisions="Catalogue validé.")
    Meeting.objects.create(network=network, held_on=D(2024, 11, 20))
    analysis = NeedsAnalysis.objects.create(
        network=network, school_year=2025, findings="Manque de places en restauration."
    )
    analysis.actions.add(action)
    return solution


def test_funnel_matches_the_hand_counted_figures(network, year_2025, django_assert_max_num_queries):
    # On PostgreSQL one more query than on SQLite: the number of networks, to pick the plan.
    # +2 since issue 12: the 15-day rule's GROUP BY and its medians.
    with django_assert_max_num_queries(10):
        funnel = network_funnel(network, 2025)
    # The cohort (a and b, first contacted in 2025): both assessed, a signed and completed;
    # b left before any contract.
    assert [count for _, count in funnel.rows()] == [2, 2, 1, 1, 1]
    # Events of the year: a, b and c (contacted in 2024) assessed; a's proposal and contract.
    assert [count for _, count in funnel.event_rows()][:3] == [3, 1, 1]
    # a's contract ended on a qualification; b's exit came before any contract.
    assert [count for _, count in funnel.outcome_rows()] == [1, 0, 1]
    # a's contract: a review every 4 weeks from 15/11/2025 to its end on 30/06/2026, none
    # recorded: 8 due dates, all missed, as the dashboard counts them.
    assert [value for _, value in funnel.review_rows()] == ["8", "0", "0\u202f%", "8"]


def test_pdf_is_a4_with_page_numbers_and_every_section(client, network, year_2025, lead):
    client.force_login(lead)
    response = client.get(reverse("reporting:activity_report_pdf", args=[network.pk, 2025]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert (
        f"bilan-activite-reseau-{network.name.split()[-1]}-2025-2026.pdf"
        in response["Content-Disposition"]
    )
    reader, text = _pdf_text(response.content)
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert (round(float(width)), round(float(height))) == (595, 842)
    pages = len(reader.pages)
    assert f"Page 1 sur {pages}" in text
    assert f"Page {pages} sur {pages}" in text
    for expected in [
        "Bilan d’activité 2025-2026",
        network.name,
        "1. Le comité de réseau",
        "Chef d’établissement représentant les LP",
        "Réunions du comité (1)",
        "Catalogue validé.",
        "2. Objectifs prioritaires et actions",
        "Accueillir plus de jeunes de plus de 18 ans",
        "Ouvrir une rentrée en janvier",
        "3. Parcours des jeunes",
        "4. Évaluation des solutions",
        "Micro-lycée du Rhône",
        "Adapter la solution",
        "Ajouter une rentrée en janvier.",
        "5. Besoins",
        "Manque de places en restauration.",
    ]:
        assert expected in text, expected
    assert (
        "Jeunes contactés dans l’année 2 Bilan réalisé 2 Proposition de retour en formation "
        "reçue 1 Contrat FOQUALE signé 1 Parcours achevé 1" in text
    )
    assert "Jeunes ayant eu un bilan dans l’année 3" in text
    assert "Sorties avant tout contrat 1" in text
    assert "Échéances de bilans de situation de l’année 8" in text


def test_committee_seat_active_during_the_year_is_listed(client, network, lead):
    CommitteeSeatFactory(
        network=network,
        role=SeatRole.CIO_DIRECTOR,
        started_on=D(2024, 9, 1),
        ended_on=D(2025, 12, 31),
    )
    client.force_login(lead)
    page = client.get(reverse("reporting:activity_report_year", args=[network.pk, 2025]))
    text = page.content.decode()
    assert "Directeur de CIO (DCIO)" in text
    assert "jusqu’au 31/12/2025" in text


@pytest.mark.parametrize("role", READERS)
def test_readers_see_the_report_and_download_the_pdf(client, network, role, request):
    client.force_login(request.getfixturevalue(role))
    default = client.get(reverse("reporting:activity_report", args=[network.pk]))
    assert default.url == reverse("reporting:activity_report_year", args=[network.pk, 2025])
    page = client.get(default.url)
    assert page.status_code == 200
    assert ("Enregistrer la synthèse" in page.content.decode()) is (role in EDITORS)
    assert ("Envoyer le bilan" in page.content.decode()) is (role == "lead")
    pdf = client.get(reverse("reporting:activity_report_pdf", args=[network.pk, 2025]))
    assert pdf["Content-Type"] == "application/pdf"


@pytest.mark.parametrize("role", NOT_READERS)
def test_others_get_404(client, network, role, request):
    client.force_login(request.getfixturevalue(role))
    for name in ["activity_report_year", "activity_report_pdf"]:
        assert client.get(reverse(f"reporting:{name}", args=[network.pk, 2025])).status_code == 404
    for name in ["activity_report_summary", "activity_report_send"]:
        assert client.post(reverse(f"reporting:{name}", args=[network.pk, 2025])).status_code == 404


def test_anonymous_is_sent_to_login(client, network):
    response = client.get(reverse("reporting:activity_report_pdf", args=[network.pk, 2025]))
    assert response.status_code == 302
    assert response.url.startswith("/connexion/")


@pytest.mark.parametrize("role", EDITORS)
def test_editors_write_the_summary_shown_in_the_pdf(client, network, role, request):
    client.force_login(request.getfixturevalue(role))
    client.post(
        reverse("reporting:activity_report_summary", args=[network.pk, 2025]),
        {"summary": "Une année de lancement."},
    )
    assert ActivityReport.objects.get().summary == "Une année de lancement."
    _, text = _pdf_text(
        client.get(reverse("reporting:activity_report_pdf", args=[network.pk, 2025])).content
    )
    assert "Une année de lancement." in text


@pytest.mark.parametrize("role", ["committee_member", "ien_io", "steering"])
def test_only_the_lead_sends(client, network, role, request):
    client.force_login(request.getfixturevalue(role))
    response = client.post(reverse("reporting:activity_report_send", args=[network.pk, 2025]))
    assert response.status_code == 404
    assert not OutboxEmail.objects.exists()


def test_lead_sends_the_pdf_to_the_ien_io_and_the_platform(
    client, network, lead, ien_io, year_2025, django_capture_on_commit_callbacks
):
    client.force_login(lead)
    url = reverse("reporting:activity_report_send", args=[network.pk, 2025])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"extra_recipients": "psad@ac-test.fr"})
    assert response.status_code == 302
    report = ActivityReport.objects.get()
    assert report.sent_to == sorted([ien_io.email, "psad@ac-test.fr"])
    assert report.sent_by == lead
    assert len(report.sha256) == 64
    email = OutboxEmail.objects.get()
    assert email.kind == "activity_report"
    assert email.attachment_name.endswith("2025-2026.pdf")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == report.sent_to
    assert message.subject == f"Bilan d’activité 2025-2026 — {network.name}"
    name, content, mimetype = message.attachments[0]
    assert mimetype == "application/pdf"
    _, text = _pdf_text(content)
    assert "Micro-lycée du Rhône" in text

    again = client.post(url, {"extra_recipients": "psad@ac-test.fr"})
    assert "Ce bilan a déjà été envoyé aujourd’hui, tel quel, à ces destinataires." in (
        again.content.decode()
    )
    assert OutboxEmail.objects.count() == 1


def test_sending_without_any_recipient_is_refused(client, network, lead):
    client.force_login(lead)
    response = client.post(reverse("reporting:activity_report_send", args=[network.pk, 2025]))
    assert "Aucun destinataire" in response.content.decode()
    assert not OutboxEmail.objects.exists()
    assert not ActivityReport.objects.exists()


def test_bad_address_is_refused(client, network, lead, ien_io):
    client.force_login(lead)
    response = client.post(
        reverse("reporting:activity_report_send", args=[network.pk, 2025]),
        {"extra_recipients": "psad@ac-test.fr, pas-une-adresse"},
    )
    assert "Adresse électronique invalide : « pas-une-adresse »" in response.content.decode()
    assert not OutboxEmail.objects.exists()


def test_page_query_count_does_not_grow(client, network, lead, django_assert_max_num_queries):
    client.force_login(lead)
    url = reverse("reporting:activity_report_year", args=[network.pk, 2025])

    def add(count):
        for index in range(count):
            solution = SolutionFactory(network=network)
            make_contract(solution, starts_on=D(2025, 10, 1))
            SolutionEvaluationFactory(solution=solution, school_year=2025)
            objective = Objective.objects.create(
                network=network, school_year=2025, title=f"Objectif {index}"
            )
            Action.objects.create(objective=objective, title=f"Action {index}")
            Meeting.objects.create(network=network, held_on=D(2025, 10, 1 + index))
            CommitteeSeatFactory(network=network, role=SeatRole.OTHER, started_on=D(2025, 9, 1))

    add(1)
    # (One query more on PostgreSQL than on SQLite: the figures' plan.)
    with django_assert_max_num_queries(26):  # +2: the 15-day rule, +1: transferred youths
        assert client.get(url).status_code == 200
    add(6)
    with django_assert_max_num_queries(26):
        response = client.get(url)
    assert response.content.decode().count("Maintenir la solution") == 7
