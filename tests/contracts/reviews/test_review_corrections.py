"""A bilan de situation corrected or cancelled by its author or the network lead, with the
trace on the contract's reviews page; a cancelled review counts no more."""

import datetime as dt

import pytest
from django.urls import reverse

from contracts.models import Correction
from contracts.models.reviews import SituationReview
from contracts.reviews.services import review_record

from .factories import SituationReviewFactory

pytestmark = pytest.mark.django_db

# Queries of the page once the scope is cached (with the access log's one INSERT and the
# calendar of due rows), whatever the number of corrections.
BUDGET = 7


@pytest.fixture
def review(contract, frozen):
    return SituationReviewFactory(contract=contract, held_on=dt.date(2026, 10, 30))


def correct_url(review):
    return reverse("reviews:correct", args=[review.contract_id, review.pk])


def cancel_url(review):
    return reverse("reviews:cancel", args=[review.contract_id, review.pk])


def test_anonymous_is_sent_to_login(client, review):
    for url in (correct_url(review), cancel_url(review)):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith("/connexion/")


@pytest.mark.parametrize("role", ["outsider", "committee_member", "ien_io"])
def test_people_without_a_role_on_the_case_get_404(client, review, request, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(correct_url(review)).status_code == 404
    assert client.post(cancel_url(review), {"reason": "x"}).status_code == 404


def test_referent_reads_but_may_not_correct(client, review, referent):
    client.force_login(referent)
    assert client.get(reverse("reviews:list", args=[review.contract_id])).status_code == 200
    assert client.get(correct_url(review)).status_code == 403
    assert client.post(cancel_url(review), {"reason": "x"}).status_code == 403
    assert SituationReview.objects.current().filter(pk=review.pk).exists()


@pytest.mark.parametrize("who", ["tutor", "lead"])
def test_author_or_lead_corrects_with_a_trace(client, review, who, request):
    user = request.getfixturevalue(who)
    client.force_login(user)
    assert client.get(correct_url(review)).status_code == 200
    response = client.post(
        correct_url(review),
        {
            "held_on": "2026-10-29",
            "youth_present": "on",
            "attendance": review.attendance,
            "progress": "Progrès réels en mathématiques.",
            "difficulties": "",
            "decisions": "",
            "reason": "Date de l’entretien mal saisie",
        },
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.held_on == dt.date(2026, 10, 29)
    correction = Correction.objects.get()
    assert correction.by == user
    assert correction.before["date du bilan"] == "30/10/2026"
    assert correction.after["date du bilan"] == "29/10/2026"
    page = client.get(reverse("reviews:list", args=[review.contract_id])).content.decode()
    assert "Date de l’entretien mal saisie" in page
    assert "30/10/2026" in page


def test_cancelled_review_frees_its_due_date(client, review, tutor, contract):
    contract.next_review_on = dt.date(2026, 11, 26)
    contract.save(update_fields=["next_review_on"])
    client.force_login(tutor)
    response = client.post(cancel_url(review), {"reason": "Saisi sur le mauvais contrat"})
    assert response.status_code == 302
    contract.refresh_from_db()
    assert contract.next_review_on == dt.date(2026, 10, 29)
    page = client.get(reverse("reviews:list", args=[contract.pk])).content.decode()
    assert "Annulé le 05/11/2026" in page
    assert "Saisi sur le mauvais contrat" in page
    # The due date may be recorded again.
    review_record(
        contract=contract,
        author=tutor,
        held_on=dt.date(2026, 11, 2),
        youth_present=True,
        progress="Reprise du rythme.",
    )
    assert SituationReview.objects.current().get().due_on == dt.date(2026, 10, 29)


def test_cancel_needs_a_reason(client, review, tutor):
    client.force_login(tutor)
    response = client.post(cancel_url(review), {"reason": "  "})
    assert "Indiquez le motif de la correction." in response.content.decode()
    assert SituationReview.objects.current().filter(pk=review.pk).exists()


def test_list_query_count_does_not_grow_with_corrections(
    client, review, tutor, contract, django_assert_max_num_queries
):
    client.force_login(tutor)
    url = reverse("reviews:list", args=[contract.pk])
    client.get(url)
    with django_assert_max_num_queries(BUDGET):
        client.get(url)
    for day in (28, 29, 31):
        client.post(
            correct_url(review),
            {
                "held_on": f"2026-10-{day}",
                "youth_present": "on",
                "attendance": "",
                "progress": "",
                "difficulties": "",
                "decisions": "",
                "reason": f"Jour {day}",
            },
        )
    assert Correction.objects.count() == 3
    with django_assert_max_num_queries(BUDGET):
        client.get(url)
