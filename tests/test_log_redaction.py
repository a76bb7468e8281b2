"""No secret address in the logs: family links and calendar feeds carry their token in the
path, and an access log is read by more people than the links were sent to."""

import io
import logging
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings

from contracts.reviews.services import calendar_token_renew
from foquale.redact import RedactSecretsFilter, redact
from tests.contracts.reviews.worker import database_url_for_worker
from tests.factories import UserFactory

FAMILY_TOKEN = "Zk3mQ9xY_2vB-7LpR4tW8nC1dF6gH0jK5sA3eU9iO2q"  # the shape of token_urlsafe(32)
GUNICORN = Path(sys.executable).parent / "gunicorn"


@contextmanager
def captured(handler_owner: str):
    """What the handlers of a configured logger write, as settings.LOGGING set them."""
    logger = logging.getLogger(handler_owner)
    handlers = [
        handler
        for handler in (logger.handlers or logging.getLogger().handlers)
        if any(isinstance(f, RedactSecretsFilter) for f in handler.filters)
    ]
    assert handlers, f"no handler of {handler_owner} has the filter"
    stream = io.StringIO()
    previous = [handler.setStream(stream) for handler in handlers]
    try:
        yield stream
    finally:
        for handler, old in zip(handlers, previous, strict=True):
            handler.setStream(old)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (f"/famille/{FAMILY_TOKEN}/", "/famille/[secret]/"),
        (f"/famille/{FAMILY_TOKEN}/contrat.pdf", "/famille/[secret]/contrat.pdf"),
        (f"/agenda/{FAMILY_TOKEN}.ics", "/agenda/[secret].ics"),
        ("/connexion/nouveau-mot-de-passe/MQ/cabcde-0123456789abcdef0123456789abcdef/", None),
        ("/reseaux/12/solutions/?page=2", "/reseaux/12/solutions/?page=2"),
        (
            "/static/dsfr/dist/dsfr.min.0a1b2c3d4e5f.css",
            "/static/dsfr/dist/dsfr.min.0a1b2c3d4e5f.css",
        ),
    ],
)
def test_secret_segments_are_replaced_and_readable_addresses_kept(path, expected):
    cleaned = redact(f'"GET {path} HTTP/1.1" 200 512')
    if expected is None:  # a password-reset token
        assert "0123456789abcdef" not in cleaned and "[secret]" in cleaned
    else:
        assert cleaned == f'"GET {expected} HTTP/1.1" 200 512'


def test_runserver_request_log_has_no_token():
    """`make run`: the line runserver writes for each request (django.server)."""
    with captured("django.server") as out:
        # As django.core.servers.basehttp.WSGIRequestHandler.log_message logs it.
        logging.getLogger("django.server").info(
            '"%s" %s %s',
            f"GET /famille/{FAMILY_TOKEN}/ HTTP/1.1",
            "200",
            "2048",
            extra={"request": None, "server_time": "01/Dec/2026 09:00:00", "status_code": 200},
        )
    line = out.getvalue()
    assert '"GET /famille/[secret]/ HTTP/1.1" 200 2048' in line
    assert FAMILY_TOKEN not in line


def test_an_error_on_a_secret_address_is_logged_without_it():
    """A 500 on a family link: django.request names the path, with a traceback."""
    with captured("django.request") as out:
        try:
            raise ValueError(f"boom on /agenda/{FAMILY_TOKEN}.ics")
        except ValueError:
            logging.getLogger("django.request").exception(
                "Internal Server Error: %s", f"/agenda/{FAMILY_TOKEN}.ics"
            )
    text = out.getvalue()
    assert "Internal Server Error: /agenda/[secret].ics" in text
    assert "ValueError: boom on /agenda/[secret].ics" in text
    assert FAMILY_TOKEN not in text


def test_the_filter_formats_gunicorn_atoms():
    """gunicorn logs its access line with a mapping of atoms as the only argument."""
    record = logging.LogRecord(
        "gunicorn.access",
        logging.INFO,
        __file__,
        1,
        '%(h)s "%(r)s" %(s)s',
        ({"h": "10.0.0.1", "r": f"GET /agenda/{FAMILY_TOKEN}.ics HTTP/1.1", "s": "200"},),
        None,
    )
    assert RedactSecretsFilter().filter(record)
    assert record.getMessage() == '10.0.0.1 "GET /agenda/[secret].ics HTTP/1.1" 200'


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.django_db(transaction=True)
def test_gunicorn_access_log_has_no_token(tmp_path):
    """The production server, started with the project's configuration (Dockerfile,
    docker-compose.yml), on the test database: the links work, the log keeps no token."""
    calendar = calendar_token_renew(user=UserFactory())
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DEBUG"}},
        "DJANGO_SETTINGS_MODULE": "foquale.test_settings",
        "DATABASE_URL": database_url_for_worker(),
        "MEDIA_ROOT": str(tmp_path),
    }
    log = tmp_path / "gunicorn.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [str(GUNICORN), "foquale.wsgi", "--config", "python:foquale.gunicorn"]
            + ["--bind", f"127.0.0.1:{port}", "--workers", "1"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert server.poll() is None, log.read_text()
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.1)
        assert get(f"{base}/agenda/{calendar}.ics") == 200
        assert get(f"{base}/famille/{FAMILY_TOKEN}/") == 404
    finally:
        server.terminate()
        server.wait(timeout=30)
    text = log.read_text()
    assert '"GET /agenda/[secret].ics HTTP/1.1" 200' in text
    assert '"GET /famille/[secret]/ HTTP/1.1" 404' in text
    assert calendar not in text and FAMILY_TOKEN not in text
