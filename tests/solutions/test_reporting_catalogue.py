import datetime as dt

import pytest
from django.urls import reverse

from networks.enums import SolutionStatus
from tests.factories import NetworkFactory, UserFactory
from tests.referents.factories import ReferentFactory

from .factories import SolutionFactory, make_contract

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "role", ["referent", "assessor", "lead", "committee_member", "ien_io", "steering"]
)
def test_field_and_governance_read_the_published_catalogue(
    client, network, other_network, role, request
):
    published = SolutionFactory(network=network, title="Micro-lycée ouvert", places=2)
    make_contract(published, starts_on=dt.date(2026, 9, 10))
    SolutionFactory(network=network, title="Brouillon secret", status=SolutionStatus.DRAFT)
    SolutionFactory(network=other_network, title="Solution voisine")
    client.force_login(request.getfixturevalue(role))
    response = client.get(reverse("solutions:catalogue", args=[network.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Micro-lycée ouvert" in page
    assert "1 place libre" in page
    assert "Solution voisine" in page
    assert "Brouillon secret" not in page


@pytest.mark.parametrize("role", ["outsider", "other_lead"])
def test_others_get_404(client, network, role, request):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("solutions:catalogue", args=[network.pk])).status_code == 404


def test_referent_of_a_past_year_no_longer_reads(client, network):
    user = UserFactory()
    establishment = network.establishments.create(
        academy=network.academy, uai="0690001C", name="Ancien lycée", kind="lp"
    )
    ReferentFactory(network=network, establishment=establishment, user=user, school_year=2025)
    client.force_login(user)
    assert client.get(reverse("solutions:catalogue", args=[network.pk])).status_code == 404


def test_home_redirects_to_the_only_network(client, network, referent):
    client.force_login(referent)
    response = client.get(reverse("solutions:catalogue_home"))
    assert response.url == reverse("solutions:catalogue", args=[network.pk])


def test_query_count_does_not_grow(
    client, network, other_network, referent, django_assert_max_num_queries
):
    client.force_login(referent)
    url = reverse("solutions:catalogue", args=[network.pk])
    SolutionFactory(network=network)
    with django_assert_max_num_queries(7):
        assert client.get(url).status_code == 200
    for _ in range(6):
        make_contract(SolutionFactory(network=network), starts_on=dt.date(2026, 9, 10))
        SolutionFactory(network=other_network)
    NetworkFactory(academy=network.academy)
    with django_assert_max_num_queries(7):
        response = client.get(url)
    assert response.content.decode().count('class="fr-card__title"') == 13
