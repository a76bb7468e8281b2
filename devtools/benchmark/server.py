"""gunicorn serving the app on 127.0.0.1 for the load, with its static files, and the
minimal reference page with the same gunicorn settings."""

import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings

from . import client


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((client.HOST, 0))
        return sock.getsockname()[1]


def server_env() -> dict[str, str]:
    return {
        **os.environ,
        "DEBUG": "false",
        "DEMO": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": client.HOST,
        "SECURE_COOKIES": "false",
        "CONN_MAX_AGE": "600",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "foquale.settings",
    }


APP = "foquale.wsgi:application"
MINIMAL_APP = "devtools.benchmark.minimal.wsgi:application"


class Server:
    """gunicorn serving the app (or the minimal page) on 127.0.0.1, DEBUG off, on the same
    database."""

    def __init__(self, *, workers: int, log: Path, app: str = APP, ready_path: str = "/sante/"):
        self.workers = workers
        self.app = app
        self.ready_path = ready_path
        self.port = free_port()
        self.log = log
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "Server":
        env = server_env()
        base = Path(settings.BASE_DIR)
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    self.app,
                    "--bind",
                    f"{client.HOST}:{self.port}",
                    "--workers",
                    str(self.workers),
                    "--timeout",
                    "120",
                ],
                cwd=base,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if client.get(self.port, self.ready_path, timeout=5)[0] == 200:
                    return self
            except OSError:
                time.sleep(0.2)
        self.__exit__(None, None, None)
        raise RuntimeError(f"gunicorn did not start; see {self.log}")

    def __exit__(self, *exc) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def collect_static() -> None:
    """The manifest of static files, which pages need with DEBUG off (here and in gunicorn)."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=Path(settings.BASE_DIR),
        env=server_env(),
        check=True,
    )
