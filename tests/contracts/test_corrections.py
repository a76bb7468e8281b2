"""Corrections with a trace: bilans and exits corrected or cancelled by their author or the
network lead, through the pages; who, when, why, before and after shown on the file."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from contracts import services
from contracts.enums import ContractStatus, ExitReason, Outcome, Step
from contracts.models import Assessment, Correction

from .conftest import days_ago

pytestmark = pytest.mark.django_db

# Queries of the page once the scope is cached (with the access log's one INSERT),
# whatever the number of corrections.
BUDGET = 12  # with the transfers of the file and the header's « À faire » count


def _correct_url(youth, assessment):
    return reverse("contracts:assessment_correct", args=[youth.pk, assessment.pk])


def _cancel_url(youth, assessment):
    return reverse("contracts:assessment_cancel", args=[youth.pk, assessment.pk])


@pytest.fixture
def assessed(path):
    youth = path.assessed()
    return youth, youth.assessments.get()


def test_anonymous_is_sent_to_login(client, assessed):
    youth, assessment = assessed
    for url in (
        _correct_url(youth, assessment),
        _cancel_url(youth, assessment),
        reverse("contracts:exit_correct", args=[youth.pk]),
        reverse("contracts:exit_cancel", args=[youth.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("accounts:login") in response.url


def test_outsider_gets_404(client, assessed, outsider):
    youth, assessment = assessed
    client.force_login(outsider)
    assert client.get(_correct_url(youth, assessment)).status_code == 404
    assert client.post(_cancel_url(youth, assessment), {"reason": "x"}).status_code == 404
    assert client.get(reverse("contracts:exit_cancel", args=[youth.pk])).status_code == 404


def test_referent_who_is_not_the_author_gets_403(client, assessed, referent):
    youth, assessment = assessed
    client.force_login(referent)
    assert client.get(_correct_url(youth, assessment)).status_code == 403
    response = client.post(_cancel_url(youth, assessment), {"reason": "Erreur"})
    assert response.status_code == 403
    assert Assessment.objects.current().filter(pk=assessment.pk).exists()


@pytest.mark.parametrize("who", ["assessor", "lead"])
def test_author_or_lead_corrects_a_bilan_with_a_trace(client, assessed, who, request):
    youth, assessment = assessed
    user = request.getfixturevalue(who)
    client.force_login(user)
    assert client.get(_correct_url(youth, assessment)).status_code == 200
    response = client.post(
        _correct_url(youth, assessment),
        {
            "held_on": days_ago(79).isoformat(),
            "findings": "Constats corrigés après relecture.",
            "wishes": "CAP commerce",
            "level": "",
            "wished_kind": "cfa",
            "reason": "Date mal saisie",
        },
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.held_on == days_ago(79)
    correction = Correction.objects.get()
    assert correction.by == user
    assert correction.before["date du bilan"] == f"{days_ago(80):%d/%m/%Y}"
    assert correction.after["date du bilan"] == f"{days_ago(79):%d/%m/%Y}"
    assert "souhaits du jeune" not in correction.after  # unchanged fields are not traced
    page = client.get(youth.get_absolute_url()).content.decode()
    assert "Corrections et annulations" in page
    assert "Date mal saisie" in page
    assert user.get_full_name() in page


def test_a_correction_needs_a_reason_and_a_change(client, assessed, assessor):
    youth, assessment = assessed
    client.force_login(assessor)
    data = {
        "held_on": days_ago(80).isoformat(),
        "findings": assessment.findings,
        "wishes": assessment.wishes,
        "level": "",
        "wished_kind": "",
    }
    response = client.post(_correct_url(youth, assessment), data)
    assert "Indiquez le motif de la correction." in response.content.decode()
    response = client.post(_correct_url(youth, assessment), {**data, "reason": "Relu"})
    assert "Aucune modification" in response.content.decode()
    assert not Correction.objects.exists()


def test_cancelled_bilan_stays_struck_out_and_the_youth_goes_back_to_contact(
    client, assessed, assessor
):
    youth, assessment = assessed
    client.force_login(assessor)
    response = client.post(
        _cancel_url(youth, assessment), {"reason": "Saisi sur le mauvais dossier"}
    )
    assert response.status_code == 302
    youth.refresh_from_db()
    assert youth.step == Step.CONTACT
    assert not Assessment.objects.current().filter(youth=youth).exists()
    page = client.get(youth.get_absolute_url()).content.decode()
    assert "Annulé le" in page
    assert "Saisi sur le mauvais dossier" in page
    # A cancelled bilan is corrected no more.
    assert client.get(_correct_url(youth, assessment)).status_code == 404


def test_the_only_bilan_of_a_proposal_is_corrected_not_cancelled(client, path, assessor):
    proposal = path.proposed()
    youth = proposal.youth
    assessment = youth.assessments.get()
    client.force_login(assessor)
    response = client.post(_cancel_url(youth, assessment), {"reason": "Erreur"})
    assert "corrigez-le plutôt" in response.content.decode()
    assert Assessment.objects.current().filter(pk=assessment.pk).exists()


@pytest.fixture
def exited(path, referent):
    contract = path.active()
    youth = contract.youth
    services.youth_exit(
        youth=youth,
        outcome=Outcome.STOPPED,
        reason_code=ExitReason.LOST_CONTACT,
        reason="Ne répond plus.",
        exited_on=days_ago(2),
        by=referent,
    )
    return youth, contract


def test_exit_corrected_by_its_author(client, exited, referent):
    youth, contract = exited
    client.force_login(referent)
    url = reverse("contracts:exit_correct", args=[youth.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "outcome": Outcome.MOVED,
            "exited_on": days_ago(3).isoformat(),
            "exit_reason_code": ExitReason.MOVED,
            "exit_reason": "",
            "reason": "La famille a déménagé",
        },
    )
    assert response.status_code == 302
    youth.refresh_from_db()
    contract.refresh_from_db()
    assert (youth.outcome, youth.exit_reason_code) == (Outcome.MOVED, ExitReason.MOVED)
    assert contract.ended_on == days_ago(3)
    correction = Correction.objects.get()
    assert correction.before["issue du parcours"] == "Abandon du parcours"
    assert correction.after["issue du parcours"] == "Déménagement"


def test_exit_cancelled_by_the_lead_reopens_the_contract(client, exited, lead):
    youth, contract = exited
    client.force_login(lead)
    response = client.post(
        reverse("contracts:exit_cancel", args=[youth.pk]), {"reason": "Sortie saisie par erreur"}
    )
    assert response.status_code == 302
    youth.refresh_from_db()
    contract.refresh_from_db()
    assert youth.step == Step.ACTIVE
    assert (youth.outcome, youth.exited_on) == ("", None)
    assert contract.status == ContractStatus.ACTIVE
    assert contract.ended_on is None
    assert contract.next_review_on == contract.starts_on + dt.timedelta(weeks=4)
    page = client.get(youth.get_absolute_url()).content.decode()
    assert "Sortie saisie par erreur" in page


def test_exit_is_no_more_correctable_after_30_days(client, exited, referent):
    youth, _ = exited
    with time_machine.travel(timezone.now() + dt.timedelta(days=31)):
        client.force_login(referent)
        page = client.get(youth.get_absolute_url()).content.decode()
        assert "Annuler la sortie" not in page
        response = client.post(
            reverse("contracts:exit_cancel", args=[youth.pk]), {"reason": "Trop tard"}
        )
    assert "plus de 30 jours" in response.content.decode()
    youth.refresh_from_db()
    assert youth.step == Step.EXITED


def test_tutor_may_not_correct_an_exit(client, exited, tutor):
    youth, _ = exited
    client.force_login(tutor)
    response = client.post(reverse("contracts:exit_cancel", args=[youth.pk]), {"reason": "x"})
    assert response.status_code in (403, 404)
    youth.refresh_from_db()
    assert youth.step == Step.EXITED


def test_youth_page_query_count_does_not_grow_with_corrections(
    client, exited, lead, django_assert_max_num_queries
):
    youth, _ = exited
    client.force_login(lead)
    url = youth.get_absolute_url()
    client.get(url)
    with django_assert_max_num_queries(BUDGET):
        client.get(url)
    for day in (3, 4, 5):
        services.exit_correct(
            youth=youth,
            by=lead,
            reason=f"Date {day}",
            outcome=Outcome.STOPPED,
            exited_on=days_ago(day),
            exit_reason_code=ExitReason.LOST_CONTACT,
        )
    with django_assert_max_num_queries(BUDGET):
        client.get(url)
