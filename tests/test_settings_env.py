"""Settings read from the environment fail loudly on bad values."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _import_settings(tmp_path, **env):
    # A settings import in a clean environment, away from any local .env file.
    hidden = {
        "DEBUG",
        "SECRET_KEY",
        "REDIS_URL",
        "PORT",
        "SITE_URL",
        "CACHE_URL",
        "TRUSTED_PROXY_COUNT",
    }
    base = {k: v for k, v in os.environ.items() if k not in hidden}
    code = (
        "import sys, environ; environ.Env.read_env = staticmethod(lambda *a, **k: None); "
        f"sys.path.insert(0, {str(ROOT)!r}); import foquale.settings as s; print(s.DEBUG); "
        "print(s.SITE_URL)"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_secret_key_is_required_when_debug_is_off(tmp_path):
    result = _import_settings(tmp_path, DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.parametrize("key", ["short", ""])
def test_a_short_secret_key_is_refused(tmp_path, key):
    result = _import_settings(tmp_path, DEBUG="false", SECRET_KEY=key)
    assert result.returncode != 0


def test_a_long_secret_key_is_accepted(tmp_path):
    result = _import_settings(tmp_path, DEBUG="false", SECRET_KEY="x" * 40)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "False"


def test_a_bad_redis_url_is_refused(tmp_path):
    result = _import_settings(tmp_path, DEBUG="true", REDIS_URL="http://127.0.0.1:6379")
    assert result.returncode != 0
    assert "REDIS_URL must start with redis://" in result.stderr


@pytest.mark.parametrize(
    ("env", "site_url"),
    [
        ({}, "http://127.0.0.1:8000"),
        ({"PORT": "8123"}, "http://127.0.0.1:8123"),
        ({"PORT": "8123", "SITE_URL": "https://foquale.ac-lyon.fr/"}, "https://foquale.ac-lyon.fr"),
    ],
)
def test_links_in_e_mails_follow_the_port_unless_site_url_is_set(tmp_path, env, site_url):
    """`PORT=8123 make run`: the links sent by e-mail open the server that runs."""
    result = _import_settings(tmp_path, DEBUG="true", **env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[1] == site_url


def test_the_cache_may_not_share_the_brokers_redis_database(tmp_path):
    same = "redis://127.0.0.1:6379/0"
    result = _import_settings(tmp_path, DEBUG="true", REDIS_URL=same, CACHE_URL=same)
    assert result.returncode != 0
    assert "CACHE_URL must name another Redis database" in result.stderr
    ok = _import_settings(
        tmp_path, DEBUG="true", REDIS_URL=same, CACHE_URL="redis://127.0.0.1:6379/1"
    )
    assert ok.returncode == 0, ok.stderr


def test_a_negative_proxy_count_is_refused(tmp_path):
    result = _import_settings(tmp_path, DEBUG="true", TRUSTED_PROXY_COUNT="-1")
    assert result.returncode != 0
    assert "TRUSTED_PROXY_COUNT must be 0 or more" in result.stderr
