"""A minor's contract signed online in Chromium: the référent sends the invitations, the
tutor signs logged in, the young person and both guardians sign through their links with
the codes mailed to them; the final PDF ends with its « Certificat de signature », which
the public verification page recognises, and refuses once one byte is changed."""

import re
import subprocess

import pytest
from django.core import mail
from django.utils import timezone

from contracts.enums import ContractStatus, Step
from contracts.models import Contract
from referents.services import assessor_add
from tests.contracts.conftest import PathBuilder
from tests.contracts.esign_helpers import last_code, links_in_outbox
from tests.contracts.factories import ReferentFactory, SolutionFactory, TeamMemberFactory
from tests.factories import EstablishmentFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def submit(page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()


def new_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    page = context.new_page()
    # The last signature renders the signed PDF in the request: slow on a busy machine.
    page.set_default_timeout(60_000)
    return context, page


@pytest.fixture
def path(network):
    establishment = EstablishmentFactory(academy=network.academy)
    network.establishments.add(establishment)
    assessor = UserFactory()
    assessor_add(network=network, user=assessor, function="psyen", by=network.lead)
    return PathBuilder(
        network,
        establishment,
        ReferentFactory(establishment=establishment).user,
        assessor,
        TeamMemberFactory(establishment=establishment).user,
        SolutionFactory(network=network, host=establishment, places=2),
    )


def test_a_minors_contract_signed_online_by_every_party(
    page, login, browser, live_server, path, tmp_path
):
    referent, tutor = path.referent, path.tutor
    contract = path.contract(minor=True, guardians=2)
    youth = contract.youth
    sophie, karim = youth.guardians.order_by("id")

    login(referent)
    page.goto(contract.get_absolute_url())
    page.get_by_role("link", name="Faire signer (en ligne ou sur papier)").click()
    mail.outbox.clear()
    submit(page, "Enregistrer et envoyer les invitations")
    assert "Modes de signature enregistrés : 4 courriel(s) envoyé(s)" in page.content()
    links = links_in_outbox()
    assert set(links) == {youth.email, sophie.email, karim.email}

    # The tutor signs logged in: name and box, no code.
    tutor_context, tutor_page = new_page(browser, live_server)
    tutor_page.goto("/connexion/")
    tutor_page.get_by_label("Adresse électronique").fill(tutor.email)
    tutor_page.get_by_label("Mot de passe").fill("mot-de-passe-de-test")
    tutor_page.get_by_role("button", name="Se connecter").click()
    tutor_page.wait_for_load_state()
    tutor_page.goto(contract.get_absolute_url())
    tutor_page.get_by_role("link", name="Signer en ligne").click()
    tutor_page.get_by_label("Votre prénom et votre nom").fill(tutor.get_full_name())
    tutor_page.get_by_text("J’ai lu le contrat et je l’accepte").click()
    submit(tutor_page, "Signer en ligne")
    assert "Votre signature est enregistrée." in tutor_page.content()
    tutor_context.close()

    # The young person and each guardian, without an account, with their own codes.
    for person, address in ((youth, youth.email), (sophie, sophie.email), (karim, karim.email)):
        context, family = new_page(browser, live_server)
        family.goto(links[address])
        assert (
            family.get_by_role("heading", level=1)
            .inner_text()
            .startswith("Signer le contrat FOQUALE de Léa")
        )
        assert "Reprendre une scolarité au micro-lycée" in family.content()
        family.get_by_label("Votre prénom et votre nom").fill(
            f"{person.first_name} {person.last_name}"
        )
        family.get_by_text("J’ai lu le contrat et je l’accepte").click()
        submit(family, "Recevoir mon code par courriel")
        assert "Un code de confirmation à 6 chiffres vient d’être envoyé" in family.content()
        family.get_by_label("Code de confirmation à 6 chiffres").fill(last_code(address))
        submit(family, "Signer le contrat")
        assert family.get_by_role("heading", level=1).inner_text() == (
            "Votre signature est enregistrée"
        )
        # Single use: the link is spent.
        assert family.goto(links[address]).status == 404
        context.close()

    contract.refresh_from_db()
    youth.refresh_from_db()
    assert contract.status == ContractStatus.ACTIVE and youth.step == Step.ACTIVE
    document = contract.documents.get()
    family_mails = [m for m in mail.outbox if m.subject.endswith("est signé")]
    assert len(family_mails) == 3 and all(document.sha256 in m.body for m in family_mails)

    # The contract page shows the signatures and the final PDF's SHA-256.
    page.goto(contract.get_absolute_url())
    assert page.locator("#contract-status").inner_text().strip().lower() == "actif"
    assert document.sha256 in page.content()
    assert page.content().count("Signature en ligne sur FOQUALE") == 4
    pdf_bytes = page.request.get(
        page.get_by_role("link", name="Télécharger la version 1").get_attribute("href")
    ).body()
    pdf_path = tmp_path / "contrat.pdf"
    pdf_path.write_bytes(pdf_bytes)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf_path), "-"], capture_output=True, text=True, check=True
    ).stdout
    certificate = text.split("Certificat de signature", 1)[1]
    # The certificate starts on a page of its own and closes the document.
    pages = [p for p in text.split("\f") if p.strip()]
    first = next(i for i, p in enumerate(pages) if "Certificat de signature" in p)
    assert "Les parties ont pris connaissance" not in pages[first]
    assert "Navigateur" in pages[-1]
    for name in ("Léa MARTIN", "Sophie MARTIN", "Karim MARTIN", tutor.get_full_name()):
        assert name in certificate
    assert certificate.count("Signature en ligne sur FOQUALE") == 4
    assert certificate.count("127.0.0.0/24") == 4
    assert sophie.email in certificate and karim.email in certificate
    assert re.search(r"\d{2}/\d{2}/\d{4} à \d{2}:\d{2}:\d{2} UTC", certificate)
    assert "heure de Paris" in certificate
    signature = contract.signatures.get(guardian=karim)
    assert signature.terms_sha256 in certificate.replace("\n", "").replace(" ", "")
    assert timezone.localdate().strftime("%d/%m/%Y") in certificate

    # The public verification page, without an account.
    context, public = new_page(browser, live_server)
    public.goto("/verifier-un-contrat/")
    public.get_by_label("Le document PDF à vérifier").set_input_files(str(pdf_path))
    submit(public, "Vérifier")
    result = public.locator("#verify-result").inner_text()
    assert "Document authentique" in result
    assert f"contrat FOQUALE n° {contract.pk}, version 1" in result
    assert "Léa" not in result and "MARTIN" not in result.upper().replace("FOQUALE", "")
    changed = bytearray(pdf_bytes)
    changed[len(changed) // 2] ^= 0x01
    altered = tmp_path / "modifie.pdf"
    altered.write_bytes(bytes(changed))
    public.get_by_label("Le document PDF à vérifier").set_input_files(str(altered))
    submit(public, "Vérifier")
    assert "Document inconnu" in public.locator("#verify-result").inner_text()
    context.close()
    assert Contract.objects.get().status == ContractStatus.ACTIVE
