import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_contract_page_leads_to_its_situation_reviews(client, path):
    contract = path.active()
    url = reverse("contracts:contract_detail", args=[contract.pk])
    record = reverse("reviews:create", args=[contract.pk])
    history = reverse("reviews:list", args=[contract.pk])

    client.force_login(path.tutor)
    html = client.get(url).content.decode()
    assert record in html and history in html

    client.force_login(path.referent)
    html = client.get(url).content.decode()
    assert record not in html and history in html


def test_no_review_links_before_the_contract_is_signed(client, path):
    contract = path.contract()
    client.force_login(path.referent)
    html = client.get(reverse("contracts:contract_detail", args=[contract.pk])).content.decode()
    assert reverse("reviews:list", args=[contract.pk]) not in html
