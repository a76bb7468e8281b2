"""Lists and details: filters, search, pagination, and a query count that does not grow
with the number of rows."""

import datetime as dt

import pytest
from django.urls import reverse

from contracts import services
from contracts.enums import ContractStatus, ProposalDecision, SignatoryRole, Step
from contracts.grants import refresh_contract_grants
from contracts.models import Contract, Proposal
from foquale.schoolyear import current_school_year, school_year_bounds

from .conftest import days_ago
from .factories import TeamMemberFactory, YouthFactory

pytestmark = pytest.mark.django_db


def add_cases(path, count: int, *, tutor=None, step=Step.ACTIVE, **fields):
    """Young people under an active contract, written straight to the tables: the lists
    read rows, they do not care how the rows came."""
    tutor = tutor or path.tutor
    youths = []
    for _ in range(count):
        youth = YouthFactory(
            network=path.network, establishment=path.establishment, step=step, **fields
        )
        proposal = Proposal.objects.create(
            youth=youth,
            kind="cfa",
            target="CFA public",
            proposed_on=days_ago(40),
            decision=ProposalDecision.ACCEPTED,
            decided_on=days_ago(35),
        )
        contract = Contract.objects.create(
            youth=youth,
            proposal=proposal,
            tutor=tutor,
            starts_on=days_ago(30),
            ends_on=days_ago(-200),
            meaning="Parcours",
            status=ContractStatus.ACTIVE,
            activated_on=days_ago(30),
            next_review_on=days_ago(-5),
        )
        refresh_contract_grants(contract)
        youths.append(youth)
    return youths


LIST_QUERIES = 9  # with the year selector's earliest contact


@pytest.mark.parametrize("role", ["referent", "lead", "assessor"])
def test_youth_list_query_count_stays_flat(
    client, path, role, request, django_assert_max_num_queries
):
    add_cases(path, 1)
    client.force_login(request.getfixturevalue(role))
    url = reverse("contracts:youth_list")
    with django_assert_max_num_queries(LIST_QUERIES):
        first = client.get(url)
    assert first.content.decode().count("/jeunes/") >= 1
    add_cases(path, 40, tutor=TeamMemberFactory(establishment=path.establishment).user)
    with django_assert_max_num_queries(LIST_QUERIES):
        second = client.get(url + "?step=active&page=2")
    assert second.status_code == 200
    assert "Dossiers (41 au total, page 2 sur 2)" in second.content.decode()
    with django_assert_max_num_queries(LIST_QUERIES):
        third = client.get(url, {"q": "a", "school_year": current_school_year(), "step": "active"})
    assert third.status_code == 200


def test_youth_list_shows_step_tutor_and_next_review(client, path):
    youth = add_cases(path, 1, last_name="Zidane", first_name="Yanis")[0]
    client.force_login(path.referent)
    page = client.get(reverse("contracts:youth_list")).content.decode()
    assert "ZIDANE Yanis" in page
    assert "Parcours en cours" in page
    assert path.tutor.get_full_name() in page
    assert f"{days_ago(-5):%d/%m/%Y}" in page
    assert youth.get_absolute_url() in page


def test_youth_list_filters_and_search(client, path, establishment):
    other_tutor = TeamMemberFactory(establishment=establishment).user
    add_cases(path, 1, last_name="Durand", ine="1111111111A")
    add_cases(path, 1, last_name="Petit", tutor=other_tutor)
    YouthFactory(network=path.network, establishment=establishment, last_name="Moreau")
    first, _ = school_year_bounds(current_school_year() - 2)
    YouthFactory(
        network=path.network,
        establishment=establishment,
        last_name="Ancien",
        birth_date=first - dt.timedelta(days=19 * 365),
        contacted_on=first + dt.timedelta(days=3),
    )
    client.force_login(path.referent)
    url = reverse("contracts:youth_list")

    def names(**query):
        html = client.get(url, query).content.decode()
        return {n for n in ("DURAND", "PETIT", "MOREAU", "ANCIEN") if f">{n} " in html}

    assert names() == {"DURAND", "PETIT", "MOREAU", "ANCIEN"}
    assert names(q="dura") == {"DURAND"}
    assert names(q="1111111111a") == {"DURAND"}
    assert names(step="contact") == {"MOREAU", "ANCIEN"}
    assert names(tutor=other_tutor.pk) == {"PETIT"}
    assert names(establishment=establishment.pk) == {"DURAND", "PETIT", "MOREAU", "ANCIEN"}
    assert names(school_year=current_school_year() - 2) == {"ANCIEN"}


