"""The « Premiers pas » guides, linked from the header, and the complete « Plan du site »."""

import re

import pytest
from django.conf import settings
from django.urls import NoReverseMatch, resolve, reverse

from reporting.help import GUIDES
from tests.factories import PlatformFactory, UserFactory
from tests.intake.factories import ListManagerFactory

pytestmark = pytest.mark.django_db


def test_help_is_linked_from_the_header_for_everyone(client):
    assert 'href="/aide/">Aide</a>' in client.get(reverse("accounts:login")).content.decode()
    client.force_login(UserFactory())
    assert 'href="/aide/">Aide</a>' in client.get(reverse("footer-sitemap")).content.decode()


def test_help_index_lists_a_guide_per_role(client):
    html = client.get(reverse("help:index")).content.decode()
    for slug, (role, _summary) in GUIDES.items():
        assert f'href="/aide/{slug}/">Premiers pas : {role}</a>' in html
    assert {"Responsable de réseau", "Référent décrochage", "Tuteur", "IEN-IO"} <= {
        role for role, _ in GUIDES.values()
    }
    assert "Gestionnaire de plateforme" in html


@pytest.mark.parametrize("slug", list(GUIDES))
def test_each_guide_is_public_french_and_its_screenshot_exists(client, slug):
    """Every role's guide shows the screenshot the browser test takes of its page
    (`tests/browser/test_everyday_ui_browser.py`, HELP_SCREENSHOTS=1), committed."""
    response = client.get(reverse("help:guide", args=[slug]))
    assert response.status_code == 200
    html = response.content.decode()
    assert f"<h1>Premiers pas : {GUIDES[slug][0]}</h1>" in html
    images = re.findall(r'<img[^>]* src="/static/(help/[^"]+)"[^>]*>', html)
    assert images == [f"help/{slug}.png"], "one screenshot per guide"
    for image in images:
        path = settings.BASE_DIR / "static" / image
        assert path.is_file(), image
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", image
    for tag in re.findall(r'<img[^>]* src="/static/help/[^>]*>', html):
        assert re.search(r'alt="[^"]{20,}"', tag), "each screenshot is described"


def test_the_list_manager_s_guide_links_to_the_real_pages(client, settings):
    """The gestionnaire's guide walks through the import and quotes the figures in force;
    logged in, a gestionnaire gets the links to their own platforms' pages, no other."""
    settings.FIRST_INTERVIEW_DAYS, settings.FIRST_INTERVIEW_REFERENT_DAYS = 20, 12
    url = reverse("help:guide", args=["gestionnaire"])
    html = client.get(url).content.decode()
    assert f'href="{reverse("intake:home")}"' in html
    for step in (
        "Lire le fichier",
        "Voir l’aperçu",
        "Confirmer l’import",
        "Lignes refusées et motifs (CSV)",
        "Confier au réseau",
        "Annuler l’import",
    ):
        assert f"« {step} »" in html, step
    assert "la règle des 20 jours" in html and "au bout de 12 jours" in html
    assert "/listes/plateformes/" not in html

    manager = ListManagerFactory()
    other = PlatformFactory()
    client.force_login(manager.user)
    html = client.get(url).content.decode()
    assert f'href="{reverse("intake:pending", args=[manager.platform_id])}"' in html
    assert f'href="{reverse("intake:history", args=[manager.platform_id])}"' in html
    assert reverse("intake:pending", args=[other.pk]) not in html

    client.force_login(UserFactory())
    assert "/listes/plateformes/" not in client.get(url).content.decode()


def test_an_unknown_guide_is_a_404(client):
    assert client.get("/aide/inconnu/").status_code == 404


def test_sitemap_links_every_page_without_an_id(client):
    """Every page whose address needs no id (and that a person opens: not an export, a
    log-out or a confirmation step) is linked from the « Plan du site »."""
    html = client.get(reverse("footer-sitemap")).content.decode()
    linked = set(re.findall(r'<a [^>]*href="(/[^"]*)"', html))
    expected = [
        "home",
        "accounts:login",
        "accounts:password_reset",
        "networks:list",
        "contracts:youth_list",
        "contracts:youth_create",
        "contracts:tutor_home",
        "contracts:read_log",
        "reviews:due",
        "reviews:calendar",
        "solutions:practice_list",
        "solutions:catalogue_home",
        "reporting:dashboard",
        "help:index",
        "footer-accessibility-status",
        "footer-legal-notice",
        "footer-personal-data",
        "footer-cookie-management",
    ]
    for name in expected:
        assert reverse(name) in linked, name
    for slug in GUIDES:
        assert reverse("help:guide", args=[slug]) in linked
    for url in linked:
        try:
            resolve(url.split("?")[0])
        except NoReverseMatch:  # pragma: no cover - resolve raises Resolver404
            raise
