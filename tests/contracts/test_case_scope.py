"""What each role sees of the cases, from the one access model (`contracts.perms`): the
youths, the contracts, the case list's filters and its latest contracts, for every role."""

import pytest
from django.urls import reverse

from contracts import perms, services
from contracts.grants import refresh_contract_grants
from contracts.reviews import perms as review_perms
from foquale.schoolyear import current_school_year
from referents.services import referent_add
from tests.factories import EstablishmentFactory, NetworkFactory, UserFactory

from .factories import TeamMemberFactory, YouthFactory
from .test_lists import add_cases

pytestmark = pytest.mark.django_db


@pytest.fixture
def elsewhere(path):
    """Cases of another network, one of them tutored by the path's tutor."""
    other = NetworkFactory(academy=path.network.academy, lead=UserFactory())
    establishment = EstablishmentFactory(academy=other.academy)
    other.establishments.add(establishment)
    untutored = YouthFactory(network=other, establishment=establishment, last_name="Ailleurs")
    home = path.network, path.establishment
    path.network, path.establishment = other, establishment  # add_cases writes there
    stranger = TeamMemberFactory(establishment=establishment).user
    strangers = add_cases(path, 2, tutor=stranger, last_name="Inconnu")
    (tutored,) = add_cases(path, 1, last_name="Tutore")
    path.network, path.establishment = home
    return {
        "network": other,
        "stranger": stranger,
        "tutored": tutored,
        "youths": {untutored, *strangers, tutored},
    }


def _expected_youths(role, home, elsewhere):
    return {
        "referent": home,
        "lead": home,
        "assessor": home,
        "tutor": home | {elsewhere["tutored"]},
        "committee_member": set(),
        "outsider": set(),
    }[role]


@pytest.mark.parametrize(
    "role", ["referent", "lead", "assessor", "tutor", "committee_member", "outsider"]
)
def test_each_role_sees_the_cases_its_grants_give(path, elsewhere, role, request):
    home = set(add_cases(path, 3))
    user = request.getfixturevalue(role)
    expected = _expected_youths(role, home, elsewhere)
    scope = perms.case_scope(user)
    assert set(scope.youths()) == expected
    assert set(perms.youths_for_user(user)) == expected
    contracts = {c.youth for c in perms.contracts_for_user(user)}
    assert contracts == {y for y in expected if y.contracts.exists()}
    assert set(scope.contracts_to_prefetch()) == set(perms.contracts_for_user(user))
    assert scope.has_case_space == (role in {"referent", "lead", "assessor"})
    assert scope.has_tutor_space == (role == "tutor")
    assert scope.can_create_youth == (role in {"referent", "lead"})


def test_superuser_sees_everything(path, elsewhere):
    home = set(add_cases(path, 2))
    admin = UserFactory(is_superuser=True)
    scope = perms.case_scope(admin)
    assert scope.everything and scope.can_create_youth
    assert set(scope.youths()) >= home | elsewhere["youths"]


def test_tutor_sees_only_the_tutored_contract_of_a_foreign_case(path, elsewhere):
    scope = perms.case_scope(path.tutor)
    assert elsewhere["tutored"] in set(scope.youths())
    assert not scope.has_case_space and scope.has_tutor_space
    assert {c.youth for c in scope.contracts()} == {elsewhere["tutored"]}


def test_a_referent_follows_one_network_at_a_shared_establishment(path):
    """An establishment in two networks: the référent named by network A does not see the
    cases of network B at the same establishment (the lead of B never named them)."""
    other = NetworkFactory(academy=path.network.academy, lead=UserFactory())
    other.establishments.add(path.establishment)
    (mine,) = add_cases(path, 1, last_name="Mien")
    path.network = other
    (theirs,) = add_cases(path, 1, last_name="Autre")
    referent = UserFactory()
    referent_add(
        network=path.establishment.networks.exclude(pk=other.pk).get(),
        establishment=path.establishment,
        user=referent,
        school_year=current_school_year(),
        by=UserFactory(is_superuser=True),
    )
    assert set(perms.youths_for_user(referent)) == {mine}
    assert not perms.can_manage_youth(referent, theirs)
    assert perms.can_manage_youth(referent, mine)
    assert list(perms.creation_establishments(referent).values()) == [[mine.network]]


def test_the_tutorship_has_one_answer(path):
    """Changing the tutor moves the grant: the former tutor loses the contract everywhere
    (cases, reviews, recording), the new one gains it."""
    contract = path.contract()
    new_tutor = TeamMemberFactory(establishment=path.establishment).user
    services.contract_update(contract=contract, by=path.referent, tutor=new_tutor)
    for user, expected in [(path.tutor, False), (new_tutor, True)]:
        assert perms.is_tutor_of(user, contract) is expected
        assert (contract in perms.tutored_contracts(user)) is expected
        assert (contract in review_perms.contracts_for_user(user)) is expected


def test_tutor_filter_offers_only_tutors_in_sight(client, path, elsewhere):
    add_cases(path, 1)
    client.force_login(path.referent)
    page = client.get(reverse("contracts:youth_list")).content.decode()
    assert f'<option value="{path.tutor.pk}">' in page
    assert f'<option value="{elsewhere["stranger"].pk}">' not in page
    # A tutor out of sight is refused by the filter, not silently applied.
    response = client.get(reverse("contracts:youth_list"), {"tutor": elsewhere["stranger"].pk})
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()


@pytest.mark.parametrize("role", ["referent", "lead", "tutor", "superuser"])
def test_case_list_reads_give_the_options_and_latest_contract_in_sight(
    path, elsewhere, role, request
):
    """The case list's filter options and each youth's latest contract (read as plain SQL
    rendered from the scope): the establishments and tutors in sight, the newest contract."""
    (youth, *_) = add_cases(path, 3)
    contract = youth.contracts.get()
    proposal = contract.proposal
    proposal.pk = None
    proposal.save()
    contract.pk, contract.proposal = None, proposal
    contract.status, contract.ended_on = "ended", contract.ends_on
    contract.save()
    refresh_contract_grants(contract)
    user = UserFactory(is_superuser=True) if role == "superuser" else request.getfixturevalue(role)
    scope = perms.case_scope(user)
    options = scope.filter_options()
    establishments = {path.establishment}
    tutors = {path.tutor}
    if role in {"tutor", "superuser"}:
        establishments.add(elsewhere["network"].establishments.get())
    if role == "superuser":
        tutors.add(elsewhere["stranger"])
    assert set(options["establishment"]) >= establishments
    assert set(options["tutor"]) >= tutors
    if role != "superuser":
        assert set(options["establishment"]) == establishments
        assert set(options["tutor"]) == tutors
    latest = scope.latest_contracts([youth.pk, elsewhere["tutored"].pk])
    assert latest[youth.pk][0] == "ended"
    assert (elsewhere["tutored"].pk in latest) == (role in {"tutor", "superuser"})
    assert scope.latest_contracts([]) == {}
