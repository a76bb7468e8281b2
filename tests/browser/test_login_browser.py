import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_lead_logs_in_and_lands_on_network(page, login, network):
    login(network.lead)
    assert page.url.endswith(network.get_absolute_url())
    # The design system's script ran under the CSP (it marks the page when it starts).
    page.wait_for_selector("html[data-fr-js='true']", state="attached")
    assert page.get_by_role("heading", level=1).inner_text() == network.name
    assert "Composition incomplète" in page.locator("#composition-status").inner_text()
