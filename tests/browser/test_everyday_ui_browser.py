"""Every role's main page in Chromium, on a 390 px phone and on a desktop: the page never
scrolls sideways, the list's main action is within the screen, no script error, and axe-core
finds no serious or critical WCAG 2.1 A/AA violation. A tutor records a bilan on a phone.

With HELP_SCREENSHOTS=1 the test also takes the screenshots of the « Premiers pas » guides
(`static/help/`, committed)."""

import os
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core.management import call_command

from networks.demo import DEMO_PASSWORD, demo_user

from .a11y import axe_violations, fully_visible, overflowing, scrolls_sideways

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
HELP_DIR = Path(__file__).resolve().parents[2] / "static" / "help"
TAKE_SCREENSHOTS = os.environ.get("HELP_SCREENSHOTS") == "1"

# The first row's link of « Tous les dossiers » (the « À contacter » table above it is not
# the list's main action).
YOUTH_LIST_ACTION = ".fr-table__content table tbody tr:first-child td:first-child a"

# Demo login: (where the role lands, the row's main action of its list, if any, the
# guide whose screenshot this page is, on which screen).
ROLES = {
    "referent": ("/jeunes/", YOUTH_LIST_ACTION, ("referent", DESKTOP)),
    "evaluateur": ("/jeunes/", YOUTH_LIST_ACTION, None),
    "tuteur": ("/tuteur/", "text=Enregistrer le bilan >> nth=0", ("tuteur", PHONE)),
    "responsable": ("/reseaux/", None, ("responsable", DESKTOP)),
    "comite": ("/reseaux/", None, None),
    "ien-io": ("/", None, ("ien-io", DESKTOP)),
    "pilotage": ("/", None, None),
    "dpo": ("/protection-des-donnees/journal/", None, None),
    "plateforme": ("/listes/", None, ("gestionnaire", DESKTOP)),
}


@pytest.fixture
def demo(settings):
    settings.DEMO, settings.DEBUG = True, True
    call_command("seed_demo", verbosity=0)
    settings.DEBUG = False


@contextmanager
def tab(browser, live_server, viewport):
    """A tab of a fresh context at `viewport`; the script errors and the refusals of the
    Content-Security-Policy it met, checked at the end."""
    context = browser.new_context(base_url=live_server.url, locale="fr-FR", viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and errors.append(message.text),
    )
    try:
        yield page
    finally:
        context.close()
    assert not errors, errors


def log_in(page, login: str) -> None:
    page.goto("/connexion/")
    page.get_by_label("Adresse électronique").fill(demo_user(login).email)
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()


def check_page(page, where: str) -> None:
    assert not scrolls_sideways(page), f"{where}: the page scrolls sideways: {overflowing(page)}"
    assert axe_violations(page) == [], where


def test_each_role_s_main_page_on_a_phone_and_a_desktop(browser, live_server, demo):
    for login, (landing, action, guide) in ROLES.items():
        for viewport in (PHONE, DESKTOP):
            where = f"{login} at {viewport['width']} px"
            with tab(browser, live_server, viewport) as page:
                log_in(page, login)
                assert landing in page.url, where
                check_page(page, where)
                if action:
                    target = page.locator(action)
                    assert fully_visible(target), f"{where}: the main action is off screen"
                if TAKE_SCREENSHOTS and guide and guide[1] is viewport:
                    HELP_DIR.mkdir(parents=True, exist_ok=True)
                    page.screenshot(path=str(HELP_DIR / f"{guide[0]}.png"))


def test_filters_fold_on_a_phone_and_stay_open_on_a_desktop(browser, live_server, demo):
    with tab(browser, live_server, PHONE) as page:
        log_in(page, "responsable")
        page.goto("/jeunes/")
        search = page.get_by_label("Nom ou INE")
        assert not search.is_visible()
        first_row = page.locator(YOUTH_LIST_ACTION)
        assert first_row.bounding_box()["y"] < PHONE["height"], "a result on the first screen"
        page.locator("summary", has_text="Filtrer").click()
        assert search.is_visible()
        page.get_by_label("Bilans de situation").select_option(label="En retard")
        page.get_by_role("button", name="Filtrer").click()
        page.wait_for_load_state()
        assert "reviews=retard" in page.url
        assert page.locator("table tbody tr").count() >= 1
        # Sorted by a header, kept by the pages and the export link.
        page.get_by_role("link", name="Contact le").click()
        page.wait_for_load_state()
        assert (
            page.locator('th[aria-sort="descending"]').count()
            + page.locator('th[aria-sort="ascending"]').count()
            == 1
        )
        href = page.get_by_role("link", name="Exporter la liste (CSV)").get_attribute("href")
        assert "tri=" in href and "reviews=retard" in href
        check_page(page, "youth list, filtered and sorted, on a phone")
    with tab(browser, live_server, DESKTOP) as page:
        log_in(page, "responsable")
        page.goto("/jeunes/")
        assert page.get_by_label("Nom ou INE").is_visible()


def test_a_tutor_records_a_bilan_on_a_phone(browser, live_server, demo):
    with tab(browser, live_server, PHONE) as page:
        log_in(page, "tuteur")
        record = page.get_by_role("link", name="Enregistrer le bilan").first
        assert fully_visible(record)
        record.click()
        page.wait_for_load_state()
        assert page.get_by_role("heading", level=1).inner_text() == "Nouveau bilan de situation"
        check_page(page, "review form on a phone")
        page.get_by_label("Progrès").fill("Assidu, a rattrapé les évaluations du trimestre.")
        page.get_by_label("Décisions et suites à donner").fill("Point dans un mois.")
        submit = page.get_by_role("button", name="Enregistrer le bilan")
        submit.scroll_into_view_if_needed()
        assert fully_visible(submit)
        submit.click()
        page.wait_for_load_state()
        assert "enregistré" in page.locator(".fr-alert--success").inner_text()
        check_page(page, "reviews of a contract on a phone")


def test_public_pages_have_no_script_error_and_pass_axe(browser, live_server, db):
    for viewport in (PHONE, DESKTOP):
        with tab(browser, live_server, viewport) as page:
            for url in ("/connexion/", "/aide/", "/aide/tuteur/", "/plan-du-site/"):
                page.goto(url)
                page.wait_for_load_state()
                check_page(page, f"{url} at {viewport['width']} px")
            page.goto("/aide/")
            if viewport is PHONE:
                page.get_by_role("button", name="Menu").click()
                assert (
                    page.locator("#fr-menu-mobile")
                    .get_by_role("link", name="Se connecter")
                    .is_visible()
                )
