"""Grants never drift from the memberships: every admin path refreshes them, `check_grants`
finds and repairs what a path forgot, the nightly task tells the administrators, and the
référents' grants follow the school year."""

import datetime as dt

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.urls import reverse

from contracts import perms as case_perms
from foquale.accounts.tasks import check_grants_nightly
from foquale.grants import check_all
from foquale.outbox.models import OutboxEmail
from networks import perms
from networks.models import NetworkEstablishment, SteeringCommittee
from referents.models import Assessor, Referent
from referents.tasks import refresh_referents_for_school_year
from tests.contracts.factories import YouthFactory
from tests.factories import (
    AcademyFactory,
    EstablishmentFactory,
    NetworkFactory,
    SteeringCommitteeFactory,
    SteeringMemberFactory,
    UserFactory,
)
from tests.referents.factories import AssessorFactory, ReferentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


def _bulk_delete(client, model, objects):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    response = client.post(
        url,
        {"action": "delete_selected", "_selected_action": [o.pk for o in objects], "post": "yes"},
    )
    assert response.status_code == 302
    assert not model.objects.filter(pk__in=[o.pk for o in objects]).exists()


def test_check_grants_finds_and_fixes_a_grant_left_by_a_bulk_delete(network, capsys):
    """What Django's bulk delete does underneath (`QuerySet.delete`), without the grants'
    refresh: the assessor keeps `view_network_cases`, and the check says so."""
    assessor = AssessorFactory(network=network)
    Assessor.objects.filter(pk=assessor.pk).delete()
    assert perms.can_view_network_cases(assessor.user, network)  # the stale grant
    with pytest.raises(CommandError, match="1 différence"):
        call_command("check_grants")
    assert f"view_network_cases — compte {assessor.user_id}, objet {network.pk}" in (
        capsys.readouterr().out
    )
    call_command("check_grants", "--fix")
    assert not perms.can_view_network_cases(assessor.user, network)
    call_command("check_grants")
    assert "aucune différence" in capsys.readouterr().out


def test_the_admin_bulk_delete_refreshes_the_grants(admin_client, network):
    assessors = [AssessorFactory(network=network) for _ in range(3)]
    _bulk_delete(admin_client, Assessor, assessors)
    assert not any(perms.can_view_network_cases(a.user, network) for a in assessors)
    assert check_all() == {}


def test_the_admin_bulk_delete_of_referents_refreshes_the_grants(admin_client, network):
    youth = YouthFactory(network=network)
    referent = ReferentFactory(network=network, establishment=youth.establishment)
    assert case_perms.can_manage_youth(referent.user, youth)
    _bulk_delete(admin_client, Referent, [referent])
    assert not case_perms.can_manage_youth(referent.user, youth)


def test_moving_an_assessor_in_the_admin_moves_the_grant(admin_client, network):
    assessor = AssessorFactory(network=network)
    other = NetworkFactory(academy=network.academy)
    url = reverse("admin:referents_assessor_change", args=[assessor.pk])
    response = admin_client.post(
        url, {"network": other.pk, "user": assessor.user_id, "function": assessor.function}
    )
    assert response.status_code == 302
    assert not perms.can_view_network_cases(assessor.user, network)
    assert perms.can_view_network_cases(assessor.user, other)


def test_changing_an_assessors_account_in_the_admin_moves_the_grant(admin_client, network):
    assessor = AssessorFactory(network=network)
    former, successor = assessor.user, UserFactory()
    url = reverse("admin:referents_assessor_change", args=[assessor.pk])
    admin_client.post(url, {"network": network.pk, "user": successor.pk, "function": "mlds"})
    assert not perms.can_view_network_cases(former, network)
    assert perms.can_view_network_cases(successor, network)


