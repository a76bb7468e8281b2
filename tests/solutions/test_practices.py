import pytest
from django.urls import reverse

from networks.models import Practice
from tests.factories import NetworkFactory, UserFactory

from .conftest import EDITORS
from .factories import PracticeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def far_lead(db):
    """Lead of a network in another académie."""
    network = NetworkFactory(lead=UserFactory())
    from networks.grants import refresh_network_grants

    refresh_network_grants(network)
    return network.lead


@pytest.mark.parametrize("role", ["lead", "committee_member", "ien_io", "steering", "other_lead"])
def test_every_network_of_the_academy_reads_published_practices(client, network, role, request):
    practice = PracticeFactory(network=network, title="Binôme PsyEN et CPE")
    draft = PracticeFactory(network=network, is_published=False, published_at=None)
    client.force_login(request.getfixturevalue(role))
    listing = client.get(reverse("solutions:practice_list")).content.decode()
    assert "Binôme PsyEN et CPE" in listing
    assert client.get(reverse("solutions:practice_detail", args=[practice.pk])).status_code == 200
    draft_status = client.get(reverse("solutions:practice_detail", args=[draft.pk])).status_code
    assert draft_status == (200 if role in EDITORS else 404)


@pytest.mark.parametrize("role", ["outsider", "far_lead", "referent", "assessor"])
def test_others_do_not_read_the_practices(client, network, role, request):
    practice = PracticeFactory(network=network, title="Binôme PsyEN et CPE")
    client.force_login(request.getfixturevalue(role))
    assert (
        "Binôme PsyEN et CPE" not in client.get(reverse("solutions:practice_list")).content.decode()
    )
    assert client.get(reverse("solutions:practice_detail", args=[practice.pk])).status_code == 404


def test_anonymous_is_sent_to_login(client, network):
    practice = PracticeFactory(network=network)
    for url in [
        reverse("solutions:practice_list"),
        reverse("solutions:practice_detail", args=[practice.pk]),
        reverse("solutions:practice_create", args=[network.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith("/connexion/")


def test_search_by_text(client, network, other_network, lead):
    PracticeFactory(network=network, title="Stages de découverte", context="Abandons en CFA")
    PracticeFactory(
        network=other_network, title="Premier entretien", results="Moins de stages ratés"
    )
    PracticeFactory(network=network, title="Rappel par SMS", context="Absences au bilan")
    client.force_login(lead)
    page = client.get(reverse("solutions:practice_list"), {"q": "stages"}).content.decode()
    assert "Stages de découverte" in page and "Premier entretien" in page
    assert "Rappel par SMS" not in page
    assert "2 expériences pour « stages »" in page
    page = client.get(reverse("solutions:practice_list"), {"q": "stages CFA"}).content.decode()
    assert "Stages de découverte" in page and "Premier entretien" not in page
    page = client.get(
        reverse("solutions:practice_list"), {"q": other_network.name}
    ).content.decode()
    assert "Premier entretien" in page and "Rappel par SMS" not in page
    empty = client.get(reverse("solutions:practice_list"), {"q": "introuvable"}).content.decode()
    assert "Aucune expérience ne correspond à votre recherche." in empty


def test_list_is_paginated_with_a_constant_query_count(
    client, network, lead, django_assert_max_num_queries
):
    client.force_login(lead)
    PracticeFactory(network=network)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("solutions:practice_list")).status_code == 200
    PracticeFactory.create_batch(11, network=network)
    with django_assert_max_num_queries(8):
        first = client.get(reverse("solutions:practice_list")).content.decode()
    assert first.count('href="/reseaux/pratiques/') == 10
    assert 'class="fr-pagination"' in first
    second = client.get(reverse("solutions:practice_list"), {"page": 2}).content.decode()
    assert second.count('href="/reseaux/pratiques/') == 2


@pytest.mark.parametrize("role", EDITORS)
def test_editor_shares_a_practice(client, network, role, request):
    user = request.getfixturevalue(role)
    client.force_login(user)
    response = client.post(
        reverse("solutions:practice_create", args=[network.pk]),
        {
            "title": "Stages avant le CFA",
            "context": "Des abandons",
            "actions": "Une semaine de stage",
            "results": "Moitié moins d’abandons",
            "contact": "La responsable",
            "is_published": "on",
        },
    )
    practice = Practice.objects.get()
    assert response.url == practice.get_absolute_url()
    assert (practice.network, practice.created_by, practice.is_published) == (network, user, True)
    assert practice.published_at is not None


def test_missing_fields_are_refused(client, network, lead):
    client.force_login(lead)
    response = client.post(
        reverse("solutions:practice_create", args=[network.pk]), {"title": "Sans contenu"}
    )
    assert response.status_code == 200
    assert "L’expérience n’a pas été enregistrée" in response.content.decode()
    assert not Practice.objects.exists()


def test_unpublishing_hides_it_from_other_networks(client, network, lead, other_lead):
    practice = PracticeFactory(network=network)
    client.force_login(lead)
    client.post(
        reverse("solutions:practice_edit", args=[practice.pk]),
        {
            "title": practice.title,
            "context": "c",
            "actions": "a",
            "results": "r",
            "contact": "x",
        },
    )
    practice.refresh_from_db()
    assert (practice.is_published, practice.published_at) == (False, None)
    client.force_login(other_lead)
    assert client.get(reverse("solutions:practice_detail", args=[practice.pk])).status_code == 404


@pytest.mark.parametrize("role", ["ien_io", "steering", "other_lead", "outsider"])
def test_non_editors_get_404_on_writes(client, network, role, request):
    practice = PracticeFactory(network=network)
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("solutions:practice_create", args=[network.pk])).status_code == 404
    assert client.get(reverse("solutions:practice_edit", args=[practice.pk])).status_code == 404
    assert (
        client.post(
            reverse("solutions:practice_edit", args=[practice.pk]), {"title": "Piratage"}
        ).status_code
        == 404
    )
