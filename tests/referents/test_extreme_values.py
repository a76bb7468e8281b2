"""The actors' add forms, as the lead, with extreme values: no 500, nothing saved."""

import pytest
from django.urls import reverse

from tests.extreme import post_extremes
from tests.factories import EstablishmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_no_actor_form_breaks_or_saves_on_extreme_values(client, network, lead):
    network.establishments.add(EstablishmentFactory(academy=network.academy))
    urls = [
        reverse(f"referents:{name}_add", args=[network.pk])
        for name in ("referent", "team_member", "assessor", "mlds_coordinator")
    ]
    client.force_login(lead)
    valid = {"user": UserFactory().email}
    assert [problem for url in urls for problem in post_extremes(client, url, valid=valid)] == []
