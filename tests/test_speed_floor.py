"""The floor of every page: sessions from the shared cache, layout parts rendered once."""

import itertools
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.urls import reverse

from foquale import layout
from foquale.cache import SharedClientRedisCache
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[1]
CACHED_SESSIONS = "django.contrib.sessions.backends.cached_db"


def settings_values(tmp_path, **env) -> list[str]:
    hidden = {"DEBUG", "SECRET_KEY", "REDIS_URL", "CACHE_URL", "DATABASE_URL"}
    base = {k: v for k, v in os.environ.items() if k not in hidden}
    code = (
        "import sys, environ; environ.Env.read_env = staticmethod(lambda *a, **k: None); "
        f"sys.path.insert(0, {str(ROOT)!r}); import foquale.settings as s; "
        "print(s.SESSION_ENGINE); print(s.CACHES['default']['BACKEND']); "
        "print(s.USER_CACHE_SECONDS)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env={**base, "DEBUG": "true", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_sessions_come_from_the_cache_only_when_it_is_shared(tmp_path):
    assert settings_values(tmp_path, CACHE_URL="redis://127.0.0.1:6379/1") == [
        CACHED_SESSIONS,
        "foquale.cache.SharedClientRedisCache",
        "900",
    ]
    # Each process's own memory: a session ended in one would live on in the others, and
    # a user deactivated in one would stay cached in the others.
    assert settings_values(tmp_path) == [
        "django.contrib.sessions.backends.db",
        "django.core.cache.backends.locmem.LocMemCache",
        "0",
    ]


def test_the_redis_cache_builds_one_client_and_still_works():
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("REDIS_URL is not set")
    redis_cache = SharedClientRedisCache(url, {})
    client = redis_cache._cache.get_client()
    assert redis_cache._cache.get_client(write=True) is client
    key = f"foquale-test-shared-client:{os.getpid()}"
    redis_cache.set(key, {"rows": [1, 2]}, 30)
    assert redis_cache.get(key) == {"rows": [1, 2]}
    redis_cache.delete(key)
    assert redis_cache.get(key) is None


@pytest.mark.django_db
@override_settings(SESSION_ENGINE=CACHED_SESSIONS)
def test_a_cached_session_costs_no_query_and_ends_at_log_out(client, django_assert_num_queries):
    user = UserFactory()
    client.force_login(user)
    client.get("/sante/")
    with django_assert_num_queries(1):  # the user; the session comes from the cache
        assert client.get("/sante/").status_code == 200
    cookie = client.cookies["sessionid"].value
    client.post(reverse("accounts:logout"))
    client.cookies["sessionid"] = cookie  # the old cookie, replayed
    assert client.get(reverse("home")).url.startswith(reverse("accounts:login"))


class Counter:
    def __init__(self):
        self.values = itertools.count(1)

    def __str__(self) -> str:
        return str(next(self.values))


ONCE = Template('{% load layout %}{% once "test-fragment" %}[{{ counter }}]{% endonce %}')


def test_a_fragment_is_rendered_once_per_process(settings):
    layout.forget()
    context = Context({"counter": Counter()})
    assert [ONCE.render(context) for _ in range(3)] == ["[1]"] * 3
    settings.DEBUG = True  # a changed setting forgets the fragments; DEBUG renders each time
    assert [ONCE.render(context) for _ in range(2)] == ["[2]", "[3]"]


@pytest.mark.django_db
def test_the_layout_is_the_same_for_everyone_and_the_header_is_each_ones(client):
    anonymous = client.get("/sante/").content.decode()
    user = UserFactory(first_name="Camille", last_name="Durand")
    client.force_login(user)
    signed_in = client.get("/sante/").content.decode()
    for part in ('id="footer"', 'id="fr-theme-modal"', 'rel="icon"', "dsfr.min.css"):
        assert anonymous.count(part) == signed_in.count(part) == 1
    assert user.get_full_name() in signed_in and "Se déconnecter" in signed_in
    assert user.get_full_name() not in anonymous and "Se connecter" in anonymous
