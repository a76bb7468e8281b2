from urllib.parse import urlencode

import pytest
from django.urls import reverse

from networks import perms
from referents.models import Assessor, MldsCoordinator, Referent, TeamMember
from tests.factories import EstablishmentFactory, NetworkFactory, UserFactory

from .factories import (
    AssessorFactory,
    MldsCoordinatorFactory,
    ReferentFactory,
    TeamMemberFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def school(network):
    school = EstablishmentFactory(academy=network.academy, kind="lp", name="Lycée Jean Moulin")
    network.establishments.add(school)
    return school


@pytest.fixture
def actors(network, school):
    """One actor of each kind in the network."""
    return {
        "referent": ReferentFactory(establishment=school),
        "member": TeamMemberFactory(establishment=school),
        "assessor": AssessorFactory(network=network),
        "coordinator": MldsCoordinatorFactory(network=network),
    }


def _list_url(network, **query):
    url = reverse("referents:actors", args=[network.pk])
    return f"{url}?{urlencode(query)}" if query else url


def _add_urls(network):
    return [
        reverse(f"referents:{name}_add", args=[network.pk])
        for name in ("referent", "team_member", "assessor", "mlds_coordinator")
    ]


def _remove_urls(network, actors):
    return [
        reverse("referents:referent_remove", args=[network.pk, actors["referent"].pk]),
        reverse("referents:team_member_remove", args=[network.pk, actors["member"].pk]),
        reverse("referents:assessor_remove", args=[network.pk, actors["assessor"].pk]),
        reverse("referents:mlds_coordinator_remove", args=[network.pk, actors["coordinator"].pk]),
    ]


def _counts():
    return [model.objects.count() for model in (Referent, TeamMember, Assessor, MldsCoordinator)]


# --- who may see and do what ---


def test_anonymous_is_sent_to_login(client, network, actors):
    for url in [_list_url(network), *_add_urls(network), *_remove_urls(network, actors)]:
        response = client.post(url) if "retirer" in url else client.get(url)
        assert response.status_code == 302
        assert response.url.startswith("/connexion/")


def test_outsider_gets_404(client, network, actors, outsider):
    client.force_login(outsider)
    assert client.get(_list_url(network)).status_code == 404
    for url in [*_add_urls(network), *_remove_urls(network, actors)]:
        assert client.post(url).status_code == 404
    assert _counts() == [1, 1, 1, 1]


@pytest.mark.parametrize("role", ["committee_member", "ien_io", "steering"])
def test_readers_see_the_actors_without_edit_buttons(client, network, actors, role, request):
    client.force_login(request.getfixturevalue(role))
    response = client.get(_list_url(network))
    assert response.status_code == 200
    html = response.content.decode()
    for actor in actors.values():
        assert actor.user.get_full_name() in html
    assert "Retirer" not in html
    assert "Désigner" not in html
    assert "Ajouter" not in html


@pytest.mark.parametrize("role", ["committee_member", "ien_io", "steering"])
def test_readers_get_403_on_every_action(client, network, school, actors, role, request):
    client.force_login(request.getfixturevalue(role))
    data = {"establishment": school.pk, "user": UserFactory().email, "school_year": 2026}
    for url in _add_urls(network):
        assert client.get(url).status_code == 403
        assert client.post(url, {**data, "function": "psyen"}).status_code == 403
    for url in _remove_urls(network, actors):
        assert client.post(url).status_code == 403
    assert _counts() == [1, 1, 1, 1]


def test_the_lead_sees_the_edit_buttons_and_forms(client, network, actors, lead):
    client.force_login(lead)
    html = client.get(_list_url(network)).content.decode()
    assert html.count(">Retirer<") == 4
    assert 'aria-current="page">Acteurs opérationnels' in html
    for url in _add_urls(network):
        assert client.get(url).status_code == 200


def test_remove_actions_are_post_only(client, network, actors, lead):
    client.force_login(lead)
    for url in _remove_urls(network, actors):
        assert client.get(url).status_code == 405
    assert _counts() == [1, 1, 1, 1]


# --- the page ---


def test_referents_are_shown_per_school_year(client, network, school, lead):
    current = ReferentFactory(establishment=school, school_year=2026)
    former = ReferentFactory(establishment=school, school_year=2024)
    client.force_login(lead)
    html = client.get(_list_url(network)).content.decode()
    assert current.user.get_full_name() in html
    assert former.user.get_full_name() not in html
    assert "Référent décrochage 2026-2027" in html
    html = client.get(_list_url(network, annee=2024)).content.decode()
    assert former.user.get_full_name() in html
    assert current.user.get_full_name() not in html
    assert "Référent décrochage 2024-2025" in html


def test_a_bad_year_shows_the_current_one(client, network, school, lead):
    referent = ReferentFactory(establishment=school, school_year=2026)
    client.force_login(lead)
    response = client.get(_list_url(network, annee="1789"))
    assert response.status_code == 200
    assert referent.user.get_full_name() in response.content.decode()


def test_schools_without_referent_are_named(client, network, school, lead):
    network.establishments.add(EstablishmentFactory(academy=network.academy, kind="cio"))
    client.force_login(lead)
    html = client.get(_list_url(network)).content.decode()
    warning = html.split('id="missing-referents"')[1].split("</div>")[0]
    assert "Sans référent décrochage en 2026-2027 : Lycée Jean Moulin." in warning
    ReferentFactory(establishment=school)
    assert 'id="missing-referents"' not in client.get(_list_url(network)).content.decode()


def test_actors_of_other_networks_are_not_shown(client, network, school, lead):
    elsewhere = EstablishmentFactory()
    other = NetworkFactory()
    strangers = [
        ReferentFactory(establishment=elsewhere).user,
        TeamMemberFactory(establishment=elsewhere).user,
        AssessorFactory(network=other).user,
        MldsCoordinatorFactory(network=other).user,
    ]
    client.force_login(lead)
    html = client.get(_list_url(network)).content.decode()
    for user in strangers:
        assert user.get_full_name() not in html


def _populate(network, count):
    for _ in range(count):
        school = EstablishmentFactory(academy=network.academy)
        network.establishments.add(school)
        ReferentFactory(establishment=school)
        TeamMemberFactory(establishment=school)
        TeamMemberFactory(establishment=school, function="teacher")
        AssessorFactory(network=network)
        MldsCoordinatorFactory(network=network)


@pytest.mark.parametrize("role", ["lead", "committee_member"])
@pytest.mark.parametrize("count", [1, 20])
def test_the_page_costs_the_same_queries_whatever_the_rows(
    client, network, role, count, request, django_assert_max_num_queries
):
    _populate(network, count)
    client.force_login(request.getfixturevalue(role))
    with django_assert_max_num_queries(11):  # + the « À faire » count, the year selector
        response = client.get(_list_url(network))
    assert response.content.decode().count("mailto:") == 3 * count


# --- the lead's actions ---


def test_the_lead_names_a_referent(client, network, school, lead):
    user = UserFactory()
    client.force_login(lead)
    response = client.post(
        reverse("referents:referent_add", args=[network.pk]),
        {"establishment": school.pk, "user": user.email.upper(), "school_year": 2026},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == _list_url(network)
    html = response.content.decode()
    assert "référent(e) décrochage de Lycée Jean Moulin pour 2026-2027" in html
    referent = Referent.objects.get()
    assert (referent.establishment, referent.user, referent.school_year) == (school, user, 2026)


def test_a_referent_for_a_past_year_returns_to_that_year(client, network, school, lead):
    client.force_login(lead)
    response = client.post(
        reverse("referents:referent_add", args=[network.pk]),
        {"establishment": school.pk, "user": UserFactory().email, "school_year": 2024},
    )
    assert response.url == _list_url(network, annee=2024)


def test_the_add_form_is_prefilled_from_the_page(client, network, school, lead):
    client.force_login(lead)
    url = reverse("referents:referent_add", args=[network.pk])
    html = client.get(f"{url}?etablissement={school.pk}&annee=2024").content.decode()
    assert f'<option value="{school.pk}" selected>' in html
    assert '<option value="2024" selected>' in html


def test_the_same_referent_twice_is_explained(client, network, school, lead, actors):
    client.force_login(lead)
    response = client.post(
        reverse("referents:referent_add", args=[network.pk]),
        {"establishment": school.pk, "user": actors["referent"].user.email, "school_year": 2026},
    )
    assert response.status_code == 200
    assert "déjà référente décrochage de Lycée Jean Moulin" in response.content.decode()
    assert Referent.objects.count() == 1


def test_a_referent_outside_the_network_is_refused(client, network, lead):
    outside = EstablishmentFactory(academy=network.academy)
    client.force_login(lead)
    response = client.post(
        reverse("referents:referent_add", args=[network.pk]),
        {"establishment": outside.pk, "user": UserFactory().email, "school_year": 2026},
    )
    assert response.status_code == 200
    assert "Choisissez un établissement membre du réseau." in response.content.decode()
    assert not Referent.objects.exists()


@pytest.mark.parametrize("name", ["referent", "team_member", "assessor", "mlds_coordinator"])
def test_an_unknown_account_is_explained(client, network, school, lead, name):
    client.force_login(lead)
    response = client.post(
        reverse(f"referents:{name}_add", args=[network.pk]),
        {
            "establishment": school.pk,
            "user": "personne@inconnue.fr",
            "school_year": 2026,
            "function": "psyen",
        },
    )
    assert response.status_code == 200
    assert "Aucun compte actif ne correspond" in response.content.decode()
    assert _counts() == [0, 0, 0, 0]


def test_the_lead_adds_a_team_member(client, network, school, lead):
    user = UserFactory()
    client.force_login(lead)
    response = client.post(
        reverse("referents:team_member_add", args=[network.pk]),
        {"establishment": school.pk, "user": user.email, "function": "aed"},
        follow=True,
    )
    assert "rejoint l’équipe éducative de Lycée Jean Moulin" in response.content.decode()
    member = TeamMember.objects.get()
    assert (member.establishment, member.user, member.function) == (school, user, "aed")


def test_the_same_team_member_twice_is_explained(client, network, school, lead, actors):
    member = actors["member"]
    client.force_login(lead)
    response = client.post(
        reverse("referents:team_member_add", args=[network.pk]),
        {"establishment": school.pk, "user": member.user.email, "function": member.function},
    )
    assert "fait déjà partie de l’équipe éducative" in response.content.decode()
    assert TeamMember.objects.count() == 1


def test_the_lead_adds_an_assessor_who_then_sees_the_cases(client, network, lead):
    user = UserFactory()
    client.force_login(lead)
    response = client.post(
        reverse("referents:assessor_add", args=[network.pk]),
        {"user": user.email, "function": "mlds"},
        follow=True,
    )
    assert "(Personnel MLDS)" in response.content.decode()
    assert Assessor.objects.get().user == user
    assert perms.can_view_network_cases(user, network)


def test_the_same_assessor_twice_is_explained(client, network, lead):
    user = UserFactory()
    client.force_login(lead)
    url = reverse("referents:assessor_add", args=[network.pk])
    client.post(url, {"user": user.email, "function": "psyen"})
    response = client.post(url, {"user": user.email, "function": "mlds"})
    assert "déjà évaluatrice (COP/PsyEN ou MLDS) de ce réseau" in response.content.decode()
    assert Assessor.objects.get().function == "psyen"


def test_the_lead_adds_an_mlds_coordinator(client, network, lead):
    user = UserFactory()
    client.force_login(lead)
    url = reverse("referents:mlds_coordinator_add", args=[network.pk])
    response = client.post(url, {"user": user.email}, follow=True)
    assert "coordinateur/coordinatrice MLDS du réseau" in response.content.decode()
    assert MldsCoordinator.objects.get().user == user
    response = client.post(url, {"user": user.email})
    assert "déjà coordinatrice MLDS de ce réseau" in response.content.decode()
    assert MldsCoordinator.objects.count() == 1


def test_the_lead_removes_each_actor(client, network, actors, lead):
    messages = [
        "n’est plus référent(e) décrochage de Lycée Jean Moulin pour 2026-2027",
        "ne fait plus partie de l’équipe éducative de Lycée Jean Moulin",
        "n’est plus évaluateur/évaluatrice du réseau",
        "n’est plus coordinateur/coordinatrice MLDS du réseau",
    ]
    client.force_login(lead)
    for url, message in zip(_remove_urls(network, actors), messages, strict=True):
        response = client.post(url, follow=True)
        assert response.redirect_chain[-1][0] == _list_url(network)
        assert message in response.content.decode()
    assert _counts() == [0, 0, 0, 0]


def test_removing_an_assessor_revokes_the_cases(client, network, lead):
    user = UserFactory()
    client.force_login(lead)
    client.post(
        reverse("referents:assessor_add", args=[network.pk]),
        {"user": user.email, "function": "psyen"},
    )
    assessor = Assessor.objects.get()
    client.post(reverse("referents:assessor_remove", args=[network.pk, assessor.pk]))
    assert not perms.can_view_network_cases(user, network)


def test_removing_a_past_referent_returns_to_its_year(client, network, school, lead):
    referent = ReferentFactory(establishment=school, school_year=2024)
    client.force_login(lead)
    response = client.post(reverse("referents:referent_remove", args=[network.pk, referent.pk]))
    assert response.url == _list_url(network, annee=2024)
    assert not Referent.objects.exists()


def test_the_lead_cannot_remove_actors_of_another_network(client, network, lead):
    other = NetworkFactory(academy=network.academy)
    elsewhere = EstablishmentFactory(academy=network.academy)
    other.establishments.add(elsewhere)
    foreign = {
        "referent": ReferentFactory(establishment=elsewhere),
        "member": TeamMemberFactory(establishment=elsewhere),
        "assessor": AssessorFactory(network=other),
        "coordinator": MldsCoordinatorFactory(network=other),
    }
    client.force_login(lead)
    for url in _remove_urls(network, foreign):
        assert client.post(url).status_code == 404
    assert _counts() == [1, 1, 1, 1]
