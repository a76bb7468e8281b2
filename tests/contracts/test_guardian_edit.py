"""A référent corrects a legal guardian's details on the youth's file (issue 10): the
form carries the version it was opened on, a late save is refused with who changed what
(before → after), the edit is traced on the row; a correction of a youth's identity into
another file's shows the same candidates and confirmation as at creation."""

import re
from html import unescape

import pytest
from django.urls import reverse

from contracts import services
from contracts.models import Guardian, Youth
from tests.factories import NetworkFactory, UserFactory

from .factories import YouthFactory, years_ago
from .test_views_flow import youth_form

pytestmark = pytest.mark.django_db


def page(response) -> str:
    return unescape(response.content.decode())


def hidden(html: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', html).group(1)


def _guardian_data(**overrides) -> dict:
    data = {
        "last_name": "Martin",
        "first_name": "Sophie",
        "link": "mother",
        "phone": "06 11 22 33 44",
        "email": "sophie.martin@example.org",
        "address": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def guardian(path):
    youth = path.youth(minor=True)
    return youth.guardians.get()


def _url(guardian):
    return reverse("contracts:guardian_update", args=[guardian.youth_id, guardian.pk])


def test_anonymous_is_sent_to_login(client, guardian):
    response = client.get(_url(guardian))
    assert response.status_code == 302 and response.url.startswith("/connexion/")


def test_outsider_gets_404_and_a_reader_403(client, guardian, path):
    client.force_login(UserFactory())
    assert client.get(_url(guardian)).status_code == 404
    assert client.post(_url(guardian), _guardian_data()).status_code == 404
    # The tutor-to-be and the assessor see the file but do not run it.
    client.force_login(path.assessor)
    assert client.post(_url(guardian), _guardian_data()).status_code in (403, 404)
    guardian.refresh_from_db()
    assert guardian.phone == ""


def test_a_guardian_of_another_file_is_404(client, guardian, path):
    other = path.youth(minor=True, last_name="Durand")
    client.force_login(path.referent)
    url = reverse("contracts:guardian_update", args=[other.pk, guardian.pk])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("role", ["referent", "lead"])
def test_the_referent_and_the_lead_correct_the_contact_details(client, guardian, path, role):
    user = path.referent if role == "referent" else path.network.lead
    client.force_login(user)
    detail = page(client.get(guardian.youth.get_absolute_url()))
    assert _url(guardian) in detail  # reached from the file
    html = page(client.get(_url(guardian)))
    data = _guardian_data(phone="0611223344", version=hidden(html, "version"))
    response = client.post(_url(guardian), data)
    assert response.status_code == 302
    guardian.refresh_from_db()
    assert guardian.phone == "06 11 22 33 44"
    assert (guardian.version, guardian.updated_by) == (2, user)
    assert guardian.changed_fields["téléphone"] == ["—", "06 11 22 33 44"]


def test_a_late_save_is_refused_with_what_changed(client, guardian, path):
    client.force_login(path.referent)
    opened = hidden(page(client.get(_url(guardian))), "version")
    lead = path.network.lead
    services.guardian_update(
        guardian=Guardian.objects.get(pk=guardian.pk), by=lead, link="legal_tutor"
    )
    response = client.post(_url(guardian), _guardian_data(version=opened))
    assert response.status_code == 200
    text = page(response)
    assert f"Ce dossier a été modifié par {lead.get_full_name()} à " in text
    assert "Champs modifiés : lien avec le jeune : « Mère » → « Tuteur légal »." in text
    guardian.refresh_from_db()
    assert (guardian.link, guardian.phone) == ("legal_tutor", "")


def test_a_bad_phone_is_refused_in_french_and_nothing_saved(client, guardian, path):
    client.force_login(path.referent)
    opened = hidden(page(client.get(_url(guardian))), "version")
    response = client.post(_url(guardian), _guardian_data(phone="12", version=opened))
    assert response.status_code == 200
    assert "numéro" in page(response)
    guardian.refresh_from_db()
    assert (guardian.phone, guardian.version) == ("", 1)


# --- duplicates on edit ---


def test_a_correction_into_another_files_identity_asks_to_confirm(client, path, network):
    seen = path.youth(last_name="Bègue", first_name="Inès", birth_date=years_ago(17))
    YouthFactory(
        network=NetworkFactory(academy=network.academy),
        last_name="BEGUE",
        first_name="ines",
        birth_date=seen.birth_date,
    )
    youth = path.youth(last_name="Durand", first_name="Inès", birth_date=years_ago(18))
    client.force_login(path.referent)
    url = reverse("contracts:youth_update", args=[youth.pk])
    data = youth_form(
        path,
        last_name="BEGUE",
        first_name="Ines",
        birth_date=seen.birth_date.isoformat(),
        contacted_on=youth.contacted_on.isoformat(),
        version=hidden(page(client.get(url)), "version"),
    )
    response = client.post(url, data)
    assert response.status_code == 200
    text = page(response)
    assert "est déjà suivi dans l’académie" in text
    assert seen.get_absolute_url() in text
    assert "Un dossier existe dans un autre réseau." in text
    assert 'name="confirm_duplicate"' in text
    youth.refresh_from_db()
    assert (youth.last_name, youth.version) == ("Durand", 1)
    response = client.post(url, {**data, "confirm_duplicate": "on"})
    assert response.status_code == 302
    youth.refresh_from_db()
    assert youth.last_name == "BEGUE"


def test_a_correction_that_keeps_the_identity_asks_nothing(client, path):
    youth = path.youth(last_name="Bègue", first_name="Inès", birth_date=years_ago(17))
    path.youth(last_name="Bègue", first_name="Inès", birth_date=youth.birth_date)
    client.force_login(path.referent)
    url = reverse("contracts:youth_update", args=[youth.pk])
    data = youth_form(
        path,
        last_name="Bègue",
        first_name="Inès",
        birth_date=youth.birth_date.isoformat(),
        contacted_on=youth.contacted_on.isoformat(),
        email="ines@example.org",
        version=hidden(page(client.get(url)), "version"),
    )
    assert client.post(url, data).status_code == 302
    assert Youth.objects.get(pk=youth.pk).email == "ines@example.org"


def test_anonymisation_forgets_the_values_kept_for_late_editors(path):
    from django.utils import timezone

    from contracts.retention import youths_anonymise

    youth = path.youth(minor=True)
    guardian = youth.guardians.get()
    services.guardian_update(guardian=guardian, by=path.referent, phone="0611223344")
    services.youth_update(
        youth=Youth.objects.get(pk=youth.pk), by=path.referent, phone="0622334455"
    )
    assert Guardian.objects.get(pk=guardian.pk).changed_fields
    youths_anonymise(youth_ids=[youth.pk], today=timezone.localdate())
    assert Youth.objects.get(pk=youth.pk).changed_fields is None
    assert Guardian.objects.get(pk=guardian.pk).changed_fields is None
