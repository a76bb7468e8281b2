import pytest
from django.core import mail

from contracts.demo import PLAN, seed_paths, seed_transfer
from contracts.enums import ContractStatus, Step, TransferStatus
from contracts.models import Contract, ContractDocument, Transfer, Youth
from networks.demo import seed_organisation
from referents.demo import seed_actors

pytestmark = pytest.mark.django_db


def test_demo_paths_cover_every_step_and_are_idempotent(django_capture_on_commit_callbacks):
    network = seed_organisation()["networks"][0]
    seed_actors(network)
    with django_capture_on_commit_callbacks(execute=True):
        created = seed_paths(network)
    assert created == sum(count for _, _, count in PLAN) == 42
    assert set(Youth.objects.values_list("step", flat=True)) == set(Step.values)
    assert not Youth.objects.exclude(network=network).exists()
    for login in ("tuteur", "tuteur2"):
        active = Contract.objects.filter(
            tutor__email=f"{login}@demo.foquale.fr", status=ContractStatus.ACTIVE
        )
        assert active.count() >= 5
        assert (
            ContractDocument.objects.filter(contract__in=active, version=1).count()
            == active.count()
        )
    assert Contract.objects.filter(status=ContractStatus.AWAITING_SIGNATURES).count() == 1
    assert Contract.objects.filter(status=ContractStatus.ENDED).count() == 1
    assert mail.outbox  # the families received their signed contracts
    with django_capture_on_commit_callbacks(execute=True):
        assert seed_paths(network) == 0
    assert Youth.objects.count() == 42


def test_demo_transfer_waits_on_the_receiving_lead_page(client, django_capture_on_commit_callbacks):
    networks = seed_organisation()["networks"]
    seed_actors(networks[0])
    with django_capture_on_commit_callbacks(execute=True):
        seed_paths(networks[0])
        assert seed_transfer(networks[0], networks[1])
        assert not seed_transfer(networks[0], networks[1])  # once only
    transfer = Transfer.objects.get()
    assert transfer.status == TransferStatus.PENDING
    client.force_login(networks[1].lead)
    page = client.get("/a-faire/").content.decode()
    assert f"/transferts/{transfer.pk}/" in page