def test_pagination_uses_dsfr_markup(client, path):
    for _ in range(30):
        YouthFactory(network=path.network, establishment=path.establishment)
    client.force_login(path.referent)
    page = client.get(reverse("contracts:youth_list")).content.decode()
    assert 'class="fr-pagination"' in page
    assert "page=2" in page


def test_tutor_home_lists_tutees_with_step_and_next_review(
    client, path, django_assert_max_num_queries
):
    add_cases(path, 1, last_name="Bernard")
    client.force_login(path.tutor)
    url = reverse("contracts:tutor_home")
    # Session, user, the access scope (read again after the grants changed), the contracts.
    with django_assert_max_num_queries(4):
        page = client.get(url).content.decode()
    assert "BERNARD" in page and "Parcours en cours" in page and f"{days_ago(-5):%d/%m/%Y}" in page
    add_cases(path, 25)
    with django_assert_max_num_queries(4):
        page = client.get(url).content.decode()
    assert "Parcours en cours (26)" in page


def test_review_is_late_once_the_grace_period_is_over(client, path, settings):
    settings.REVIEW_GRACE_DAYS = 7
    youth = add_cases(path, 1)[0]
    client.force_login(path.tutor)
    Contract.objects.filter(youth=youth).update(next_review_on=days_ago(3))
    assert "En retard" not in client.get(reverse("contracts:tutor_home")).content.decode()
    Contract.objects.filter(youth=youth).update(next_review_on=days_ago(7))
    home = client.get(reverse("contracts:tutor_home")).content.decode()
    assert "En retard" in home
    assert "Enregistrer le bilan" in home  # recorded from the home page


def test_youth_detail_query_count_stays_flat(client, path, django_assert_max_num_queries):
    contract = path.active()
    client.force_login(path.referent)
    url = reverse("contracts:youth_detail", args=[contract.youth.pk])
    with django_assert_max_num_queries(11):
        client.get(url)
    youth = path.assessed(minor=True, guardians=2, first_name="Autre")
    path.assessed(youth)
    refused = path.proposed(youth)
    services.proposal_decide(
        proposal=refused,
        accepted=False,
        decided_on=days_ago(65),
        refusal_code="distance",
        refusal_reason="Trop loin",
        by=path.referent,
    )
    path.active(path.contract(path.accepted(path.proposed(youth, solution=None))))
    with django_assert_max_num_queries(11):
        response = client.get(reverse("contracts:youth_detail", args=[youth.pk]))
    assert response.status_code == 200


def test_contract_detail_query_count_stays_flat(client, path, django_assert_max_num_queries):
    contract = path.active()
    client.force_login(path.referent)
    url = reverse("contracts:contract_detail", args=[contract.pk])
    with django_assert_max_num_queries(11):
        client.get(url)
    for number in range(3):
        amendment = services.amendment_create(
            contract=contract, changes=f"Changement {number}", by=path.referent
        )
        path.sign(contract, SignatoryRole.TUTOR, amendment=amendment, on=days_ago(1))
        path.sign(contract, SignatoryRole.YOUTH, amendment=amendment, on=days_ago(1))
    services.amendment_create(contract=contract, changes="En attente", by=path.referent)
    with django_assert_max_num_queries(11):
        page = client.get(url).content.decode()
    assert "Télécharger la version 4" in page
    assert "Avenant n° 4 — en attente de signatures" in page
