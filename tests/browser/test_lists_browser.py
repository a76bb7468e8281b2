"""The platform's gestionnaire imports the demo's messy list in Chromium, fixes a column,
confirms, follows the progress, shares out the rest; the lead and the référent then see
the new young people « à contacter »."""

from pathlib import Path

import pytest

from contracts.enums import Step
from contracts.models import Youth
from networks.grants import refresh_network_grants
from tests.contracts.factories import ReferentFactory
from tests.factories import EstablishmentFactory, NetworkFactory, PlatformFactory
from tests.intake.factories import ListManagerFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "liste_siei_exemple.csv"


@pytest.fixture
def platform_lists(network):
    """The demo's establishments named in the example: the référent's school and another
    of the network, one of a second network of the platform, one of another platform."""
    school = EstablishmentFactory(academy=network.academy, uai="0010850U", name="Collège Blanc")
    network.establishments.add(
        school,
        EstablishmentFactory(academy=network.academy, uai="0697635Z"),
        EstablishmentFactory(academy=network.academy, uai="0699713H"),
        EstablishmentFactory(academy=network.academy, uai="0690225V"),
    )
    beaujolais = NetworkFactory(
        academy=network.academy, platform=network.platform, name="Réseau Beaujolais"
    )
    beaujolais.establishments.add(
        *(
            EstablishmentFactory(academy=network.academy, uai=uai)
            for uai in ("0016368S", "0424804U", "0698383M")
        )
    )
    loire = NetworkFactory(
        academy=network.academy, platform=PlatformFactory(academy=network.academy)
    )
    loire.establishments.add(
        EstablishmentFactory(academy=network.academy, uai="0427367E"),
        EstablishmentFactory(academy=network.academy, uai="0015835M"),
    )
    refresh_network_grants(beaujolais)
    refresh_network_grants(loire)
    return {
        "manager": ListManagerFactory(platform=network.platform).user,
        "referent": ReferentFactory(establishment=school, network=network).user,
        "lead": network.lead,
    }


def submit(page, name: str) -> None:
    page.get_by_role("button", name=name).click()
    page.wait_for_load_state()


def test_manager_imports_shares_out_and_the_network_sees_them(
    page, login, platform_lists, network, browser
):
    login(platform_lists["manager"])
    assert page.url.endswith("/listes/")
    page.get_by_label("Liste des jeunes (CSV ou XLSX)").set_input_files(str(EXAMPLE))
    submit(page, "Lire le fichier")

    # The mapping: found below two title lines; « N° INE » is not a usual name: fix it.
    assert "en-tête trouvé ligne 3" in page.content()
    page.get_by_label("INE (Optionnel)", exact=True).select_option("N° INE")
    submit(page, "Voir l’aperçu")

    counts = page.locator("#preview-counts").inner_text()
    assert "10 nouveaux jeunes confiés directement à un réseau" in counts
    assert "4 nouveaux jeunes à répartir" in counts
    assert "6 lignes refusées" in counts
    assert "Nationalité" in page.content()  # dropped, and said so
    assert not Youth.objects.exists()
    submit(page, "Confirmer l’import")

    # The progress page (the worker is eager here: done at once) leads to the result.
    assert "/listes/" in page.url
    assert "Nouveaux jeunes confiés à un réseau" in page.content()
    page.get_by_role("link", name="Répartir les jeunes restants").click()
    page.wait_for_load_state()
    page.get_by_label("Choisir PERRIN Hugo").check(force=True)
    page.get_by_label("Choisir LAMBERT Chloé").check(force=True)
    page.get_by_label("Réseau et établissement du référent qui les suivra").select_option(
        label=f"{network.name} — Collège Blanc (0010850U)"
    )
    submit(page, "Confier au réseau")
    assert "2 jeune(s) confié(s) au réseau" in page.content()
    assert Youth.objects.filter(network=network, step=Step.TO_CONTACT).count() == 9

    for who in ("referent", "lead"):
        page.context.clear_cookies()
        login(platform_lists[who])
        page.goto("/jeunes/")
        section = page.locator("#to-contact").inner_text()
        assert "PERRIN Hugo" in section and "15 jours restants" in section
    page.locator("#to-contact").get_by_role("link", name="PERRIN Hugo").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Enregistrer le premier contact").click()
    submit(page, "Enregistrer le premier contact")
    assert "Le premier contact est enregistré." in page.content()