def test_removing_an_establishment_from_a_network_in_the_admin(admin_client, network):
    youth = YouthFactory(network=network)
    referent = ReferentFactory(network=network, establishment=youth.establishment)
    link = NetworkEstablishment.objects.get(network=network, establishment=youth.establishment)
    url = reverse("admin:networks_network_change", args=[network.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    data = {
        "academy": network.academy_id,
        "platform": network.platform_id,
        "name": network.name,
        "lead": network.lead_id or "",
        "lead_appointed_on": network.lead_appointed_on.isoformat(),
        "memberships-TOTAL_FORMS": 1,
        "memberships-INITIAL_FORMS": 1,
        "memberships-0-id": link.pk,
        "memberships-0-network": network.pk,
        "memberships-0-establishment": youth.establishment_id,
        "memberships-0-DELETE": "on",
        "seats-TOTAL_FORMS": 0,
        "seats-INITIAL_FORMS": 0,
    }
    data.update(_seat_forms(network))
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert not case_perms.can_manage_youth(referent.user, youth)


def _seat_forms(network) -> dict:
    seats = list(network.seats.all())
    data = {"seats-TOTAL_FORMS": len(seats), "seats-INITIAL_FORMS": len(seats)}
    for i, seat in enumerate(seats):
        data.update(
            {
                f"seats-{i}-id": seat.pk,
                f"seats-{i}-network": network.pk,
                f"seats-{i}-role": seat.role,
                f"seats-{i}-user": seat.user_id,
                f"seats-{i}-establishment": seat.establishment_id or "",
                f"seats-{i}-started_on": seat.started_on.isoformat(),
                f"seats-{i}-ended_on": "",
            }
        )
    return data


def test_the_admin_bulk_delete_of_steering_committees(admin_client):
    academy = AcademyFactory()
    member = SteeringMemberFactory(committee=SteeringCommitteeFactory(academy=academy))
    assert perms.is_steering(member.user)
    _bulk_delete(admin_client, SteeringCommittee, [member.committee])
    assert not perms.is_steering(member.user)


def test_the_nightly_check_repairs_and_tells_the_administrators(network):
    UserFactory(is_superuser=True, email="admin@ac-test.fr")
    assessor = AssessorFactory(network=network)
    Assessor.objects.filter(pk=assessor.pk).delete()
    assert check_grants_nightly() == 1
    email = OutboxEmail.objects.get(kind="grants_drift")
    assert email.to == ["admin@ac-test.fr"]
    assert "1 différence" in email.subject
    assert assessor.user.email not in email.body_text  # ids only, no personal data
    assert check_grants_nightly() == 0
    assert OutboxEmail.objects.filter(kind="grants_drift").count() == 1


def test_nothing_is_sent_when_the_grants_are_right(network):
    UserFactory(is_superuser=True)
    assert check_grants_nightly() == 0
    assert not OutboxEmail.objects.exists()


def test_referents_lose_their_cases_when_the_school_year_ends(network):
    with time_machine.travel(dt.datetime(2026, 10, 1, 9, 0), tick=False):
        youth = YouthFactory(network=network)
        referent = ReferentFactory(
            network=network, establishment=youth.establishment, school_year=2026
        )
        assert case_perms.can_manage_youth(referent.user, youth)
    with time_machine.travel(dt.datetime(2027, 9, 1, 0, 30), tick=False):
        assert check_all() != {}  # the year turned: the grant is now stale
        refresh_referents_for_school_year()
        assert check_all() == {}
        assert not case_perms.can_manage_youth(referent.user, youth)
        assert set(case_perms.youths_for_user(referent.user)) == set()
    refresh_referents_for_school_year()  # back to the test's present


def test_demo_data_has_no_drift(settings):
    settings.DEMO = True
    call_command("seed_demo", "--i-know-this-is-not-production")
    assert check_all() == {}


def test_a_referent_named_for_another_network_gets_nothing_here(network):
    """The pair is the scope: naming for network B gives nothing in network A."""
    establishment = EstablishmentFactory(academy=network.academy)
    network.establishments.add(establishment)
    other = NetworkFactory(academy=network.academy)
    youth = YouthFactory(network=network, establishment=establishment)
    referent = ReferentFactory(network=other, establishment=establishment)
    assert not case_perms.can_manage_youth(referent.user, youth)
    assert youth not in case_perms.youths_for_user(referent.user)
