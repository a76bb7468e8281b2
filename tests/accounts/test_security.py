"""Log-in behind the proxy: lockouts per account and address, the per-address limit,
password-reset limits, idle sessions and the client address."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse

from foquale.accounts.security import client_ip
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
PARIS = zoneinfo.ZoneInfo("Europe/Paris")
PROXY = "10.0.0.2"
ATTACKER = "203.0.113.9"
USER_HOME = "198.51.100.7"
LOGIN = "/connexion/"
RESET = "/mot-de-passe/oubli/"


@pytest.fixture(autouse=True)
def _behind_one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1


def through_proxy(client, url: str, data: dict, address: str, forwarded: str = ""):
    """A POST as the HTTPS proxy relays it: from the proxy's address, with the client's
    address appended to whatever X-Forwarded-For the client sent."""
    chain = f"{forwarded}, {address}" if forwarded else address
    return client.post(url, data, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=chain)


def fail_login(client, email: str, address: str, forwarded: str = ""):
    return through_proxy(client, LOGIN, {"username": email, "password": "faux"}, address, forwarded)


@pytest.mark.parametrize(
    ("count", "remote", "forwarded", "expected"),
    [
        (0, "192.0.2.1", "203.0.113.9", "192.0.2.1"),  # no proxy: the header is ignored
        (1, PROXY, "203.0.113.9", "203.0.113.9"),
        (1, PROXY, "198.51.100.7, 203.0.113.9", "203.0.113.9"),  # the left is the client's
        (2, PROXY, "1.1.1.1, 203.0.113.9, 10.0.0.1", "203.0.113.9"),
        (2, PROXY, "203.0.113.9", PROXY),  # fewer entries than proxies: not through them
        (1, PROXY, "pas-une-adresse", PROXY),
        (1, PROXY, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_address_is_read_from_the_trusted_proxies(
    settings, count, remote, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT = count
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_a_lockout_from_another_address_does_not_block_the_user(client, settings):
    UserFactory(email="cpe@ac-test.fr")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        fail_login(client, "cpe@ac-test.fr", ATTACKER)
    # Blocked from the attacker's address, even with the right password, and even when
    # the attacker claims the user's address in the header.
    blocked = through_proxy(
        client, LOGIN, {"username": "cpe@ac-test.fr", "password": PASSWORD}, ATTACKER, USER_HOME
    )
    assert blocked.status_code == 429
    assert "Compte temporairement bloqué" in blocked.content.decode()

    response = through_proxy(
        client, LOGIN, {"username": "cpe@ac-test.fr", "password": PASSWORD}, USER_HOME
    )
    assert response.status_code == 302
    assert response.url == reverse("home")


def test_one_address_failing_on_many_accounts_is_refused(client, settings):
    settings.LOGIN_FAILURES_PER_ADDRESS = 6
    users = [UserFactory() for _ in range(7)]
    for user in users[:6]:
        assert fail_login(client, user.email, ATTACKER).status_code == 200
    refused = through_proxy(
        client, LOGIN, {"username": users[6].email, "password": PASSWORD}, ATTACKER
    )
    assert refused.status_code == 429
    html = refused.content.decode()
    assert "Trop de tentatives de connexion ont échoué depuis votre adresse réseau" in html
    # The address is refused, not the accounts.
    ok = through_proxy(client, LOGIN, {"username": users[0].email, "password": PASSWORD}, USER_HOME)
    assert ok.status_code == 302


def test_the_address_limit_ends_after_an_hour(client, settings):
    settings.LOGIN_FAILURES_PER_ADDRESS = 2
    user = UserFactory()
    start = dt.datetime(2026, 11, 5, 9, 0, tzinfo=PARIS)
    with time_machine.travel(start, tick=False):
        fail_login(client, "a@ac-test.fr", ATTACKER)
        fail_login(client, "b@ac-test.fr", ATTACKER)
        assert fail_login(client, user.email, ATTACKER).status_code == 429
    with time_machine.travel(start + dt.timedelta(hours=1, minutes=1), tick=False):
        ok = through_proxy(client, LOGIN, {"username": user.email, "password": PASSWORD}, ATTACKER)
    assert ok.status_code == 302


def test_password_reset_requests_are_limited_per_address(
    client, settings, django_capture_on_commit_callbacks
):
    settings.PASSWORD_RESET_PER_ADDRESS = 3
    users = [UserFactory() for _ in range(4)]
    with django_capture_on_commit_callbacks(execute=True):
        for user in users[:3]:
            assert through_proxy(client, RESET, {"email": user.email}, ATTACKER).status_code == 302
        refused = through_proxy(client, RESET, {"email": users[3].email}, ATTACKER)
    assert refused.status_code == 429
    assert "Trop de demandes de réinitialisation" in refused.content.decode()
    assert len(mail.outbox) == 3
    with django_capture_on_commit_callbacks(execute=True):
        assert through_proxy(client, RESET, {"email": users[3].email}, USER_HOME).status_code == 302
    assert len(mail.outbox) == 4


def test_password_reset_mails_are_limited_per_account_without_telling(
    client, settings, django_capture_on_commit_callbacks
):
    settings.PASSWORD_RESET_PER_ACCOUNT = 2
    UserFactory(email="cpe@ac-test.fr")
    addresses = ["203.0.113.1", "203.0.113.2", "203.0.113.3", "203.0.113.4"]
    answers = []
    with django_capture_on_commit_callbacks(execute=True):
        for address in addresses:
            answers.append(through_proxy(client, RESET, {"email": "CPE@ac-test.fr"}, address))
            answers.append(through_proxy(client, RESET, {"email": "nobody@ac-test.fr"}, address))
    # Every answer is the same, whether the account exists or its limit is reached.
    assert {(a.status_code, a.url) for a in answers} == {
        (302, reverse("accounts:password_reset_done"))
    }
    assert [m.to for m in mail.outbox] == [["cpe@ac-test.fr"], ["cpe@ac-test.fr"]]
    done = client.get(reverse("accounts:password_reset_done")).content.decode()
    assert "Si un compte correspond à cette adresse" in done
    assert "quelques demandes seulement sont acceptées par heure" in done


def test_a_session_ends_after_30_minutes_idle(client, settings):
    assert settings.SESSION_IDLE_MINUTES == 30
    user = UserFactory()
    home = reverse("home")
    start = dt.datetime(2026, 11, 5, 9, 0, tzinfo=PARIS)
    with time_machine.travel(start, tick=False):
        client.post(LOGIN, {"username": user.email, "password": PASSWORD})
    # Active every 20 minutes for more than an hour: still signed in.
    for minutes in (20, 40, 60, 80):
        with time_machine.travel(start + dt.timedelta(minutes=minutes), tick=False):
            assert client.get(home).status_code == 200
    # 31 minutes without a request: signed out.
    with time_machine.travel(start + dt.timedelta(minutes=111), tick=False):
        response = client.get(home)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_the_session_is_written_again_only_every_few_minutes(client, settings):
    user = UserFactory()
    home = reverse("home")
    start = dt.datetime(2026, 11, 5, 9, 0, tzinfo=PARIS)
    with time_machine.travel(start, tick=False):
        client.post(LOGIN, {"username": user.email, "password": PASSWORD})
    session = Session.objects.get()
    expiry = session.expire_date
    assert expiry == start + dt.timedelta(minutes=30)
    with time_machine.travel(start + dt.timedelta(minutes=2), tick=False):
        client.get(home)
    session.refresh_from_db()
    assert session.expire_date == expiry  # not saved: no write for this page
    later = start + dt.timedelta(seconds=settings.SESSION_REFRESH_SECONDS + 1)
    with time_machine.travel(later, tick=False):
        client.get(home)
    session.refresh_from_db()
    assert session.expire_date == later + dt.timedelta(minutes=30)
