"""The « À faire » page: who reaches it, what each role sees, a query count that does not
grow with the rows, and the header's count."""

import datetime as dt

import pytest
from django.urls import reverse

from contracts.enums import ContractStatus, ProposalDecision, SignatoryRole, Step
from contracts.grants import refresh_contract_grants
from contracts.models import Contract, Proposal, Youth
from contracts.todo import SECTIONS, todo_count, todo_sections
from tests.factories import EstablishmentFactory, UserFactory

from .conftest import days_ago
from .factories import ReferentFactory, YouthFactory

pytestmark = pytest.mark.django_db

URL = "/a-faire/"
PAGE_QUERIES = 14


@pytest.fixture
def work(path):
    """One case waiting in each section."""
    bilan = path.youth(last_name="Bilanattendu")
    proposal = path.proposed(last_name="Reponseattendue")
    awaiting = path.contract(last_name="Signatureattendue", minor=True)
    path.sign(awaiting, SignatoryRole.TUTOR)
    late = path.active(last_name="Retardbilan")
    Contract.objects.filter(pk=late.pk).update(next_review_on=days_ago(40))
    expired = path.active(last_name="Contratechu")
    Contract.objects.filter(pk=expired.pk).update(
        ends_on=days_ago(2), next_review_on=dt.date.today() + dt.timedelta(days=3)
    )
    return {
        "bilan": bilan,
        "proposal": proposal,
        "awaiting": awaiting,
        "late": late,
        "expired": expired,
    }


def _page(client, user) -> str:
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def _section(page: str, key: str) -> str:
    start = page.index(f'id="todo-{key}"')
    end = page.find("<section", start + 1)
    return page[start : end if end != -1 else len(page)]


def test_anonymous_goes_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("role", ["outsider", "committee_member", "ien_io", "tutor"])
def test_who_follows_no_case_gets_404(client, work, role, request):
    client.force_login(request.getfixturevalue(role))
    assert client.get(URL).status_code == 404


def test_section_list_is_the_page(client, work, path):
    page = _page(client, path.network.lead)
    for spec in SECTIONS:
        assert f'id="todo-{spec.key}"' in page
        assert spec.title in page


@pytest.mark.parametrize("role", ["lead", "referent"])
def test_lead_and_referent_see_every_section(client, work, path, role, request):
    page = _page(client, request.getfixturevalue(role))
    assert "BILANATTENDU" in _section(page, "bilans")
    assert reverse("contracts:assessment_create", args=[work["bilan"].pk]) in page
    proposals = _section(page, "proposals")
    assert "REPONSEATTENDUE" in proposals
    assert (
        reverse("contracts:proposal_decide", args=[work["proposal"].youth_id, work["proposal"].pk])
        in proposals
    )
    signatures = _section(page, "signatures")
    assert "SIGNATUREATTENDUE" in signatures
    # The tutor signed: the young person and the guardian are still missing.
    assert "Jeune, Mère (représentant légal)" in signatures
    assert reverse("contracts:signature_create", args=[work["awaiting"].pk]) in signatures
    late = _section(page, "late_reviews")
    assert "RETARDBILAN" in late and "CONTRATECHU" not in late
    assert reverse("contracts:contract_detail", args=[work["late"].pk]) in late
    expired = _section(page, "expired")
    assert "CONTRATECHU" in expired
    assert reverse("contracts:youth_exit", args=[work["expired"].youth_id]) in expired


def test_assessor_sees_the_bilans_not_what_the_referent_runs(client, work, path):
    page = _page(client, path.assessor)
    assert "BILANATTENDU" in _section(page, "bilans")
    for name in ("REPONSEATTENDUE", "SIGNATUREATTENDUE", "RETARDBILAN", "CONTRATECHU"):
        assert name not in page


def test_referent_of_another_establishment_sees_nothing_of_these_cases(client, work, path):
    elsewhere = EstablishmentFactory(academy=path.network.academy)
    path.network.establishments.add(elsewhere)
    other = ReferentFactory(establishment=elsewhere, network=path.network).user
    page = _page(client, other)
    for name in ("BILANATTENDU", "REPONSEATTENDUE", "SIGNATUREATTENDUE", "RETARDBILAN"):
        assert name not in page


def test_done_work_leaves_the_page(client, work, path):
    Proposal.objects.filter(pk=work["proposal"].pk).update(
        decision=ProposalDecision.ACCEPTED, decided_on=days_ago(1)
    )
    Contract.objects.filter(pk=work["late"].pk).update(next_review_on=days_ago(-10))
    page = _page(client, path.network.lead)
    assert "REPONSEATTENDUE" not in page
    assert "RETARDBILAN" not in page


