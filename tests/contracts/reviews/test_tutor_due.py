import datetime as dt

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from contracts.reviews.enums import DueState
from contracts.reviews.selectors import tutor_reviews_due

from .factories import ContractFactory

pytestmark = pytest.mark.django_db
URL = reverse("reviews:due")


def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith("/connexion/")


def test_someone_without_tutees_sees_an_empty_page(client, contract, frozen, outsider):
    client.force_login(outsider)
    html = client.get(URL).content.decode()
    assert "vous n’avez pas de contrat FOQUALE en cours comme tuteur" in html
    assert str(contract.youth) not in html


def test_selector_lists_my_running_contracts_most_urgent_first(contract, frozen):
    tutor = contract.tutor
    upcoming = ContractFactory(tutor=tutor, next_review_on=dt.date(2026, 11, 20))
    due = ContractFactory(tutor=tutor, next_review_on=dt.date(2026, 11, 1))
    ContractFactory(tutor=tutor, ended=True)
    ContractFactory(tutor=tutor, awaiting=True)
    ContractFactory(tutor=tutor, next_review_on=None)  # past its last review
    ContractFactory(next_review_on=dt.date(2026, 10, 1))  # someone else's

    rows = tutor_reviews_due(tutor)

    assert [(row.contract_id, row.state) for row in rows] == [
        (contract.pk, DueState.LATE),  # due 29/10, late from 05/11
        (due.pk, DueState.DUE),
        (upcoming.pk, DueState.UPCOMING),
    ]
    assert rows[0].late_on == dt.date(2026, 11, 5)


def test_late_reviews_are_flagged_with_a_button_to_record(client, contract, frozen):
    client.force_login(contract.tutor)
    html = client.get(URL).content.decode()
    assert "En retard" in html
    assert "depuis le 05/11/2026" in html
    assert reverse("reviews:create", args=[contract.pk]) in html
    assert "<caption>" in html


def test_query_count_does_not_grow(client, contract, frozen, django_assert_max_num_queries):
    client.force_login(contract.tutor)
    # +1: the access scope, read (then cached) for the header's « À faire » link.
    with django_assert_max_num_queries(4):
        client.get(URL)
    ContractFactory.create_batch(6, tutor=contract.tutor)
    with django_assert_max_num_queries(4):
        html = client.get(URL).content.decode()
    assert html.count("Enregistrer le bilan<") == 7


def test_panel_is_includable_by_the_tutor_home(contract, frozen):
    html = render_to_string(
        "contracts/reviews/_due_panel.html", {"due_reviews": tutor_reviews_due(contract.tutor)}
    )
    assert "Mes bilans de situation à faire" in html
    assert "En retard" in html
