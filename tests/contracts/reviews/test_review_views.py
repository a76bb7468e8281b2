import datetime as dt

import pytest
from django.urls import reverse

from contracts.models.reviews import SituationReview
from contracts.reviews.dues import review_dues_miss

from .conftest import at
from .factories import ContractFactory, ReferentFactory, SituationReviewFactory

pytestmark = pytest.mark.django_db


def list_url(contract):
    return reverse("reviews:list", args=[contract.pk])


def create_url(contract):
    return reverse("reviews:create", args=[contract.pk])


def post_data(**overrides):
    data = {
        "held_on": "2026-11-04",
        "due_on": "2026-10-29",
        "youth_present": "on",
        "attendance": "Assidu.",
        "progress": "Bonne dynamique.",
        "difficulties": "",
        "decisions": "Continuer.",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("url", [list_url, create_url])
def test_anonymous_is_sent_to_login(client, contract, url):
    response = client.get(url(contract))
    assert response.status_code == 302
    assert response.url.startswith("/connexion/")


@pytest.mark.parametrize("role", ["outsider", "committee_member", "ien_io", "steering"])
@pytest.mark.parametrize("url", [list_url, create_url])
def test_people_without_a_role_on_the_case_get_404(client, contract, frozen, request, role, url):
    client.force_login(request.getfixturevalue(role))
    assert client.get(url(contract)).status_code == 404


def test_a_referent_of_another_establishment_gets_404(client, contract, frozen):
    other = ReferentFactory()
    client.force_login(other.user)
    assert client.get(list_url(contract)).status_code == 404


def test_last_years_referent_gets_404(client, contract, frozen):
    old = ReferentFactory(establishment=contract.youth.establishment, school_year=2025)
    client.force_login(old.user)
    assert client.get(list_url(contract)).status_code == 404


@pytest.mark.parametrize("role", ["tutor", "referent", "lead"])
def test_tutor_referent_and_lead_read_the_history(client, contract, frozen, request, role):
    SituationReviewFactory(
        contract=contract, held_on=dt.date(2026, 10, 31), progress="Reprise du rythme scolaire."
    )
    client.force_login(request.getfixturevalue(role))
    response = client.get(list_url(contract))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Reprise du rythme scolaire." in html
    assert "<caption>Bilans de situation enregistrés</caption>" in html
    assert "Oui, 2 jours après (délai de grâce)" in html  # 31/10 for 29/10
    assert ("Enregistrer un bilan de situation" in html) == (role == "tutor")


@pytest.mark.parametrize("role", ["referent", "lead"])
def test_readers_may_not_record(client, contract, frozen, request, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(create_url(contract)).status_code == 403
    assert client.post(create_url(contract), post_data()).status_code == 403
    assert not SituationReview.objects.exists()


def test_history_query_count_does_not_grow(client, contract, frozen, django_assert_max_num_queries):
    client.force_login(contract.tutor)
    SituationReviewFactory(contract=contract)
    # Six reads (the due rows' calendar one of them), and the access log's row (one INSERT).
    with django_assert_max_num_queries(7):
        assert client.get(list_url(contract)).status_code == 200
    for weeks in (8, 12, 16, 20, 24):
        SituationReviewFactory(
            contract=contract, due_on=contract.starts_on + dt.timedelta(weeks=weeks)
        )
    with django_assert_max_num_queries(7):
        response = client.get(list_url(contract))
    html = response.content.decode()
    assert html.count('id="bilan-') == 6
    assert "<caption>Calendrier des échéances de bilans de situation</caption>" in html
    assert html.count("Tenue à la date prévue</p>") == 6
    assert html.count("Prévue</p>") == 3  # 15/04, 13/05 and 10/06/2027 (end on 30/06)


def test_form_is_prefilled_with_today_and_the_due_date(client, contract, frozen):
    client.force_login(contract.tutor)
    html = client.get(create_url(contract)).content.decode()
    assert 'value="2026-11-05"' in html
    assert 'value="2026-10-29"' in html
    assert "ce bilan peut répondre :\n  29/10/2026." in html


def test_the_form_lists_missed_dates_still_open(client, contract):
    with at(dt.date(2026, 12, 1)):
        review_dues_miss(today=dt.date(2026, 12, 1))
        client.force_login(contract.tutor)
        html = client.get(create_url(contract)).content.decode()
    assert "ce bilan peut répondre :\n  29/10/2026 (manquée), 26/11/2026." in html


def test_tutor_records_a_review_in_one_post(client, contract, frozen):
    client.force_login(contract.tutor)
    response = client.post(create_url(contract), post_data(), follow=True)
    assert response.redirect_chain == [(list_url(contract), 302)]
    review = SituationReview.objects.get()
    assert (review.due_on, review.held_on, review.author) == (
        dt.date(2026, 10, 29),
        dt.date(2026, 11, 4),
        contract.tutor,
    )
    html = response.content.decode()
    assert (
        "Bilan de situation du 04/11/2026 enregistré. Prochain bilan prévu le 26/11/2026." in html
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"held_on": "2026-09-30"},
            "Le bilan ne peut pas précéder le début du parcours, le 01/10/2026.",
        ),
        ({"held_on": "2026-11-06"}, "Un bilan de situation ne peut pas être daté dans le futur."),
        ({"held_on": ""}, "Indiquez la date du bilan."),
        ({"held_on": "demain"}, "Date invalide."),
        (
            {"attendance": "", "progress": " ", "decisions": ""},
            "Un bilan de situation dit ce qui s’est passé",
        ),
        ({"progress": "x" * 20_000}, "au plus 4000 caractères"),
        ({"due_on": "9999-12-31"}, "Cette date n’est pas plausible"),
    ],
)
def test_bad_input_shows_a_french_message_and_saves_nothing(
    client, contract, frozen, data, message
):
    client.force_login(contract.tutor)
    response = client.post(create_url(contract), post_data(**data))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not SituationReview.objects.exists()


def test_second_review_for_the_same_due_date_is_refused(client, contract, frozen):
    SituationReviewFactory(contract=contract, due_on=dt.date(2026, 10, 29))
    client.force_login(contract.tutor)
    response = client.post(create_url(contract), post_data())
    assert "Un bilan de situation est déjà enregistré pour l’échéance du 29/10/2026." in (
        response.content.decode()
    )
    assert SituationReview.objects.count() == 1


def test_ended_contract_says_why_and_saves_nothing(client, network, frozen):
    contract = ContractFactory(youth__network=network, ended=True)
    client.force_login(contract.tutor)
    page = client.get(create_url(contract)).content.decode()
    assert "Ce contrat n’est pas en cours (terminé)" in page
    assert "<form" not in page.split("<main")[-1].split("</main>")[0]
    response = client.post(create_url(contract), post_data())
    assert "Ce contrat n’est pas en cours (statut : terminé)" in response.content.decode()
    assert not SituationReview.objects.exists()
