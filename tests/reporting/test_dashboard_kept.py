"""The dashboard page around the figures is kept a short while for a person and their GET
data (foquale/kept.py): a page served from the cache reads only the session and the user."""

import pytest

from .conftest import DASHBOARD

pytestmark = pytest.mark.usefixtures("kept_a_minute")


def test_a_kept_page_costs_the_session_and_the_user(
    client, steering_user, django_assert_num_queries
):
    client.force_login(steering_user)
    first = client.get(DASHBOARD).content.decode()
    with django_assert_num_queries(2):  # the session and the user: no CACHE_URL in tests
        second = client.get(DASHBOARD).content.decode()
    assert second.count("Réseau A") == first.count("Réseau A") > 0


def test_each_set_of_filters_has_its_own_page(client, steering_user, territory):
    client.force_login(steering_user)
    whole = client.get(DASHBOARD).content.decode()
    one = client.get(DASHBOARD, {"reseau": territory["c"].pk}).content.decode()
    assert "3 réseaux" in whole and "3 réseaux" not in one
    assert "Réseau C" in one


def test_out_of_scope_filters_answer_404_every_time(client, territory):
    client.force_login(territory["a"].lead)
    for _ in range(2):
        assert client.get(DASHBOARD, {"reseau": territory["c"].pk}).status_code == 404
