import pytest
from django.urls import reverse

from reporting.legal import PAGES


@pytest.mark.parametrize("name", [name for name, _, _ in PAGES.values()])
def test_footer_pages_are_public_and_french(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>" in html
    assert "Accessibilité\xa0: partiellement conforme" in html


def test_personal_data_page_states_retention(client, db, settings):
    settings.DATA_RETENTION_YEARS = 3
    html = client.get(reverse("footer-personal-data")).content.decode()
    assert "conservées 3 ans" in html
