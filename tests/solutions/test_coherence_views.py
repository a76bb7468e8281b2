"""The catalogue's numbers and periods inside sensible bounds; a double click adds one
solution (issue 10, items 1 and 5)."""

import re
from html import unescape

import pytest
from django.urls import reverse

from networks.models import Practice, Solution

from .test_catalogue_views import _valid_data

pytestmark = pytest.mark.django_db


def page(response) -> str:
    return unescape(response.content.decode())


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"places": str(10**12)}, "inférieure ou égale à 10000"),
        ({"places": "5000"}, "Une solution offre au plus 1000 places"),
        ({"starts_on": "0001-06-01", "entry_dates": ""}, "Cette date n’est pas plausible"),
        ({"ends_on": "9999-06-01", "entry_dates": ""}, "Cette date n’est pas plausible"),
        (
            {"starts_on": "2027-02-01", "ends_on": "2040-06-30", "entry_dates": ""},
            "La date doit être comprise entre le 29/03/2013 (création des réseaux FOQUALE)",
        ),
        ({"description": "x" * 20_000}, "au plus 4000 caractères"),
        ({"title": "Micro\nlycée"}, "Ce champ tient sur une ligne"),
    ],
)
def test_an_implausible_solution_is_refused(client, network, lead, overrides, message):
    client.force_login(lead)
    response = client.post(
        reverse("solutions:solution_create", args=[network.pk]),
        _valid_data(network, **overrides),
    )
    assert response.status_code == 200
    assert message in page(response)
    assert not Solution.objects.exists()


def test_a_double_click_adds_one_solution_and_one_practice(client, network, lead):
    client.force_login(lead)
    url = reverse("solutions:solution_create", args=[network.pk])
    token = re.search(r'name="submission_token" value="([^"]*)"', page(client.get(url))).group(1)
    data = _valid_data(network, submission_token=token)
    client.post(url, data)
    client.post(url, data)
    assert Solution.objects.count() == 1
    url = reverse("solutions:practice_create", args=[network.pk])
    token = re.search(r'name="submission_token" value="([^"]*)"', page(client.get(url))).group(1)
    data = {
        "title": "Un tuteur par jeune",
        "context": "Bassin rural.",
        "actions": "Binômes.",
        "results": "Moins d’abandons.",
        "contact": "CIO",
        "submission_token": token,
    }
    client.post(url, data)
    client.post(url, data)
    assert Practice.objects.count() == 1


def test_an_edit_over_a_newer_version_of_a_solution_is_refused(client, network, lead):
    from solutions.services import solution_save

    from .factories import SolutionFactory

    solution = SolutionFactory(network=network, title="Micro-lycée")
    client.force_login(lead)
    url = reverse("solutions:solution_edit", args=[solution.pk])
    opened = re.search(r'name="version" value="([^"]*)"', page(client.get(url))).group(1)
    solution.places = 12
    solution_save(solution=solution, entry_dates=[], by=network.lead)
    response = client.post(url, _valid_data(network, version=opened, entry_dates=""))
    assert "Ce dossier a été modifié par" in page(response)
    assert re.search(r"Champs modifiés : nombre de places : « \d+ » → « 12 »\.", page(response))
    solution.refresh_from_db()
    assert (solution.title, solution.places) == ("Micro-lycée", 12)


def test_host_and_partner_are_not_called_optional(client, network, lead):
    client.force_login(lead)
    form = page(client.get(reverse("solutions:solution_create", args=[network.pk])))
    form = form.replace("\xa0", " ")
    assert "Partenaire (Optionnel)" not in form
    assert "Établissement d’accueil (Optionnel)" not in form
    response = client.post(
        reverse("solutions:solution_create", args=[network.pk]),
        _valid_data(network, host="", partner=""),
    )
    assert "Indiquez l’établissement d’accueil ou, à défaut, le partenaire." in page(response)
    assert not Solution.objects.exists()
