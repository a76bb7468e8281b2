"""No lost update on the committee's yearly writings (issue 10): the evaluation of a
solution, the needs analysis and the activity report's synthesis carry the version they
were opened on; a save over a newer one is refused, saying who changed what, before →
after, and nothing is saved. The activity report's sending carries a form token."""

import re
from html import unescape

import pytest
from django.urls import reverse

from foquale.outbox.models import OutboxEmail
from networks.models import Action, ActivityReport, NeedsAnalysis, Objective, SolutionEvaluation
from solutions.services import (
    activity_report_summary_save,
    needs_analysis_record,
    solution_evaluation_record,
)

from .factories import SolutionFactory

pytestmark = pytest.mark.django_db
STALE = "Ce dossier a été modifié par {} à 10:00 le 15/01/2027 : rechargez la page"


def page(response) -> str:
    return unescape(response.content.decode())


def version_of(html: str) -> str:
    return re.search(r'name="version" value="([^"]*)"', html).group(1)


def test_an_evaluation_over_a_newer_one_is_refused(client, network, lead, committee_member):
    solution = SolutionFactory(network=network)
    url = reverse("solutions:evaluation_detail", args=[network.pk, 2025, solution.pk])
    client.force_login(lead)
    opened = version_of(page(client.get(url)))
    assert opened == "0"  # no evaluation yet
    # Meanwhile, a committee member records then corrects it.
    for decision, comment in (("keep", "Bien."), ("adapt", "Ajouter une rentrée en janvier.")):
        solution_evaluation_record(
            solution=solution,
            school_year=2025,
            comment=comment,
            decision=decision,
            by=committee_member,
        )
    response = client.post(url, {"decision": "close", "comment": "Fermer.", "version": opened})
    assert response.status_code == 200
    text = page(response)
    assert STALE.format(committee_member.get_full_name()) in text
    assert (
        "Champs modifiés : avis du comité : « Bien. » → « Ajouter une rentrée en janvier. » ; "
        "décision : « Maintenir la solution » → « Adapter la solution »."
    ) in text
    evaluation = SolutionEvaluation.objects.get()
    assert (evaluation.decision, evaluation.version) == ("adapt", 2)
    # Reloaded, the lead's correction goes through and is counted.
    data = {"decision": "close", "comment": "Fermer.", "version": version_of(page(client.get(url)))}
    assert client.post(url, data).status_code == 302
    evaluation.refresh_from_db()
    assert (evaluation.decision, evaluation.version, evaluation.updated_by) == ("close", 3, lead)


def test_a_needs_analysis_over_a_newer_one_is_refused(client, network, lead, committee_member):
    url = reverse("solutions:needs_year", args=[network.pk, 2026])
    needs_analysis_record(
        network=network, school_year=2026, findings="Peu de places.", actions=[], by=lead
    )
    client.force_login(lead)
    opened = version_of(page(client.get(url)))
    needs_analysis_record(
        network=network,
        school_year=2026,
        findings="Manque de places en restauration.",
        actions=[],
        by=committee_member,
    )
    objective = Objective.objects.create(network=network, school_year=2026, title="Repérer")
    response = client.post(
        url,
        {
            "findings": "Autre chose.",
            "new_action_title": "Ouvrir un groupe",
            "new_action_objective": objective.pk,
            "version": opened,
        },
    )
    text = page(response)
    assert STALE.format(committee_member.get_full_name()) in text
    assert not Action.objects.exists()  # the refused analysis decides nothing
    assert (
        "besoins identifiés : « Peu de places. » → « Manque de places en restauration. »"
    ) in text
    assert NeedsAnalysis.objects.get().findings == "Manque de places en restauration."


def test_a_first_needs_analysis_typed_twice_at_once_is_not_lost(
    client, network, lead, committee_member
):
    url = reverse("solutions:needs_year", args=[network.pk, 2026])
    client.force_login(lead)
    opened = version_of(page(client.get(url)))
    needs_analysis_record(
        network=network, school_year=2026, findings="Le mien.", actions=[], by=committee_member
    )
    response = client.post(url, {"findings": "Le sien.", "version": opened})
    assert STALE.format(committee_member.get_full_name()) in page(response)
    assert NeedsAnalysis.objects.get().findings == "Le mien."


def test_a_summary_over_a_newer_one_is_refused(client, network, lead, committee_member):
    report_url = reverse("reporting:activity_report_year", args=[network.pk, 2025])
    url = reverse("reporting:activity_report_summary", args=[network.pk, 2025])
    client.force_login(lead)
    opened = version_of(page(client.get(report_url)))
    activity_report_summary_save(
        network=network, school_year=2025, summary="Une année de lancement.", by=committee_member
    )
    activity_report_summary_save(
        network=network, school_year=2025, summary="Une belle année.", by=committee_member
    )
    response = client.post(url, {"summary": "Ma synthèse.", "version": opened})
    assert response.status_code == 200
    text = page(response)
    assert "La synthèse n’a pas été enregistrée" in text
    assert STALE.format(committee_member.get_full_name()) in text
    assert "« Une année de lancement. » → « Une belle année. »" in text
    assert ActivityReport.objects.get().summary == "Une belle année."
    fresh = version_of(page(client.get(report_url)))
    assert client.post(url, {"summary": "Ma synthèse.", "version": fresh}).status_code == 302
    assert ActivityReport.objects.get().summary == "Ma synthèse."


def test_a_bad_summary_says_why_and_saves_nothing(client, network, lead):
    client.force_login(lead)
    url = reverse("reporting:activity_report_summary", args=[network.pk, 2025])
    response = client.post(url, {"summary": "x" * 5000, "version": "0"})
    assert response.status_code == 200
    text = page(response)
    assert "La synthèse n’a pas été enregistrée" in text
    assert "4000 caractères" in text
    assert not ActivityReport.objects.exists()


def test_the_same_send_form_sent_twice_sends_once(
    client, network, lead, ien_io, django_capture_on_commit_callbacks
):
    client.force_login(lead)
    report_url = reverse("reporting:activity_report_year", args=[network.pk, 2025])
    html = page(client.get(report_url))
    token = re.search(r'name="submission_token" value="([^"]+)"', html).group(1)
    url = reverse("reporting:activity_report_send", args=[network.pk, 2025])
    data = {"extra_recipients": "psad@ac-test.fr", "submission_token": token}
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url, data)
    assert first.status_code == 302 and first.url == report_url
    second = client.post(url, data, follow=True)
    assert second.redirect_chain[0][0] == report_url
    assert "Ce formulaire avait déjà été envoyé" in page(second)
    assert OutboxEmail.objects.count() == 1
    assert ActivityReport.objects.get().sent_to == sorted([ien_io.email, "psad@ac-test.fr"])
