import pytest
from django.core.exceptions import ValidationError

from networks import perms
from referents import services
from referents.models import Assessor, MldsCoordinator, Referent, TeamMember
from tests.factories import EstablishmentFactory, NetworkFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def establishment(network):
    establishment = EstablishmentFactory(academy=network.academy)
    network.establishments.add(establishment)
    return establishment


def test_a_referent_is_named_per_school_year(network, establishment):
    user = UserFactory()
    services.referent_add(
        network=network, by=network.lead, establishment=establishment, user=user, school_year=2025
    )
    services.referent_add(
        network=network, by=network.lead, establishment=establishment, user=user, school_year=2026
    )
    assert sorted(Referent.objects.values_list("school_year", flat=True)) == [2025, 2026]


def test_the_same_referent_twice_is_refused(network, establishment):
    user = UserFactory()
    services.referent_add(
        network=network, by=network.lead, establishment=establishment, user=user, school_year=2026
    )
    with pytest.raises(ValidationError, match="déjà référente décrochage"):
        services.referent_add(
            network=network,
            by=network.lead,
            establishment=establishment,
            user=user,
            school_year=2026,
        )
    assert Referent.objects.count() == 1


def test_a_referent_outside_the_network_is_refused(network):
    outside = EstablishmentFactory(academy=network.academy)
    with pytest.raises(ValidationError, match="pas membre du réseau"):
        services.referent_add(
            network=network,
            by=network.lead,
            establishment=outside,
            user=UserFactory(),
            school_year=2026,
        )
    assert not Referent.objects.exists()


def test_a_disabled_account_is_refused(network, establishment):
    with pytest.raises(ValidationError, match="désactivé"):
        services.team_member_add(
            network=network,
            by=network.lead,
            establishment=establishment,
            user=UserFactory(is_active=False),
            function="cpe",
        )
    assert not TeamMember.objects.exists()


def test_a_team_member_outside_the_network_is_refused(network):
    with pytest.raises(ValidationError, match="pas membre du réseau"):
        services.team_member_add(
            network=network,
            by=network.lead,
            establishment=EstablishmentFactory(),
            user=UserFactory(),
            function="cpe",
        )


def test_the_same_team_member_twice_is_refused(network, establishment):
    user = UserFactory()
    services.team_member_add(
        network=network, by=network.lead, establishment=establishment, user=user, function="cpe"
    )
    with pytest.raises(ValidationError, match="déjà partie de l’équipe éducative"):
        services.team_member_add(
            network=network, by=network.lead, establishment=establishment, user=user, function="cpe"
        )
    assert TeamMember.objects.count() == 1


def test_an_assessor_gets_the_network_cases_and_loses_them_on_removal(network):
    user = UserFactory()
    assessor = services.assessor_add(network=network, by=network.lead, user=user, function="mlds")
    assert perms.can_view_network_cases(user, network)
    services.assessor_remove(assessor=assessor)
    assert not perms.can_view_network_cases(user, network)
    assert not Assessor.objects.exists()


def test_the_same_assessor_twice_is_refused_and_keeps_the_grant(network):
    user = UserFactory()
    services.assessor_add(network=network, by=network.lead, user=user, function="psyen")
    with pytest.raises(ValidationError, match="déjà évaluatrice"):
        services.assessor_add(network=network, by=network.lead, user=user, function="mlds")
    assert Assessor.objects.get().function == "psyen"
    assert perms.can_view_network_cases(user, network)


def test_removing_an_assessor_keeps_the_grants_of_other_roles(network, lead):
    admin = UserFactory(is_superuser=True)
    assessor = services.assessor_add(network=network, by=admin, user=lead, function="psyen")
    services.assessor_remove(assessor=assessor)
    assert perms.can_edit_network(lead, network)
    assert perms.can_view_network_cases(lead, network)  # the lead sees the cases anyway


def test_mlds_coordinators(network):
    user = UserFactory()
    coordinator = services.mlds_coordinator_add(network=network, by=network.lead, user=user)
    with pytest.raises(ValidationError, match="déjà coordinatrice MLDS"):
        services.mlds_coordinator_add(network=network, by=network.lead, user=user)
    services.mlds_coordinator_remove(coordinator=coordinator)
    assert not MldsCoordinator.objects.exists()


@pytest.mark.parametrize("role", ["referent", "assessor"])
def test_a_lead_cannot_name_themself_to_read_files(network, establishment, lead, role):
    with pytest.raises(ValidationError, match="vous désigner vous-même"):
        if role == "referent":
            services.referent_add(
                network=network, establishment=establishment, user=lead, school_year=2026, by=lead
            )
        else:
            services.assessor_add(network=network, user=lead, function="psyen", by=lead)
    assert not Referent.objects.exists()
    assert not Assessor.objects.exists()
    assert not perms.can_view_network_cases(UserFactory(), network)


@pytest.mark.parametrize("role", ["referent", "assessor"])
def test_an_account_of_another_academy_is_refused(network, establishment, role):
    elsewhere = NetworkFactory()  # another académie
    stranger = UserFactory()
    services.assessor_add(
        network=elsewhere, user=stranger, function="mlds", by=UserFactory(is_superuser=True)
    )
    with pytest.raises(ValidationError, match="autre académie"):
        if role == "referent":
            services.referent_add(
                network=network,
                establishment=establishment,
                user=stranger,
                school_year=2026,
                by=network.lead,
            )
        else:
            services.assessor_add(network=network, user=stranger, function="psyen", by=network.lead)
    assert not Referent.objects.exists()
    assert list(Assessor.objects.values_list("network_id", flat=True)) == [elsewhere.pk]
