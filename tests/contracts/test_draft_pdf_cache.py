"""The draft contract PDF is laid out by WeasyPrint once per version of what it shows."""

import pytest
from django.urls import reverse

from audit.models import ReadLog
from contracts import pdf, services
from contracts.enums import GuardianLink

from .utils import drain

pytestmark = pytest.mark.django_db


@pytest.fixture
def renders(monkeypatch) -> list[str]:
    """The HTML of each WeasyPrint render, which still happens for real."""
    calls: list[str] = []
    real = pdf.write_pdf

    def spy(html: str) -> bytes:
        calls.append(html)
        return real(html)

    monkeypatch.setattr(pdf, "write_pdf", spy)
    return calls


def fetch(client, contract) -> bytes:
    response = client.get(reverse("contracts:draft_pdf", args=[contract.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return drain(response)


def test_a_second_request_costs_no_render_and_is_still_logged(client, path, renders):
    contract = path.contract(minor=True)
    client.force_login(path.tutor)
    first = fetch(client, contract)
    assert len(renders) == 1
    assert fetch(client, contract) == first
    assert len(renders) == 1
    # Served from the cache or not, every read is in the access log.
    assert ReadLog.objects.filter(object_id=contract.pk).count() == 2


def test_a_change_of_a_party_renders_again(client, path, renders):
    contract = path.contract(minor=True)
    client.force_login(path.tutor)
    fetch(client, contract)
    services.guardian_add(
        youth=contract.youth,
        last_name="Benali",
        first_name="Karim",
        link=GuardianLink.FATHER,
        by=path.referent,
    )
    fetch(client, contract)
    assert len(renders) == 2
    assert "BENALI" in renders[-1]
    services.youth_update(youth=contract.youth, by=path.referent, first_name="Léonie")
    fetch(client, contract)
    assert len(renders) == 3
    assert "Léonie" in renders[-1]


def test_a_change_of_the_terms_renders_again(client, path, renders):
    contract = path.contract()
    client.force_login(path.tutor)
    fetch(client, contract)
    services.contract_update(
        contract=contract, by=path.referent, meaning="Préparer un CAP en alternance."
    )
    fetch(client, contract)
    assert len(renders) == 2
    assert "Préparer un CAP en alternance." in renders[-1]
    fetch(client, contract)
    assert len(renders) == 2


def test_each_contract_has_its_own_draft(client, path, renders):
    first = path.contract()
    second = path.contract(first_name="Inès")
    client.force_login(path.referent)
    assert fetch(client, first) != fetch(client, second)
    assert len(renders) == 2


def test_the_cached_draft_is_not_served_out_of_scope(client, path, outsider, renders):
    contract = path.contract()
    client.force_login(path.tutor)
    fetch(client, contract)
    url = reverse("contracts:draft_pdf", args=[contract.pk])
    client.logout()
    assert client.get(url).url.startswith("/connexion/")
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    assert len(renders) == 1
