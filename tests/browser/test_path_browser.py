"""A référent takes a new young person from the first contact to an active contract, in
Chromium; the tutor downloads the signed PDF; the family link opens it without an account
until it expires."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone

from contracts.enums import ContractStatus, Step
from contracts.models import Contract, FamilyLink, Youth
from referents.services import assessor_add
from tests.contracts.factories import ReferentFactory, SolutionFactory, TeamMemberFactory
from tests.factories import EstablishmentFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def actors(network):
    establishment = EstablishmentFactory(academy=network.academy, name="Lycée Jacquard")
    network.establishments.add(establishment)
    assessor = UserFactory(first_name="Élise", last_name="Bilan")
    assessor_add(network=network, user=assessor, function="psyen", by=network.lead)
    return {
        "referent": ReferentFactory(establishment=establishment).user,
        "tutor": TeamMemberFactory(
            establishment=establishment, user__first_name="Thomas", user__last_name="Tuteur"
        ).user,
        "solution": SolutionFactory(network=network, title="Micro-lycée Lumière", places=5),
    }


def submit(page, name: str) -> None:
    page.get_by_role("button", name=name).click()
    page.wait_for_load_state()


def test_referent_takes_a_youth_from_contact_to_an_active_contract(page, login, actors, browser):
    login(actors["referent"])
    assert page.url.endswith("/jeunes/")

    page.get_by_role("link", name="Nouveau jeune").click()
    page.get_by_label("Nom", exact=True).fill("Lambert")
    page.get_by_label("Prénom", exact=True).fill("Chloé")
    birth = timezone.localdate().replace(year=timezone.localdate().year - 17)
    page.get_by_label("Date de naissance").fill(birth.isoformat())
    page.get_by_label("INE (Optionnel)").fill("1234567890a")
    page.get_by_label("Adresse électronique (Optionnel)").fill("chloe.lambert@example.org")
    page.get_by_label("Origine du contact").select_option(label="Contact par la plateforme (PSAD)")
    page.get_by_label("Moyen du contact").select_option(label="Entretien")
    submit(page, "Ouvrir le dossier")
    assert page.get_by_role("heading", level=1).inner_text() == "Chloé LAMBERT"
    assert "Le dossier du jeune est ouvert" in page.content()

    page.get_by_role("link", name="Ajouter un représentant légal").click()
    page.get_by_label("Nom", exact=True).fill("Lambert")
    page.get_by_label("Prénom", exact=True).fill("Sophie")
    page.get_by_label("Lien avec le jeune").select_option(label="Mère")
    page.get_by_label("Adresse électronique (Optionnel)").fill("sophie.lambert@example.org")
    submit(page, "Ajouter")

    page.get_by_role("link", name="Enregistrer le bilan").click()
    page.get_by_label("Bilan conduit par").select_option(label="Élise BILAN")
    page.get_by_label("Constats").fill("Motivée, souhaite reprendre vers un baccalauréat.")
    submit(page, "Enregistrer le bilan")
    assert "Le bilan est enregistré." in page.content()

    page.get_by_role("link", name="Proposer un retour en formation").click()
    page.get_by_label("Type de proposition").select_option(
        label="Micro-lycée / structure de retour à l’école"
    )
    page.get_by_label(
        "Solution du catalogue (réseau du jeune, puis réseaux voisins) (Optionnel)"
    ).select_option(label="Micro-lycée Lumière (5 place(s) libre(s))")
    submit(page, "Enregistrer la proposition")

    page.get_by_role("link", name="Enregistrer la réponse").click()
    page.get_by_text("Le jeune accepte la proposition").click()
    submit(page, "Enregistrer la réponse")

    page.get_by_role("link", name="Établir le contrat").click()
    page.get_by_label("Tuteur", exact=True).select_option(label="Thomas TUTEUR")
    assert page.get_by_label("Rythme des bilans de situation (en semaines)").input_value() == "4"
    submit(page, "Établir le contrat")
    assert (
        page.locator("#contract-status").inner_text().strip().lower() == "en attente de signatures"
    )

    for party in (
        "Thomas TUTEUR — Tuteur",
        "Chloé LAMBERT — Jeune",
        "Sophie LAMBERT — Mère (représentant légal)",
    ):
        page.get_by_role("link", name="Enregistrer une signature").click()
        page.get_by_label("Signataire").select_option(label=party)
        page.get_by_label("Mode de signature").select_option(
            label="Signature en présence du référent"
        )
        submit(page, "Enregistrer la signature")

    assert "le contrat est actif" in page.content()
    assert page.locator("#contract-status").inner_text().strip().lower() == "actif"
    youth = Youth.objects.get()
    contract = Contract.objects.get()
    assert youth.step == Step.ACTIVE and contract.status == ContractStatus.ACTIVE
    assert [t.to_step for t in youth.transitions.all()] == [
        Step.CONTACT,
        Step.ASSESSMENT,
        Step.PROPOSAL,
        Step.CONTRACT,
        Step.ACTIVE,
    ]

    # The tutor opens the contract and downloads the signed PDF.
    tutor_context = browser.new_context(base_url=page.url.split("/contrats/")[0], locale="fr-FR")
    tutor_page = tutor_context.new_page()
    tutor_page.goto("/connexion/")
    tutor_page.get_by_label("Adresse électronique").fill(actors["tutor"].email)
    tutor_page.get_by_label("Mot de passe").fill("mot-de-passe-de-test")
    tutor_page.get_by_role("button", name="Se connecter").click()
    tutor_page.wait_for_load_state()
    assert tutor_page.url.endswith("/tuteur/")
    tutor_page.get_by_role("link", name=str(contract)).click()
    link = tutor_page.get_by_role("link", name="Télécharger la version 1")
    pdf = tutor_page.request.get(link.get_attribute("href"))
    assert pdf.headers["content-type"] == "application/pdf"
    signed_pdf = pdf.body()
    assert signed_pdf.startswith(b"%PDF")
    tutor_context.close()

    # The family opens the same document through its link, without an account.
    assert sorted(m.to[0] for m in mail.outbox) == [
        "chloe.lambert@example.org",
        "sophie.lambert@example.org",
    ]
    token = re.search(r"/famille/([\w-]+)/", mail.outbox[0].body).group(1)
    family_context = browser.new_context(base_url=page.url.split("/contrats/")[0], locale="fr-FR")
    family_page = family_context.new_page()
    family_page.goto(f"/famille/{token}/")
    assert family_page.get_by_role("heading", level=1).inner_text() == "Le contrat FOQUALE de Chloé"
    family_pdf = family_page.request.get(
        family_page.get_by_role("link", name="Télécharger le contrat signé (PDF)").get_attribute(
            "href"
        )
    )
    assert family_pdf.body() == signed_pdf
    FamilyLink.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    response = family_page.goto(f"/famille/{token}/")
    assert response.status == 404
    assert family_page.get_by_role("heading", level=1).inner_text() == "Page introuvable"
    family_context.close()
