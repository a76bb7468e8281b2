"""The header's « À faire » count and the case list's filter options are kept a short while
for a person (foquale/kept.py): their own changes show at once, others' within the delay."""

import pytest
from django.urls import reverse

from contracts.grants import refresh_contract_grants
from contracts.models import Contract
from foquale.grants import grants_changed
from foquale.kept import WRITES_KEY

from .factories import YouthFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("kept_a_minute")]


def header_count(client) -> str:
    page = client.get(reverse("contracts:youth_list")).content.decode()
    start = page.index('id="nav-todo"')
    return page[start : page.index("</a>", start)]


def a_case(path):
    return YouthFactory(network=path.network, establishment=path.establishment)


def test_the_count_is_kept_until_the_person_writes(client, path):
    a_case(path)
    client.force_login(path.network.lead)
    assert ">1<" in header_count(client)
    a_case(path)  # someone else's change: shown within KEPT_SECONDS
    assert ">1<" in header_count(client)
    # Any change of the person's own (here a refused form: a POST all the same).
    stamp = client.session.get(WRITES_KEY)
    client.post(reverse("contracts:youth_create"), {})
    assert client.session[WRITES_KEY] != stamp
    assert ">2<" in header_count(client)


def test_the_todo_page_reads_its_total_afresh_and_the_header_follows(client, path):
    a_case(path)
    client.force_login(path.network.lead)
    assert ">1<" in header_count(client)
    a_case(path)
    page = client.get(reverse("contracts:todo")).content.decode()
    assert "dossiers que vous suivez : 2 éléments." in page
    assert ">2<" in header_count(client)


def test_changed_grants_give_a_fresh_count(client, path):
    a_case(path)
    client.force_login(path.network.lead)
    assert ">1<" in header_count(client)
    a_case(path)
    grants_changed([path.network.lead.pk])
    assert ">2<" in header_count(client)


def test_the_filter_options_follow_the_person_s_own_changes(client, path):
    contract = path.active(last_name="Tutore")
    client.force_login(path.network.lead)
    options = client.get(reverse("contracts:youth_list")).content.decode()
    assert path.tutor.get_full_name() in options
    other = type(path.tutor).objects.create_user(
        email="autre-tuteur@example.fr", first_name="Noé", last_name="Autretuteur"
    )
    Contract.objects.filter(pk=contract.pk).update(tutor=other)
    refresh_contract_grants(contract)  # the tutors' grants; the lead's are unchanged
    option = f'<option value="{other.pk}"'
    assert option not in client.get(reverse("contracts:youth_list")).content.decode()
    client.post(reverse("contracts:youth_create"), {})
    assert option in client.get(reverse("contracts:youth_list")).content.decode()


def test_kept_figures_are_read_every_time_when_switched_off(client, path, settings):
    settings.KEPT_SECONDS = 0
    a_case(path)
    client.force_login(path.network.lead)
    assert ">1<" in header_count(client)
    a_case(path)
    assert ">2<" in header_count(client)


def test_the_case_list_is_kept_per_filters_until_the_person_writes(client, path):
    a_case(path)
    client.force_login(path.network.lead)
    url = reverse("contracts:youth_list")
    assert "Dossiers (1 au total" in client.get(url).content.decode()
    a_case(path)  # someone else's new case: shown within KEPT_SECONDS
    assert "Dossiers (1 au total" in client.get(url).content.decode()
    # Other filters are another page, read afresh.
    assert "Dossiers (2 au total" in client.get(url, {"tri": "nom"}).content.decode()
    client.post(reverse("contracts:youth_create"), {})
    assert "Dossiers (2 au total" in client.get(url).content.decode()


def test_two_sessions_of_one_person_each_see_their_own_writes(client, path):
    from django.test import Client

    a_case(path)
    other = Client()
    for session in (client, other):
        session.force_login(path.network.lead)
    client.post(reverse("contracts:youth_create"), {})
    assert ">1<" in header_count(client)
    a_case(path)  # what the other session creates
    other.post(reverse("contracts:youth_create"), {})
    assert ">2<" in header_count(other)
