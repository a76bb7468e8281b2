"""A proposal on a full solution: a warning to confirm, not a refusal."""

import pytest
from django.urls import reverse

from .conftest import days_ago

pytestmark = pytest.mark.django_db


def _fill(path, solution):
    """Take every place of `solution` with active contracts."""
    for index in range(solution.places):
        path.active(
            path.contract(path.accepted(first_name=f"Plein{index}", email=f"p{index}@example.org"))
        )


def _post(client, url, solution, **extra):
    data = {
        "kind": "micro_lycee",
        "solution": solution.pk,
        "proposed_on": days_ago(1).isoformat(),
        **extra,
    }
    return client.post(url, data)


def test_full_solution_asks_to_confirm_then_saves(client, path):
    solution = path.solution
    _fill(path, solution)
    youth = path.assessed(first_name="Inès", email="ines@example.org")
    client.force_login(path.referent)
    url = reverse("contracts:proposal_create", args=[youth.pk])

    response = _post(client, url, solution)
    html = response.content.decode().replace("\xa0", " ")
    assert response.status_code == 200
    assert "Solution complète" in html
    assert f"{solution.places} place(s) occupée(s) sur {solution.places}" in html
    assert 'type="checkbox" name="confirm_full"' in html
    assert "L’enregistrement n’a pas été fait" not in html
    assert not youth.proposals.exists()

    response = _post(client, url, solution, confirm_full="on")
    assert response.status_code == 302
    assert youth.proposals.get().solution == solution


def test_free_solution_needs_no_confirmation(client, path):
    youth = path.assessed()
    client.force_login(path.referent)
    url = reverse("contracts:proposal_create", args=[youth.pk])
    html = client.get(url).content.decode()
    assert 'type="hidden" name="confirm_full"' in html
    response = _post(client, url, path.solution)
    assert response.status_code == 302
    assert youth.proposals.get().solution == path.solution
