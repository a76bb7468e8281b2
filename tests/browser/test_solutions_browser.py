"""The committee member adds a solution, sees its places move when a contract starts,
records the yearly evaluation and downloads the bilan; another network's lead gets 404."""

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from foquale.schoolyear import current_school_year, school_year_label
from networks.grants import refresh_network_grants
from networks.models import Solution, SolutionEvaluation
from tests.factories import EstablishmentFactory, NetworkFactory, UserFactory
from tests.solutions.factories import make_contract

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_committee_member_runs_the_catalogue_and_the_bilan(page, login, network):
    member = network.seats.get().user
    host = EstablishmentFactory(academy=network.academy, name="Lycée Jean Moulin")
    login(member)

    page.goto(network.get_absolute_url())
    page.get_by_role("link", name="Catalogue des solutions").click()
    page.get_by_role("link", name="Ajouter une solution").click()
    page.get_by_label("Intitulé").fill("Micro-lycée Jean Moulin")
    page.get_by_label("Type").select_option(label="Micro-lycée / structure de retour à l’école")
    page.get_by_label("Établissement d’accueil").select_option(label=str(host))
    page.get_by_label("Nombre de places").fill("2")
    page.get_by_label("Statut").select_option(label="Publiée")
    page.get_by_role("button", name="Enregistrer").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Micro-lycée Jean Moulin"
    assert page.locator("#places-taken").inner_text() == "0 sur 2"

    solution = Solution.objects.get()
    make_contract(solution, starts_on=dt.date.today())
    page.reload()
    assert page.locator("#places-taken").inner_text() == "1 sur 2"
    assert page.locator("#places-free").inner_text() == "1"

    year = current_school_year() - 1
    page.goto(f"/reseaux/{network.pk}/evaluations/")
    page.get_by_role("link", name="Micro-lycée Jean Moulin").click()
    # DSFR radios: the styled label covers the input, so a person clicks the label.
    page.locator("label", has_text="Adapter la solution").click()
    assert page.get_by_label("Adapter la solution").is_checked()
    page.get_by_label("Avis du comité").fill("Ouvrir une seconde rentrée en janvier.")
    page.get_by_role("button", name="Enregistrer l’évaluation").click()
    assert "Adapter la solution" in page.locator("table").inner_text()
    assert SolutionEvaluation.objects.get().school_year == year

    page.goto(f"/reseaux/{network.pk}/bilan/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger le bilan (PDF)").click()
    download = download_info.value
    assert download.suggested_filename.endswith(f"{school_year_label(year)}.pdf")
    with open(download.path(), "rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "Micro-lycée Jean Moulin" in text
    assert "Ouvrir une seconde rentrée en janvier." in text


def test_another_networks_lead_cannot_edit(page, login, network):
    other = NetworkFactory(academy=network.academy, platform=network.platform, lead=UserFactory())
    refresh_network_grants(other)
    solution = Solution.objects.create(
        network=network, title="Fiche", kind="partner", partner="Mission locale", places=3
    )
    login(other.lead)
    page.goto(f"/reseaux/solutions/{solution.pk}/modifier/")
    assert page.get_by_role("heading", level=1).inner_text() == "Page introuvable"
