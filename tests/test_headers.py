"""Security headers: CSP without inline code, HSTS and HTTPS in production, no copy of a
page kept by browsers or proxies, and `check --deploy` clean with docker-compose.yml."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[1]
# A secret as an operator generates it (README): long and random-looking.
SECRET = "Zq8vT3nLw0pXr6yHc2sKd9fJb4mGa7uEe1iOo5tRq8wYx3zVn6-compose-test"


def compose_environment(**given: str) -> dict[str, str]:
    """The `environment:` of the app services in docker-compose.yml, with `${VAR:-default}`
    and `${VAR:?message}` resolved as Compose does from `given`."""
    text = (ROOT / "docker-compose.yml").read_text()
    block = text.split("  environment:\n", 1)[1].split("\n  volumes:", 1)[0]
    values = {}
    for line in block.splitlines():
        match = re.match(r"^    ([A-Z_]+): (.*)$", line)
        if match:
            values[match.group(1)] = match.group(2)

    def resolve(value: str) -> str:
        pattern = re.compile(r"\$\{([A-Z_]+)(?::([-?])([^${}]*))?\}")
        while (match := pattern.search(value)) is not None:
            name, op, arg = match.groups()
            if name in given:
                found = given[name]
            elif op == "?":
                raise AssertionError(f"docker-compose.yml requires {name}")
            else:
                found = arg or ""
            value = value[: match.start()] + found + value[match.end() :]
        return value.strip('"')

    return {name: resolve(value) for name, value in values.items()}


def test_compose_reads_the_client_address_from_one_proxy():
    env = compose_environment(SECRET_KEY=SECRET, ALLOWED_HOSTS="foquale.ac-lyon.fr")
    assert env["TRUSTED_PROXY_COUNT"] == "1"
    assert env["DEBUG"] == "false"


def test_check_deploy_is_clean_with_the_compose_settings(tmp_path):
    env = compose_environment(SECRET_KEY=SECRET, ALLOWED_HOSTS="foquale.ac-lyon.fr")
    env["MEDIA_ROOT"] = str(tmp_path / "media")
    base = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "TMPDIR"}}
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "check", "--deploy", "--fail-level", "WARNING"],
        cwd=tmp_path,
        env={**base, **env, "DJANGO_SETTINGS_MODULE": "foquale.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stderr


def test_csp_report_only_is_a_setting(tmp_path):
    code = (
        "import sys, environ; environ.Env.read_env = staticmethod(lambda *a, **k: None); "
        f"sys.path.insert(0, {str(ROOT)!r}); import foquale.settings as s; "
        "print(hasattr(s, 'CONTENT_SECURITY_POLICY'), "
        "s.CONTENT_SECURITY_POLICY_REPORT_ONLY['DIRECTIVES']['report-uri'])"
    )
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DEBUG", "REDIS_URL"}},
        "DEBUG": "true",
        "CSP_REPORT_ONLY": "true",
        "CSP_REPORT_URI": "/csp-rapport/",
    }
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "['/csp-rapport/']"]


@pytest.mark.django_db
def test_pages_forbid_inline_code_and_are_not_kept(client):
    response = client.get(reverse("accounts:login"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert "no-store" in response["Cache-Control"]

    client.force_login(UserFactory())
    home = client.get(reverse("home"))
    assert home.status_code == 200
    assert home["Cache-Control"] == "private, no-store"
    assert "Content-Security-Policy" in home


@pytest.mark.django_db
def test_static_files_keep_their_own_caching(client):
    response = client.get("/static/foquale/foquale.css")
    assert response.status_code == 200
    assert b"foquale-break-all" in b"".join(response.streaming_content)
    response.close()
    assert "no-store" not in response.get("Cache-Control", "")


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"<style\b", re.I), "<style> element"),
    (re.compile(r"\sstyle=\"", re.I), "style attribute"),
    (re.compile(r"\son[a-z]+=\"", re.I), "event handler attribute"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def test_no_inline_script_or_style_in_page_templates():
    """The CSP allows neither: they would be blocked in the browser. E-mails and the PDF
    templates (rendered by WeasyPrint, never served as pages) may keep theirs."""
    found = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        relative = path.relative_to(ROOT / "templates").as_posix()
        if "/emails/" in relative or "/pdf/" in relative:
            continue
        text = path.read_text()
        found += [f"{relative}: {what}" for pattern, what in INLINE if pattern.search(text)]
    assert not found


@pytest.mark.django_db
def test_production_redirects_to_https_and_sends_hsts(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    plain = client.get("/connexion/")
    assert plain.status_code == 301
    assert plain.url == "https://testserver/connexion/"
    assert client.get(reverse("reporting:health")).status_code == 200  # a probe in HTTP
    secure = client.get("/connexion/", HTTP_X_FORWARDED_PROTO="https")
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
