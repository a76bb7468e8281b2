"""People, papers and the family, in Chromium: a lead seats a committee member found by
name, an invitation e-mail is followed to a first log-in, a référent attaches the scanned
signed contract (the committee and the IEN-IO get a 404 on it), and the family page shows
whom to ask."""

import re

import pytest
from django.core import mail

from networks.enums import SeatRole
from referents.services import assessor_add
from tests.contracts.conftest import PathBuilder
from tests.contracts.factories import ReferentFactory, SolutionFactory, TeamMemberFactory
from tests.factories import PASSWORD, EstablishmentFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def establishment(network):
    establishment = EstablishmentFactory(academy=network.academy, name="Lycée Jacquard")
    network.establishments.add(establishment)
    return establishment


def log_in(browser, base_url: str, user, password: str = PASSWORD):
    context = browser.new_context(base_url=base_url, locale="fr-FR")
    page = context.new_page()
    page.goto("/connexion/")
    page.get_by_label("Adresse électronique").fill(user.email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()
    return context, page


def test_lead_seats_a_member_found_by_name(page, login, network, establishment):
    person = TeamMemberFactory(
        establishment=establishment, user__first_name="Mathilde", user__last_name="Pilote"
    ).user
    login(network.lead)
    page.goto(f"/reseaux/{network.pk}/comite/pilote-mlds/pourvoir/")
    field = page.get_by_label("Adresse électronique du membre")
    # With JavaScript: typing a name fills the suggestions with the académie's accounts.
    field.press_sequentially("Pilo", delay=50)
    option = page.locator(f"datalist option[value='{person.email}']")
    option.wait_for(state="attached")
    assert "Lycée Jacquard" in option.get_attribute("label")
    # The search page (what works without JavaScript): search, choose, come back.
    page.get_by_role("link", name=re.compile("Chercher une personne par son nom")).click()
    page.get_by_label("Nom, prénom ou début de l’adresse").fill("Pilote")
    page.get_by_role("button", name="Rechercher").click()
    page.get_by_label(re.compile("Mathilde PILOTE")).check()
    page.get_by_role("button", name="Choisir cette personne").click()
    page.wait_for_load_state()
    assert page.get_by_label("Adresse électronique du membre").input_value() == person.email
    page.get_by_role("button", name="Pourvoir le siège").click()
    page.wait_for_url(re.compile(re.escape(network.get_absolute_url()) + "$"))
    assert "Mathilde PILOTE siège au comité" in page.get_by_role("status").first.inner_text()
    assert network.seats.active().get(user=person).role == SeatRole.MLDS_PILOT


def test_an_invitation_is_followed_to_a_first_log_in(page, login, network, browser, live_server):
    login(network.lead)
    page.goto(f"/reseaux/{network.pk}/comite/directeur-cio/pourvoir/")
    page.get_by_role("link", name=re.compile("Chercher une personne par son nom")).click()
    page.get_by_label("Prénom", exact=True).fill("Océane")
    page.get_by_label("Nom", exact=True).fill("Directrice")
    page.get_by_label("Adresse électronique professionnelle").fill("oceane.directrice@ac-test.fr")
    page.get_by_role("button", name="Envoyer l’invitation").click()
    page.wait_for_load_state()
    field = page.get_by_label("Adresse électronique du membre")
    assert field.input_value() == "oceane.directrice@ac-test.fr"
    page.get_by_role("button", name="Pourvoir le siège").click()
    page.wait_for_url(re.compile(re.escape(network.get_absolute_url()) + "$"))

    (message,) = [m for m in mail.outbox if m.to == ["oceane.directrice@ac-test.fr"]]
    link = re.search(r"https?://[^/\s]+(/invitation/\S+)", message.body).group(1)
    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    invited = context.new_page()
    invited.goto(link)
    assert invited.get_by_role("heading", level=1).inner_text() == "Bienvenue dans FOQUALE"
    # The labels carry the password rules as a hint: the fields are found by their name.
    invited.locator("input[name=new_password1]").fill("Un mot de passe solide 2026")
    invited.locator("input[name=new_password2]").fill("Un mot de passe solide 2026")
    invited.get_by_role("button", name="Enregistrer mon mot de passe").click()
    invited.wait_for_url(re.compile("/connexion/$"))
    invited.get_by_label("Adresse électronique").fill("oceane.directrice@ac-test.fr")
    invited.get_by_label("Mot de passe").fill("Un mot de passe solide 2026")
    invited.get_by_role("button", name="Se connecter").click()
    invited.wait_for_load_state()
    assert "Océane DIRECTRICE" in invited.locator("header").inner_text()
    # The link worked once.
    invited.goto(link)
    assert "n’est plus valide" in invited.locator("main").inner_text()
    context.close()


@pytest.fixture
def path(network, establishment):
    assessor = UserFactory()
    assessor_add(network=network, user=assessor, function="psyen", by=network.lead)
    return PathBuilder(
        network,
        establishment,
        ReferentFactory(establishment=establishment, user__first_name="Rémi").user,
        assessor,
        TeamMemberFactory(
            establishment=establishment, user__first_name="Thomas", user__last_name="Tuteur"
        ).user,
        SolutionFactory(network=network, host=establishment, places=3),
    )


def test_referent_attaches_the_scan_and_committee_and_ien_io_get_404(
    page, login, path, network, browser, live_server, committee_member, ien_io
):
    contract = path.active()
    login(path.referent)
    page.goto(contract.get_absolute_url())
    page.get_by_role("link", name="Joindre le contrat signé numérisé").click()
    page.get_by_label("Fichier").set_input_files(
        {"name": "scan.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Joindre le document").click()
    page.wait_for_load_state()
    assert "Le document est joint au contrat." in page.get_by_role("status").first.inner_text()
    link = page.locator("#pieces-jointes a", has_text="Télécharger")
    url = link.get_attribute("href")
    with page.expect_download() as download:
        link.click()
    with open(download.value.path(), "rb") as handle:
        assert handle.read() == PDF
    for reader in (committee_member, ien_io):
        context, other = log_in(browser, live_server.url, reader)
        assert other.request.get(url).status == 404
        context.close()


def test_family_page_shows_the_contacts(path, browser, live_server):
    contract = path.active(first_name="Inès", email="ines@example.org")
    token = re.search(r"/famille/([\w-]+)/", mail.outbox[-1].body).group(1)
    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    family = context.new_page()
    family.goto(f"/famille/{token}/")
    assert family.get_by_role("heading", level=1).inner_text() == "Le contrat FOQUALE d’Inès"
    main = family.locator("main").inner_text()
    assert "Thomas TUTEUR" in main and contract.tutor.email in main
    assert path.referent.get_full_name() in main and path.referent.email in main
    assert "Prochain bilan de situation" in main
    assert "Se connecter" not in family.locator("body").inner_text()
    context.close()