def _pile_up(path, count: int) -> None:
    """`count` more lines in every section, written straight to the tables."""
    for _ in range(count):
        YouthFactory(network=path.network, establishment=path.establishment)
        youth = YouthFactory(
            network=path.network, establishment=path.establishment, step=Step.PROPOSAL
        )
        Proposal.objects.create(youth=youth, kind="cfa", target="CFA", proposed_on=days_ago(5))
        for status, review, ends in (
            (ContractStatus.AWAITING_SIGNATURES, None, days_ago(-100)),
            (ContractStatus.ACTIVE, days_ago(30), days_ago(-100)),
            (ContractStatus.ACTIVE, days_ago(-3), days_ago(1)),
        ):
            youth = YouthFactory(
                network=path.network, establishment=path.establishment, step=Step.ACTIVE
            )
            proposal = Proposal.objects.create(
                youth=youth,
                kind="cfa",
                target="CFA",
                proposed_on=days_ago(60),
                decision=ProposalDecision.ACCEPTED,
                decided_on=days_ago(55),
            )
            contract = Contract.objects.create(
                youth=youth,
                proposal=proposal,
                tutor=path.tutor,
                starts_on=days_ago(50),
                ends_on=ends,
                meaning="Parcours",
                status=status,
                activated_on=days_ago(45) if status == ContractStatus.ACTIVE else None,
                next_review_on=review,
            )
            refresh_contract_grants(contract)


@pytest.mark.parametrize("role", ["lead", "referent", "assessor"])
def test_query_count_does_not_grow_with_rows(
    client, work, path, role, request, django_assert_max_num_queries
):
    user = request.getfixturevalue(role)
    client.force_login(user)
    with django_assert_max_num_queries(PAGE_QUERIES):
        assert client.get(URL).status_code == 200
    _pile_up(path, 12)
    with django_assert_max_num_queries(PAGE_QUERIES):
        page = client.get(URL).content.decode()
    assert page.count("Enregistrer le bilan") == 13
    assert page.count("Enregistrer la réponse") == (13 if role != "assessor" else 0)


def test_long_sections_are_capped_and_say_so(client, path, monkeypatch):
    monkeypatch.setattr("contracts.todo.SECTION_LIMIT", 3)
    for _ in range(5):
        YouthFactory(network=path.network, establishment=path.establishment)
    page = _page(client, path.network.lead)
    bilans = _section(page, "bilans")
    assert bilans.count("Enregistrer le bilan") == 3
    assert "Seules les premières lignes sont affichées" in bilans


def test_header_shows_the_link_and_count(client, work, path):
    client.force_login(path.network.lead)
    page = client.get(reverse("contracts:youth_list")).content.decode()
    count = todo_count(path.network.lead)
    lines = sum(len(section.lines) for section in todo_sections(path.network.lead))
    assert count == lines == 5
    assert 'id="nav-todo"' in page
    assert f'>{count}<span class="fr-sr-only"> éléments</span>' in page


def test_header_count_is_one_query_once_the_scope_is_read(
    client, work, path, django_assert_num_queries
):
    lead = path.network.lead
    client.force_login(lead)
    client.get(reverse("contracts:youth_list"))  # the scope is cached from here
    with django_assert_num_queries(2):  # the scope (read afresh outside a request), the count
        assert todo_count(lead) == 5


def test_header_has_no_link_for_a_tutor(client, work, path):
    client.force_login(path.tutor)
    page = client.get(reverse("contracts:tutor_home")).content.decode()
    assert 'id="nav-todo"' not in page


def test_header_has_no_link_for_anonymous(client):
    page = client.get(reverse("accounts:login")).content.decode()
    assert 'id="nav-todo"' not in page


def test_administrator_sees_every_case(client, work):
    admin = UserFactory(is_superuser=True, is_staff=True)
    page = _page(client, admin)
    assert "BILANATTENDU" in page and "RETARDBILAN" in page


def test_a_pending_proposal_of_a_youth_who_left_is_not_listed(client, work, path):
    Youth.objects.filter(pk=work["proposal"].youth_id).update(
        step=Step.EXITED, exited_on=days_ago(1), outcome="job"
    )
    assert "REPONSEATTENDUE" not in _page(client, path.network.lead)


def test_the_page_gives_the_uncapped_total_of_the_header(
    client, path, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr("contracts.todo.SECTION_LIMIT", 3)
    for _ in range(5):
        YouthFactory(network=path.network, establishment=path.establishment)
    client.force_login(path.network.lead)
    client.get(URL)
    with django_assert_max_num_queries(PAGE_QUERIES):
        page = client.get(URL).content.decode()
    assert "dossiers que vous suivez : 5 éléments." in page
