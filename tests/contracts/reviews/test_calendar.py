import datetime as dt
import hashlib
import re

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from contracts.models.reviews import CalendarToken
from contracts.reviews.ics import AllDayEvent, calendar, escape_text, fold
from contracts.reviews.services import calendar_token_renew

from .factories import ContractFactory

pytestmark = pytest.mark.django_db
SETTINGS_URL = reverse("reviews:calendar")
RENEW_URL = reverse("reviews:calendar_renew")


def feed_url(token: str) -> str:
    return reverse("reviews:calendar_feed", args=[token])


def shown_token(html: str) -> str:
    return re.search(r"/agenda/([A-Za-z0-9_-]{43})\.ics", html).group(1)


def test_pages_need_a_login(client):
    assert client.get(SETTINGS_URL).url.startswith("/connexion/")
    assert client.post(RENEW_URL).url.startswith("/connexion/")
    assert not CalendarToken.objects.exists()


def test_the_settings_page_creates_nothing_by_itself(client, tutor):
    client.force_login(tutor)
    html = client.get(SETTINGS_URL).content.decode()
    assert "Créer mon adresse d’agenda" in html
    assert not CalendarToken.objects.exists()


def test_renew_only_by_post(client, tutor):
    client.force_login(tutor)
    assert client.get(RENEW_URL).status_code == 405


def test_tutor_creates_then_regenerates_the_secret_address(client, tutor):
    client.force_login(tutor)
    response = client.post(RENEW_URL)
    html = response.content.decode()
    first = shown_token(html)
    assert "Votre adresse d’agenda est prête." in html
    assert response["Cache-Control"] == "private, no-store"
    assert client.get(feed_url(first)).status_code == 200

    response = client.post(RENEW_URL)
    second = shown_token(response.content.decode())
    assert second != first
    assert "l’ancienne ne fonctionne plus" in response.content.decode()
    assert client.get(feed_url(first)).status_code == 404
    assert client.get(feed_url(second)).status_code == 200


def test_the_address_is_shown_once_and_only_its_hash_is_stored(client, tutor):
    client.force_login(tutor)
    token = shown_token(client.post(RENEW_URL).content.decode())

    html = client.get(SETTINGS_URL).content.decode()
    assert token not in html
    assert "n’est affichée qu’une fois" in html
    row = CalendarToken.objects.values().get(user=tutor)
    assert row["token_hash"] == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(row)


def test_feed_lists_the_next_review_of_each_running_contract(client, contract, frozen):
    ContractFactory(tutor=contract.tutor, ended=True)
    other = ContractFactory(tutor=contract.tutor, next_review_on=dt.date(2026, 11, 26))
    contract.youth.first_name, contract.youth.last_name = "Julien", "Lefèvre"
    contract.youth.save()
    token = calendar_token_renew(user=contract.tutor)

    response = client.get(feed_url(token))  # no session: the secret is the credential

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"].startswith("max-age=0")
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert body.endswith("END:VCALENDAR\r\n")
    assert "\n" not in body.replace("\r\n", "")
    assert body.count("BEGIN:VEVENT") == 2
    assert f"UID:bilan-{contract.pk}-20261029@foquale" in body
    assert "DTSTART;VALUE=DATE:20261029\r\nDTEND;VALUE=DATE:20261030" in body
    assert f"UID:bilan-{other.pk}-20261126@foquale" in body
    unfolded = body.replace("\r\n ", "")
    # Calendar services keep the feed on their servers: « Julien L. », as in the e-mails.
    assert "SUMMARY:Bilan de situation — Julien L. (en retard)" in unfolded
    assert "Lefèvre" not in unfolded
    assert "DTSTAMP:20261105T080000Z" in body
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))


def test_feed_query_count_does_not_grow(client, contract, frozen, django_assert_max_num_queries):
    token = calendar_token_renew(user=contract.tutor)
    with django_assert_max_num_queries(2):
        client.get(feed_url(token))
    ContractFactory.create_batch(5, tutor=contract.tutor)
    with django_assert_max_num_queries(2):
        body = client.get(feed_url(token)).content.decode()
    assert body.count("BEGIN:VEVENT") == 6


@pytest.mark.parametrize(
    "path",
    [
        "/agenda/trop-court.ics",
        "/agenda/" + "a" * 44 + ".ics",
        "/agenda/" + "a" * 42 + "!.ics",
        "/agenda/" + "a" * 43 + ".ical",
        "/agenda/" + "a" * 43 + ".ics",  # well formed but unknown
    ],
)
def test_malformed_or_unknown_token_is_404(client, tutor, path):
    calendar_token_renew(user=tutor)
    response = client.get(path)
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


def test_a_deactivated_account_loses_its_feed(client, tutor):
    token = calendar_token_renew(user=tutor)
    tutor.is_active = False
    tutor.save()
    assert client.get(feed_url(token)).status_code == 404


def test_text_is_escaped():
    assert escape_text("a;b,c\\d\ne") == "a\\;b\\,c\\\\d\\ne"


def test_long_lines_fold_without_splitting_a_character():
    line = "SUMMARY:" + "é" * 100
    folded = fold(line)
    parts = folded.split("\r\n")
    assert all(len(part.encode()) <= 75 for part in parts)
    assert all(part.startswith(" ") for part in parts[1:])
    assert "".join(part[1:] if i else part for i, part in enumerate(parts)) == line


def test_calendar_is_well_formed():
    body = calendar(
        name="Agenda, test",
        events=[AllDayEvent(uid="x@y", day=dt.date(2026, 12, 31), summary="Fin; d’année")],
        stamp=dt.datetime(2026, 12, 1, 12, tzinfo=dt.UTC),
        product="-//T//T//FR",
    )
    assert "X-WR-CALNAME:Agenda\\, test\r\n" in body
    assert "DTEND;VALUE=DATE:20270101\r\n" in body
    assert "SUMMARY:Fin\\; d’année\r\n" in body


@pytest.mark.django_db(transaction=True)
def test_addresses_handed_out_before_hashing_keep_working(client, tutor):
    """The migration hashes the clear tokens in place: subscribed calendars carry on."""
    executor = MigrationExecutor(connection)
    before = ("contracts", "0006_perf_case_list_order")
    executor.migrate([before])
    old_state = executor.loader.project_state([before]).apps
    plain = "p" * 43
    old_state.get_model("contracts", "CalendarToken").objects.create(user_id=tutor.pk, token=plain)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    row = CalendarToken.objects.values().get(user=tutor)
    assert plain not in str(row)
    assert client.get(feed_url(plain)).status_code == 200
