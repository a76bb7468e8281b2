import pytest
from django.urls import reverse

from networks.grants import refresh_network_grants
from tests.factories import CommitteeSeatFactory, NetworkFactory

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_login(client, network):
    response = client.get(reverse("networks:detail", args=[network.pk]))
    assert response.status_code == 302
    assert response.url.startswith("/connexion/")


def test_outsider_gets_404(client, network, outsider):
    client.force_login(outsider)
    assert client.get(reverse("networks:detail", args=[network.pk])).status_code == 404


@pytest.mark.parametrize("role", ["lead", "committee_member", "steering", "ien_io"])
def test_allowed_roles_see_the_network(client, network, role, request):
    client.force_login(request.getfixturevalue(role))
    response = client.get(reverse("networks:detail", args=[network.pk]))
    assert response.status_code == 200
    assert "Composition incomplète" in response.content.decode()


def test_list_query_count_does_not_grow(client, steering, network, django_assert_max_num_queries):
    client.force_login(steering)
    with django_assert_max_num_queries(8):
        first = client.get(reverse("networks:list"))
    for _ in range(5):
        other = NetworkFactory(academy=network.academy, platform=network.platform)
        CommitteeSeatFactory(network=other)
        refresh_network_grants(other)
    with django_assert_max_num_queries(8):
        second = client.get(reverse("networks:list"))
    assert second.content.decode().count("Incomplet") == 6
    assert first.status_code == 200
