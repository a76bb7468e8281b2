import pytest
from django.core import mail
from django.urls import reverse

from foquale.outbox.models import EmailStatus, OutboxEmail
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_login_page_is_french_dsfr(client):
    response = client.get("/connexion/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="fr"' in html
    assert "fr-header" in html and "fr-footer" in html
    assert "Connexion à FOQUALE" in html


def test_login_with_email_lands_on_home(client):
    user = UserFactory(email="cpe@ac-test.fr")
    response = client.post("/connexion/", {"username": "CPE@ac-test.fr", "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert client.get(reverse("home")).context["user"] == user


def test_wrong_password_gives_french_error(client):
    UserFactory(email="cpe@ac-test.fr")
    response = client.post("/connexion/", {"username": "cpe@ac-test.fr", "password": "faux"})
    assert response.status_code == 200
    assert "Adresse électronique ou mot de passe incorrect" in response.content.decode()


def test_lockout_after_repeated_failures(client, settings):
    UserFactory(email="cpe@ac-test.fr")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/connexion/", {"username": "cpe@ac-test.fr", "password": "faux"})
    response = client.post("/connexion/", {"username": "cpe@ac-test.fr", "password": PASSWORD})
    assert response.status_code == 429
    assert "Compte temporairement bloqué" in response.content.decode()


def test_password_reset_sends_french_mail_through_the_outbox(
    client, django_capture_on_commit_callbacks
):
    UserFactory(email="cpe@ac-test.fr")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password_reset"), {"email": "cpe@ac-test.fr"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "réinitialisation" in mail.outbox[0].subject
    assert "/mot-de-passe/nouveau/" in mail.outbox[0].body
    row = OutboxEmail.objects.get(kind="password_reset")
    assert (row.to, row.status) == (["cpe@ac-test.fr"], EmailStatus.SENT)


def test_logout_is_a_post(client):
    client.force_login(UserFactory())
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302
