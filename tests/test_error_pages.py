"""The error pages are the site's, in French: 500 without any context, 404 under DEBUG too."""

import logging

import pytest

pytestmark = pytest.mark.django_db
UNKNOWN_FAMILY_LINK = "/famille/" + "a" * 43 + "/"


@pytest.mark.urls("tests.error_urls")
def test_an_unexpected_error_shows_the_french_500_page(client, caplog):
    client.raise_request_exception = False
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="fr"' in html
    assert "<h1>Erreur inattendue</h1>" in html
    assert "Revenir à l’accueil" in html
    assert "dsfr.min.css" in html


@pytest.mark.parametrize("url", ["/cette-page-n-existe-pas/", UNKNOWN_FAMILY_LINK])
def test_under_debug_a_404_is_the_site_s_page_too(client, settings, url):
    settings.DEBUG = True
    response = client.get(url)
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page introuvable" in html and '<html lang="fr"' in html
    assert "URLconf" not in html and "Django" not in html


def test_without_debug_the_404_page_is_unchanged(client):
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


@pytest.mark.urls("tests.error_urls")
def test_under_debug_an_unexpected_error_is_the_site_s_500_page_too(client, settings, caplog):
    settings.DEBUG = True
    client.raise_request_exception = False
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "<h1>Erreur inattendue</h1>" in html and "Traceback" not in html
    assert "an unexpected failure" in caplog.text  # the developer still reads the traceback


@pytest.mark.urls("tests.error_urls")
def test_under_debug_a_refusal_is_the_site_s_403_page(client, settings):
    settings.DEBUG = True
    response = client.get("/refused/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "Action non autorisée" in html and '<html lang="fr"' in html


def test_under_debug_an_unknown_network_is_the_site_s_404(client, settings, lead):
    settings.DEBUG = True
    client.force_login(lead)
    response = client.get("/reseaux/999999/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()
