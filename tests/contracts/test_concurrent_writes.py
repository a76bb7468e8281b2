"""No lost update, no double write, no silent duplicate: through the pages (issue 10,
items 4, 5 and 6)."""

import re
import uuid
from html import unescape

import pytest
from django.core import mail
from django.urls import reverse

from contracts import services
from contracts.enums import SignatoryRole
from contracts.models import Contract, FamilyLink, Guardian, Signature, Youth
from tests.factories import NetworkFactory

from .conftest import days_ago
from .factories import YouthFactory, years_ago
from .test_views_flow import youth_form

pytestmark = pytest.mark.django_db


def page(response) -> str:
    return unescape(response.content.decode())


def hidden(form_html: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', form_html).group(1)


# --- item 4: no lost update ---


def test_saving_over_a_newer_version_of_a_file_is_refused(client, path, network):
    youth = path.youth()
    client.force_login(path.referent)
    url = reverse("contracts:youth_update", args=[youth.pk])
    opened = hidden(page(client.get(url)), "version")
    # Meanwhile, the lead corrects the phone number.
    services.youth_update(youth=Youth.objects.get(pk=youth.pk), by=network.lead, phone="0612345678")
    data = youth_form(path, last_name="Martin", first_name="Léa", version=opened)
    data["birth_date"] = youth.birth_date.isoformat()
    data["contacted_on"] = youth.contacted_on.isoformat()
    response = client.post(url, data)
    text = page(response)
    assert f"Ce dossier a été modifié par {network.lead.get_full_name()} à " in text
    assert "rechargez la page" in text
    assert "Champs modifiés : téléphone : « — » → « 06 12 34 56 78 »." in text
    youth.refresh_from_db()
    assert youth.phone == "06 12 34 56 78" and youth.email == "lea.martin@example.org"
    # Reloaded, the same change goes through.
    data["version"] = hidden(page(client.get(url)), "version")
    assert client.post(url, data).status_code == 302
    youth.refresh_from_db()
    assert youth.email == "chloe@example.org" and youth.version == 3


def test_saving_over_a_newer_version_of_a_contract_is_refused(client, path, network):
    contract = path.contract()
    client.force_login(path.referent)
    url = reverse("contracts:contract_update", args=[contract.pk])
    opened = hidden(page(client.get(url)), "version")
    services.contract_update(
        contract=Contract.objects.get(pk=contract.pk), by=network.lead, meaning="Autre sens."
    )
    response = client.post(
        url,
        {
            "tutor": path.tutor.pk,
            "starts_on": contract.starts_on.isoformat(),
            "ends_on": contract.ends_on.isoformat(),
            "review_every_weeks": 4,
            "meaning": "Mon texte.",
            "version": opened,
        },
    )
    assert "Ce dossier a été modifié par" in page(response)
    contract.refresh_from_db()
    assert contract.meaning == "Autre sens."


def test_a_signature_on_a_text_changed_since_the_page_opened_is_refused(client, path, network):
    contract = path.contract()
    client.force_login(path.referent)
    url = reverse("contracts:signature_create", args=[contract.pk])
    seen = hidden(page(client.get(url)), "seen_sha256")
    services.contract_update(
        contract=Contract.objects.get(pk=contract.pk), by=network.lead, meaning="Nouveau texte."
    )
    response = client.post(
        url,
        {
            "party": "tutor",
            "signed_on": days_ago(1).isoformat(),
            "mode": "paper",
            "seen_sha256": seen,
        },
    )
    assert "Le texte du contrat a changé depuis l’ouverture de cette page" in page(response)
    assert not Signature.objects.exists()
    # The page reloaded shows the new text; its signature holds.
    seen = hidden(page(client.get(url)), "seen_sha256")
    client.post(
        url,
        {
            "party": "tutor",
            "signed_on": days_ago(1).isoformat(),
            "mode": "paper",
            "seen_sha256": seen,
        },
    )
    assert Signature.objects.get().terms_sha256 == seen


# --- item 5: no double write ---


def test_a_double_click_on_a_create_form_opens_one_file(client, path):
    client.force_login(path.referent)
    token = hidden(page(client.get(reverse("contracts:youth_create"))), "submission_token")
    data = youth_form(path, submission_token=token)
    first = client.post(reverse("contracts:youth_create"), data)
    second = client.post(reverse("contracts:youth_create"), data, follow=True)
    youth = Youth.objects.get()
    assert first.url == youth.get_absolute_url()
    assert second.redirect_chain[-1][0] == youth.get_absolute_url()
    assert "Ce formulaire avait déjà été envoyé" in page(second)


def test_a_double_click_adds_one_guardian(client, path):
    youth = path.youth(minor=True, guardians=0)
    client.force_login(path.referent)
    url = reverse("contracts:guardian_add", args=[youth.pk])
    token = hidden(page(client.get(url)), "submission_token")
    data = {"last_name": "Lambert", "first_name": "Marc", "link": "father"}
    for _ in range(3):
        client.post(url, {**data, "submission_token": token})
    assert Guardian.objects.filter(youth=youth).count() == 1


def test_sending_a_document_again_revokes_the_earlier_links_and_sends_once(
    client, path, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        contract = path.active()
    first_links = set(FamilyLink.objects.values_list("pk", flat=True))
    assert first_links
    client.force_login(path.referent)
    detail = page(client.get(contract.get_absolute_url()))
    token = hidden(detail, "submission_token")
    url = reverse("contracts:document_send", args=[contract.pk, 1])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"submission_token": token})
        client.post(url, {"submission_token": token})
    assert len(mail.outbox) == len(first_links)
    assert not FamilyLink.objects.valid().filter(pk__in=first_links).exists()
    assert FamilyLink.objects.valid().count() == len(first_links)
    assert "remplacé par un envoi plus récent" in page(client.get(contract.get_absolute_url()))


