"""No double write on the actors' add forms (issue 10): each rendered form carries a
token; the same form sent twice names the person once, and the second send shows the
first result."""

import re
import uuid
from html import unescape

import pytest
from django.urls import reverse

from referents.models import Assessor, MldsCoordinator, Referent, TeamMember
from tests.factories import EstablishmentFactory, UserFactory

pytestmark = pytest.mark.django_db

ALREADY = "Ce formulaire avait déjà été envoyé : voici ce qu’il a enregistré."


@pytest.fixture
def school(network):
    school = EstablishmentFactory(academy=network.academy, kind="lp", name="Lycée Jean Moulin")
    network.establishments.add(school)
    return school


def _token(html: str) -> str:
    return re.search(r'name="submission_token" value="([^"]+)"', html).group(1)


CASES = {
    "referent": (Referent, lambda school: {"establishment": school.pk, "school_year": 2026}),
    "team_member": (TeamMember, lambda school: {"establishment": school.pk, "function": "aed"}),
    "assessor": (Assessor, lambda school: {"function": "psyen"}),
    "mlds_coordinator": (MldsCoordinator, lambda school: {}),
}


@pytest.mark.parametrize("name", CASES)
def test_the_same_add_form_sent_twice_names_the_actor_once(client, network, school, lead, name):
    model, data = CASES[name]
    url = reverse(f"referents:{name}_add", args=[network.pk])
    client.force_login(lead)
    token = _token(client.get(url).content.decode())
    uuid.UUID(token)
    sent = {**data(school), "user": UserFactory().email, "submission_token": token}
    first = client.post(url, sent)
    assert first.status_code == 302
    second = client.post(url, sent, follow=True)
    assert second.redirect_chain[0][0] == first.url
    assert ALREADY in unescape(second.content.decode())
    assert model.objects.count() == 1


@pytest.mark.parametrize("name", CASES)
def test_a_refused_add_keeps_its_token_for_the_corrected_send(client, network, school, lead, name):
    model, data = CASES[name]
    url = reverse(f"referents:{name}_add", args=[network.pk])
    client.force_login(lead)
    token = _token(client.get(url).content.decode())
    refused = client.post(
        url, {**data(school), "user": "personne@inconnue.fr", "submission_token": token}
    )
    assert refused.status_code == 200
    assert "Aucun compte actif ne correspond" in refused.content.decode()
    assert _token(refused.content.decode()) == token
    assert not model.objects.exists()
    sent = {**data(school), "user": UserFactory().email, "submission_token": token}
    assert client.post(url, sent).status_code == 302
    assert model.objects.count() == 1
