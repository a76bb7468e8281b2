"""The académie's directory: search a person by name, invite someone without an account,
and one seat per person on a committee."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from foquale.accounts.models import User
from networks.enums import SeatRole
from networks.models import AccountInvitation
from networks.people import people_search
from tests.factories import (
    CommitteeSeatFactory,
    EstablishmentFactory,
    NetworkFactory,
    UserFactory,
)
from tests.referents.factories import ReferentFactory, TeamMemberFactory

pytestmark = pytest.mark.django_db
LINK = re.compile(r"https?://[^/\s]+(/invitation/[^\s\"<]+)")


@pytest.fixture
def establishment(network):
    establishment = EstablishmentFactory(academy=network.academy, name="Lycée Ampère")
    network.establishments.add(establishment)
    return establishment


@pytest.fixture
def referent(network, establishment):
    return ReferentFactory(network=network, establishment=establishment).user


@pytest.fixture
def people(network, establishment, referent):
    """Two Dupont in the académie (a seat, a team), one elsewhere, one with no role."""
    seated = UserFactory(first_name="Camille", last_name="Dupont")
    CommitteeSeatFactory(network=network, user=seated, role=SeatRole.OTHER)
    teacher = UserFactory(first_name="Élise", last_name="Dupont")
    TeamMemberFactory(establishment=establishment, user=teacher)
    elsewhere = UserFactory(first_name="Jean", last_name="Dupont")
    CommitteeSeatFactory(network=NetworkFactory(), user=elsewhere)
    UserFactory(first_name="Paul", last_name="Dupont")  # no role anywhere
    return {"seated": seated, "teacher": teacher, "elsewhere": elsewhere}


def test_search_lists_the_academys_accounts_with_their_establishment(network, people):
    found = people_search(network.academy_id, "dupont")
    assert [person.email for person in found] == [people["seated"].email, people["teacher"].email]
    assert found[1].label == "Élise DUPONT — Lycée Ampère"
    assert people_search(network.academy_id, "Élise dup")[0].email == people["teacher"].email
    assert people_search(network.academy_id, "d") == []  # too short to search


def test_json_search_who_may(client, network, committee_member, people, referent, request):
    url = reverse("networks:people_json", args=[network.pk]) + "?q=Dupont"
    answers = {}
    for role in ("outsider", "committee_member", "ien_io", "steering", "lead", "referent"):
        user = referent if role == "referent" else request.getfixturevalue(role)
        client.force_login(user)
        response = client.get(url)
        answers[role] = response.status_code
        if response.status_code == 200:
            results = response.json()["results"]
            assert {row["email"] for row in results} == {
                people["seated"].email,
                people["teacher"].email,
            }
            assert set(results[0]) == {"email", "label"}  # an account: no more
    assert answers == {
        "outsider": 404,
        "committee_member": 403,
        "ien_io": 403,
        "steering": 403,
        "lead": 200,
        "referent": 200,
    }
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith("/connexion/")


def test_search_costs_the_same_whatever_the_rows(
    client, network, lead, establishment, django_assert_max_num_queries
):
    client.force_login(lead)
    # A name no generated person has (Faker draws « Martin » now and then).
    url = reverse("networks:people_json", args=[network.pk]) + "?q=Martinvolume"
    for index in range(12):
        TeamMemberFactory(
            establishment=establishment,
            user=UserFactory(last_name="Martinvolume", first_name=f"P{index}"),
        )
    with django_assert_max_num_queries(8):
        response = client.get(url)
    assert len(response.json()["results"]) == 12


def test_without_javascript_the_search_page_chooses_for_the_seat_form(
    client, network, lead, people
):
    client.force_login(lead)
    seat_url = reverse("networks:seat_create", args=[network.pk, "pilote-mlds"])
    form_page = client.get(seat_url).content.decode()
    assert 'data-people-search="/reseaux/' in form_page and "<datalist" in form_page
    search_url = reverse("networks:people_search", args=[network.pk])
    assert f'href="{search_url}?suivant=' in form_page.replace("&amp;", "&")
    page = client.get(search_url, {"q": "Dupont", "suivant": seat_url, "champ": "user"})
    html = page.content.decode()
    assert f'action="{seat_url}"' in html
    assert (
        f'type="radio" id="person-{people["teacher"].pk}" name="user" value="{people["teacher"].email}"'
        in html
    )
    assert people["elsewhere"].email not in html
    # The radio's GET brings the address back into the form.
    back = client.get(seat_url, {"user": people["teacher"].email}).content.decode()
    assert f'value="{people["teacher"].email}"' in back


def test_an_outside_return_address_is_not_followed(client, network, lead):
    client.force_login(lead)
    url = reverse("networks:people_search", args=[network.pk])
    html = client.get(url, {"q": "x", "suivant": "https://evil.example/"}).content.decode()
    assert "evil.example" not in html


def test_invitation_creates_the_account_and_is_followed_to_a_first_log_in(
    client, network, lead, django_capture_on_commit_callbacks
):
    client.force_login(lead)
    seat_url = reverse("networks:seat_create", args=[network.pk, "pilote-mlds"])
    url = reverse("networks:people_search", args=[network.pk])
    data = {
        "first_name": "Inès",
        "last_name": "Haddad",
        "email": "ines.haddad@ac-test.fr",
        "suivant": seat_url,
        "champ": "user",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302
    assert response.url == f"{seat_url}?user=ines.haddad%40ac-test.fr"
    invited = User.objects.get(email="ines.haddad@ac-test.fr")
    assert not invited.has_usable_password() and invited.is_active
    assert AccountInvitation.objects.get(user=invited).academy == network.academy
    (message,) = mail.outbox
    assert message.to == ["ines.haddad@ac-test.fr"]
    assert "du réseau" in message.body and lead.get_full_name() in message.body
    link = LINK.search(message.body).group(1)
    # The invited person is now in the académie's directory.
    assert people_search(network.academy_id, "Haddad")[0].email == invited.email

    client.logout()
    response = client.get(link, follow=True)
    assert "Bienvenue dans FOQUALE" in response.content.decode()
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url,
        {
            "new_password1": "Un mot de passe solide 2026",
            "new_password2": "Un mot de passe solide 2026",
        },
    )
    assert response.status_code == 302 and response.url == reverse("accounts:login")
    response = client.post(
        reverse("accounts:login"),
        {"username": "ines.haddad@ac-test.fr", "password": "Un mot de passe solide 2026"},
    )
    assert response.status_code == 302
    assert client.get(reverse("home")).context["user"].email == "ines.haddad@ac-test.fr"
    client.logout()
    # Single use: the link no longer works.
    assert "n’est plus valide" in client.get(link, follow=True).content.decode()


def test_the_invitation_link_expires(
    client, network, lead, settings, monkeypatch, django_capture_on_commit_callbacks
):
    import datetime as dt

    from django.contrib.auth.tokens import default_token_generator

    client.force_login(lead)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("networks:people_search", args=[network.pk]),
            {"first_name": "Hugo", "last_name": "Roy", "email": "hugo.roy@ac-test.fr"},
        )
    link = LINK.search(mail.outbox[0].body).group(1)
    client.logout()
    # The token's own clock, moved past its lifetime.
    later = default_token_generator._now() + dt.timedelta(
        seconds=settings.PASSWORD_RESET_TIMEOUT + 3600
    )
    monkeypatch.setattr(default_token_generator, "_now", lambda: later)
    html = client.get(link, follow=True).content.decode()
    assert "n’est plus valide" in html


def test_inviting_an_existing_account_sends_nothing_and_chooses_it(
    client, network, lead, people, django_capture_on_commit_callbacks
):
    client.force_login(lead)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("networks:people_search", args=[network.pk]),
            {"first_name": "X", "last_name": "Y", "email": people["teacher"].email.upper()},
        )
    assert response.status_code == 302 and mail.outbox == []
    assert User.objects.filter(email__iexact=people["teacher"].email).count() == 1


def test_a_person_cannot_take_a_second_seat_through_the_form(
    client, network, lead, committee_member
):
    client.force_login(lead)
    url = reverse("networks:seat_create", args=[network.pk, "directeur-cio"])
    response = client.post(url, {"user": committee_member.email, "started_on": "2025-09-01"})
    html = response.content.decode().replace("\xa0", " ")
    assert response.status_code == 200
    assert "siège déjà au comité de ce réseau" in html
    assert network.seats.filter(user=committee_member).count() == 1


def test_search_page_who_may(client, network, committee_member, referent, request):
    url = reverse("networks:people_search", args=[network.pk]) + "?q=Dupont"
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith("/connexion/")
    answers = {}
    for role in ("outsider", "committee_member", "ien_io", "steering", "lead", "referent"):
        client.force_login(referent if role == "referent" else request.getfixturevalue(role))
        answers[role] = client.get(url).status_code
    assert answers == {
        "outsider": 404,
        "committee_member": 403,
        "ien_io": 403,
        "steering": 403,
        "lead": 200,
        "referent": 200,
    }
    client.force_login(request.getfixturevalue("committee_member"))
    response = client.post(url, {"first_name": "A", "last_name": "B", "email": "a.b@ac-test.fr"})
    assert response.status_code == 403
    assert not User.objects.filter(email="a.b@ac-test.fr").exists()


def test_a_bad_invitation_says_why_and_creates_nothing(client, network, lead):
    client.force_login(lead)
    response = client.post(
        reverse("networks:people_search", args=[network.pk]),
        {"first_name": "A", "last_name": "B", "email": "pas-une-adresse"},
    )
    assert "Saisissez une adresse électronique valide." in response.content.decode()
    assert mail.outbox == [] and not AccountInvitation.objects.exists()


def test_the_referents_actor_forms_offer_the_search(client, network, lead):
    client.force_login(lead)
    html = client.get(reverse("referents:assessor_add", args=[network.pk])).content.decode()
    assert f'data-people-search="/reseaux/{network.pk}/personnes.json"' in html


def test_an_invited_person_who_has_not_come_gets_the_invitation_again(
    network, lead, django_capture_on_commit_callbacks
):
    from foquale.accounts.invitations import account_invite

    with django_capture_on_commit_callbacks(execute=True):
        first, sent = account_invite(
            email="Lea.Roux@ac-test.fr",
            first_name="Léa",
            last_name="Roux",
            invited_by=lead,
            purpose="siéger au comité",
        )
        again, sent_again = account_invite(
            email="lea.roux@ac-test.fr",
            first_name="Léa",
            last_name="Roux",
            invited_by=lead,
            purpose="siéger au comité",
        )
    assert first == again and first.email == "lea.roux@ac-test.fr"
    assert sent and sent_again and len(mail.outbox) == 2
    # The link is not kept in the outbox once the message has left.
    from foquale.outbox.models import OutboxEmail

    assert all("/invitation/" not in row.body_text for row in OutboxEmail.objects.all())
