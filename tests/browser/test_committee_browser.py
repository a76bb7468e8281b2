import re

import pytest

from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_lead_seats_a_member_and_the_composition_changes(page, login, network):
    member = UserFactory(first_name="Claire", last_name="Collège")
    login(network.lead)
    assert page.url.endswith(network.get_absolute_url())
    status = page.locator("#composition-status")
    assert "Chef d’établissement représentant les collèges" in status.inner_text()

    page.get_by_role(
        "link", name="Pourvoir le siège Chef d’établissement représentant les collèges"
    ).click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Pourvoir le siège")
    page.get_by_label("Adresse électronique du membre").fill(member.email)
    page.get_by_role("button", name="Pourvoir le siège").click()
    page.wait_for_url(re.compile(re.escape(network.get_absolute_url()) + "$"))

    assert "Claire COLLÈGE siège au comité" in page.get_by_role("status").first.inner_text()
    text = page.locator("#composition-status").inner_text()
    assert text.startswith("Composition incomplète")
    assert "Chef d’établissement représentant les collèges" not in text
    assert "Claire COLLÈGE" in page.locator("#committee").inner_text()
