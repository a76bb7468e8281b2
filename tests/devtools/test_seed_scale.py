import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from contracts.enums import ContractStatus, Step
from contracts.models import Contract, SituationReview, Youth
from devtools.scale import BENCH_DOMAIN, BENCH_PASSWORD, SCALES
from foquale.accounts.models import User
from foquale.validators import validate_uai
from networks.models import Academy, Establishment, Network
from networks.perms import can_lead_network, networks_for_user
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(settings):
    settings.DEMO = True
    out = io.StringIO()
    call_command("seed_scale", scale="test", stdout=out)
    return out.getvalue()


def bench_user(login: str) -> User:
    return User.objects.get(email=f"{login}@{BENCH_DOMAIN}")


def test_volumes_follow_the_scale(seeded):
    scale = SCALES["test"]
    assert Academy.objects.count() == scale.academies
    assert Network.objects.count() == scale.networks
    assert Establishment.objects.count() == scale.establishments
    assert User.objects.count() == scale.users
    assert Youth.objects.count() == scale.youths
    assert Contract.objects.count() == scale.contracts
    assert 0.8 * scale.reviews <= SituationReview.objects.count() <= 1.2 * scale.reviews
    assert "Données de volume prêtes" in seeded


def test_generated_data_is_consistent(seeded):
    for uai in Establishment.objects.values_list("uai", flat=True):
        validate_uai(uai)
    assert not Youth.objects.filter(step=Step.EXITED, exited_on__isnull=True).exists()
    for contract in Contract.objects.select_related("youth", "solution", "proposal"):
        assert contract.solution.network_id == contract.youth.network_id
        assert contract.proposal.youth_id == contract.youth_id
        if contract.status == ContractStatus.ACTIVE:
            assert contract.next_review_on is not None
            assert contract.youth.step == Step.ACTIVE
        for review in contract.reviews.all():
            assert review.due_on > contract.activated_on
    # Sequences follow the explicit ids: new rows still insert.
    assert UserFactory().pk > max(
        User.objects.exclude(email__endswith="ac-test.fr").values_list("pk", flat=True)
    )


def test_bench_accounts_and_their_grants(seeded):
    for login in (
        "pilotage",
        "ien-io",
        "responsable",
        "comite",
        "evaluateur",
        "referent",
        "tuteur",
    ):
        assert bench_user(login).check_password(BENCH_PASSWORD), login
    lead = bench_user("responsable")
    first = Network.objects.order_by("pk").first()
    assert first.lead == lead
    assert can_lead_network(lead, first)
    assert list(networks_for_user(bench_user("ien-io")))
    assert (
        networks_for_user(bench_user("pilotage")).count()
        == Network.objects.filter(academy=first.academy).count()
    )
    tutor = bench_user("tuteur")
    contracts = list(Contract.objects.filter(tutor=tutor))
    assert contracts
    for contract in contracts:
        assert tutor.has_perm("contracts.view_contract", contract)
    other = Contract.objects.exclude(tutor=tutor).first()
    assert not tutor.has_perm("contracts.view_contract", other)


def test_the_bench_dashboard_answers(client, seeded):
    client.force_login(bench_user("pilotage"))
    response = client.get(reverse("reporting:dashboard"))
    assert response.status_code == 200
    assert "Réseau FOQUALE BENCH01 n° 1" in response.content.decode()


def test_seeding_twice_does_nothing(seeded):
    out = io.StringIO()
    call_command("seed_scale", scale="test", stdout=out)
    assert "déjà présentes" in out.getvalue()
    assert Youth.objects.count() == SCALES["test"].youths


def test_refused_outside_demo_mode(settings):
    settings.DEMO = False
    settings.DEBUG = False
    with pytest.raises(CommandError, match="mode démo"):
        call_command("seed_scale", scale="test", stdout=io.StringIO())
