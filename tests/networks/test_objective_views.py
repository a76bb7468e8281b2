import pytest
from django.urls import reverse
from django.utils.html import escape

from tests.factories import UserFactory

from .factories import ActionFactory, ObjectiveFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def action(network):
    return ActionFactory(objective=ObjectiveFactory(network=network, school_year=2026))


def _edit_urls(network, action):
    objective = action.objective
    return [
        reverse("networks:objective_create", args=[network.pk]),
        reverse("networks:objective_update", args=[network.pk, objective.pk]),
        reverse("networks:action_create", args=[network.pk, objective.pk]),
        reverse("networks:action_update", args=[network.pk, objective.pk, action.pk]),
    ]


def _all_urls(network, action):
    return [reverse("networks:objectives", args=[network.pk]), *_edit_urls(network, action)]


def test_anonymous_is_sent_to_login(client, network, action):
    for url in _all_urls(network, action):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith("/connexion/")


def test_outsider_gets_404(client, network, action, outsider):
    client.force_login(outsider)
    for url in _all_urls(network, action):
        assert client.get(url).status_code == 404
        assert client.post(url, {"title": "x"}).status_code == 404


@pytest.mark.parametrize("role", ["lead", "committee_member", "steering", "ien_io"])
def test_allowed_roles_read_objectives_and_actions(client, network, action, role, request, today):
    client.force_login(request.getfixturevalue(role))
    html = client.get(reverse("networks:objectives", args=[network.pk])).content.decode()
    assert action.objective.title in html
    assert action.title in html
    assert ("Nouvel objectif prioritaire" in html) is (role == "lead")
    assert ("Ajouter une action" in html) is (role == "lead")


@pytest.mark.parametrize("role", ["committee_member", "steering", "ien_io"])
def test_readers_may_not_write(client, network, action, role, request):
    client.force_login(request.getfixturevalue(role))
    for url in _edit_urls(network, action):
        assert client.get(url).status_code == 403
        assert client.post(url, {"title": "Piraté", "school_year": 2026}).status_code == 403
    action.refresh_from_db()
    assert action.title != "Piraté"
    assert network.objectives.count() == 1


def test_the_lead_creates_and_edits_objectives(client, network, lead, today):
    client.force_login(lead)
    response = client.post(
        reverse("networks:objective_create", args=[network.pk]),
        {
            "school_year": "2026",
            "title": "Repérer plus tôt les décrocheurs",
            "description": "",
            "indicator": "Nombre de jeunes repérés",
            "status": "open",
        },
    )
    assert response.status_code == 302
    objective = network.objectives.get()
    response = client.post(
        reverse("networks:objective_update", args=[network.pk, objective.pk]),
        {"school_year": "2026", "title": "Repérer tôt", "indicator": "", "status": "done"},
    )
    assert response.status_code == 302
    objective.refresh_from_db()
    assert (objective.title, objective.status) == ("Repérer tôt", "done")


def test_an_objective_needs_a_title(client, network, lead, today):
    client.force_login(lead)
    response = client.post(
        reverse("networks:objective_create", args=[network.pk]),
        {"school_year": "2026", "title": "", "status": "open"},
    )
    assert response.status_code == 200
    assert "Ce champ est obligatoire." in response.content.decode()
    assert not network.objectives.exists()


def test_the_lead_adds_an_action_piloted_by_a_member(
    client, network, lead, committee_member, action, outsider
):
    client.force_login(lead)
    url = reverse("networks:action_create", args=[network.pk, action.objective.pk])
    form = client.get(url).content.decode()
    assert escape(committee_member.get_full_name()) in form
    assert escape(outsider.get_full_name()) not in form
    data = {"title": "Recenser les places", "status": "planned", "due_on": "2027-03-01"}
    response = client.post(url, {**data, "owner": outsider.pk})
    assert "Sélectionnez un choix valide" in response.content.decode()
    response = client.post(url, {**data, "owner": committee_member.pk})
    assert response.status_code == 302
    created = action.objective.actions.get(title="Recenser les places")
    assert created.owner == committee_member


def test_the_lead_edits_an_action(client, network, lead, action):
    client.force_login(lead)
    url = reverse("networks:action_update", args=[network.pk, action.objective.pk, action.pk])
    assert action.title in client.get(url).content.decode()
    response = client.post(url, {"title": "Action revue", "status": "done", "owner": ""})
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.title, action.status) == ("Action revue", "done")


def test_an_action_of_another_network_is_404(client, network, lead):
    foreign = ActionFactory()
    client.force_login(lead)
    url = reverse("networks:action_update", args=[network.pk, foreign.objective.pk, foreign.pk])
    assert client.get(url).status_code == 404
    url = reverse("networks:objective_update", args=[network.pk, foreign.objective.pk])
    assert client.get(url).status_code == 404


def test_year_filter(client, network, lead, today):
    old = ObjectiveFactory(network=network, school_year=2024, title="Objectif ancien")
    current = ObjectiveFactory(network=network, school_year=2026, title="Objectif courant")
    client.force_login(lead)
    url = reverse("networks:objectives", args=[network.pk])
    html = client.get(url).content.decode()
    assert current.title in html and old.title not in html
    html = client.get(url, {"annee": "2024"}).content.decode()
    assert old.title in html and current.title not in html
    html = client.get(url, {"annee": "toutes"}).content.decode()
    assert old.title in html and current.title in html
    # A bad year is ignored: the current year is shown.
    html = client.get(url, {"annee": "1789"}).content.decode()
    assert current.title in html and old.title not in html


@pytest.mark.parametrize("role", ["lead", "committee_member"])
def test_list_query_count_does_not_grow(
    client, network, role, request, today, django_assert_max_num_queries
):
    client.force_login(request.getfixturevalue(role))
    url = reverse("networks:objectives", args=[network.pk])
    owner = UserFactory()
    ActionFactory(objective=ObjectiveFactory(network=network), owner=owner)
    # 7, +1 the header's « À faire » count, +1 the years of the objectives (year selector).
    with django_assert_max_num_queries(9):
        assert client.get(url).status_code == 200
    for _ in range(10):
        objective = ObjectiveFactory(network=network)
        for _ in range(3):
            ActionFactory(objective=objective, owner=UserFactory())
    with django_assert_max_num_queries(9):
        html = client.get(url).content.decode()
    assert html.count("<caption>Actions de l’objectif") == 11