# --- item 6: duplicates, search and French order ---


def test_a_possible_duplicate_is_shown_and_must_be_confirmed(client, path, network):
    seen = path.youth(last_name="Bègue", first_name="Inès", birth_date=years_ago(17))
    elsewhere = NetworkFactory(academy=network.academy)
    YouthFactory(
        network=elsewhere,
        last_name="BEGUE",
        first_name="ines",
        birth_date=seen.birth_date,
    )
    client.force_login(path.referent)
    data = youth_form(
        path, last_name="begue", first_name="INES", birth_date=seen.birth_date.isoformat()
    )
    response = client.post(reverse("contracts:youth_create"), data)
    text = page(response)
    assert "est déjà suivi dans l’académie" in text
    assert seen.get_absolute_url() in text
    assert "Un dossier existe dans un autre réseau." in text
    assert "BEGUE ines" not in text  # the other network's file is not named
    assert Youth.objects.count() == 2
    response = client.post(reverse("contracts:youth_create"), {**data, "confirm_duplicate": "on"})
    assert response.status_code == 302
    assert Youth.objects.count() == 3


def test_search_ignores_accents_and_finds_first_names_and_the_list_sorts_in_french(client, path):
    for last, first in [("Buisson", "Éloïse"), ("BÈGUE", "Inès"), ("Zidane", "Noé")]:
        path.youth(last_name=last, first_name=first, ine="")
    client.force_login(path.referent)
    url = reverse("contracts:youth_list")
    text = page(client.get(url))
    assert text.index("BÈGUE") < text.index("BUISSON") < text.index("ZIDANE")
    assert "BÈGUE" in page(client.get(url, {"q": "begue"}))
    found = page(client.get(url, {"q": "eloise"}))
    assert "BUISSON" in found and "ZIDANE" not in found


def test_signatures_keep_the_digest_of_the_text(path):
    contract = path.contract()
    path.sign(contract, SignatoryRole.TUTOR)
    assert len(Signature.objects.get().terms_sha256) == 64
    assert uuid.UUID(int=0)  # the tokens are UUIDs


def test_a_name_corrected_in_the_admin_keeps_its_sort_key(rf, path):
    from django.contrib.admin.sites import site

    youth = path.youth()
    youth.last_name = "Éloi"
    site._registry[Youth].save_model(rf.post("/"), youth, form=None, change=True)
    youth.refresh_from_db()
    assert youth.last_name_key == "eloi"
