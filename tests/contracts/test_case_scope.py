"""The case list's scope (`perms.case_scope`, id lists read in one query) gives the same
youths and contracts as the scoped querysets of the detail pages, for every role."""

import pytest
from django.urls import reverse
from guardian.shortcuts import assign_perm

from contracts import perms
from tests.factories import EstablishmentFactory, NetworkFactory, UserFactory

from .factories import TeamMemberFactory, YouthFactory
from .test_lists import add_cases

pytestmark = pytest.mark.django_db

ROLES = ["referent", "lead", "assessor", "tutor", "committee_member", "outsider"]


@pytest.fixture
def elsewhere(path):
    """Cases of another network, one of them tutored by the path's tutor."""
    other = NetworkFactory(academy=path.network.academy)
    establishment = EstablishmentFactory(academy=other.academy)
    other.establishments.add(establishment)
    YouthFactory(network=other, establishment=establishment, last_name="Ailleurs")
    home = path.network, path.establishment
    path.network, path.establishment = other, establishment  # add_cases writes there
    stranger = TeamMemberFactory(establishment=establishment).user
    add_cases(path, 2, tutor=stranger, last_name="Inconnu")
    (tutored,) = add_cases(path, 1, last_name="Tutore")
    path.network, path.establishment = home
    return {"network": other, "stranger": stranger, "tutored": tutored}


@pytest.mark.parametrize("role", ROLES)
def test_scope_matches_the_scoped_querysets(path, elsewhere, role, request):
    add_cases(path, 3)
    user = request.getfixturevalue(role)
    scope = perms.case_scope(user)
    assert set(scope.youths()) == set(perms.youths_for_user(user))
    assert set(scope.contracts()) == set(perms.contracts_for_user(user))
    assert set(scope.contracts_to_prefetch()) == set(perms.contracts_for_user(user))
    assert scope.has_case_space == perms.has_case_space(user)
    assert scope.has_tutor_space == perms.has_tutor_space(user)
    assert scope.can_create_youth == perms.can_create_youth(user)


def test_scope_of_a_superuser_is_everything(path, elsewhere):
    admin = UserFactory(is_superuser=True)
    scope = perms.case_scope(admin)
    assert scope.everything and scope.can_create_youth
    assert set(scope.youths()) == set(perms.youths_for_user(admin))


def test_tutor_sees_only_the_tutored_contract_of_a_foreign_case(path, elsewhere):
    scope = perms.case_scope(path.tutor)
    assert elsewhere["tutored"] in set(scope.youths())
    assert not scope.has_case_space and scope.has_tutor_space
    assert {c.youth for c in scope.contracts()} == {elsewhere["tutored"]}


def test_the_grant_decides_not_the_tutor_column(path):
    """A contract whose guardian grant went elsewhere is not in the tutor's sight."""
    (youth,) = add_cases(path, 1)
    contract = youth.contracts.get()
    other = UserFactory()
    assign_perm("contracts.view_contract", other, contract)
    assert perms.case_scope(other).tutored == {contract.pk}
    assert set(perms.tutored_contracts(other)) == {contract}


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


def _latest_in_sight(scope, youths):
    """Each youth's latest contract among `contracts_to_prefetch`, as `latest_contracts`."""
    latest = {}
    for contract in scope.contracts_to_prefetch().select_related("tutor").order_by("-id"):
        if contract.youth_id in youths:
            latest.setdefault(
                contract.youth_id,
                (
                    contract.status,
                    contract.next_review_on,
                    contract.tutor.first_name,
                    contract.tutor.last_name,
                ),
            )
    return latest


@pytest.mark.parametrize("role", [*ROLES, "superuser"])
def test_written_out_reads_match_the_querysets(path, elsewhere, role, request):
    """The case list's filter options and latest contracts, written in SQL, give what the
    scoped querysets give (a second contract on a youth: the latest one is kept)."""
    (youth, *_) = add_cases(path, 3)
    contract = youth.contracts.get()
    proposal = contract.proposal
    proposal.pk = None
    proposal.save()
    contract.pk, contract.proposal = None, proposal
    contract.status, contract.ended_on = "ended", contract.ends_on
    contract.save()
    user = UserFactory(is_superuser=True) if role == "superuser" else request.getfixturevalue(role)
    scope = perms.case_scope(user)
    options = scope.filter_options()
    assert list(options["establishment"]) == list(scope.establishments_seen())
    assert list(options["tutor"]) == list(scope.tutors())
    youths = {y.pk for y in scope.youths()}
    assert scope.latest_contracts(sorted(youths)) == _latest_in_sight(scope, youths)
    assert scope.latest_contracts([]) == {}
    if scope.has_case_space:  # a tutor sees only the contract granted to them
        assert scope.latest_contracts([youth.pk])[youth.pk][0] == "ended"
