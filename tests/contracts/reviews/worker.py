"""A real Celery worker process for the integration tests, on the test database and Redis."""

import email
import email.policy
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from tests.conftest import CI

ROOT = Path(__file__).resolve().parents[3]
CELERY = Path(sys.executable).parent / "celery"
SEPARATOR = b"\n" + b"-" * 79 + b"\n"


def redis_url_or_skip() -> str:
    """REDIS_URL, reachable. Without it: skip, or fail with CI=true."""
    import redis

    url = os.environ.get("REDIS_URL", "")
    problem = ""
    if not url:
        problem = "REDIS_URL is not set"
    else:
        try:
            redis.Redis.from_url(url, socket_connect_timeout=2).ping()
        except redis.RedisError as exc:
            problem = f"Redis at REDIS_URL does not answer ({type(exc).__name__})"
    if problem:
        if CI:
            pytest.fail(f"CI=true: {problem}; the real-worker tests may not be skipped")
        pytest.skip(f"{problem}: the real-worker tests need Redis")
    return url


def database_url_for_worker() -> str:
    """The URL of the database the tests run on, for another process to open."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        name = str(db["NAME"])
        if name == ":memory:" or "mode=memory" in name:
            pytest.fail("the real-worker tests need SQLite in a file (see test_settings)")
        return f"sqlite:///{name}"
    if db["ENGINE"] == "django.db.backends.postgresql":
        user = quote(db["USER"] or "", safe="")
        password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
        host = db["HOST"] or "localhost"
        port = f":{db['PORT']}" if db["PORT"] else ""
        return f"postgres://{user}{password}@{host}{port}/{db['NAME']}"
    pytest.fail(f"unsupported database engine {db['ENGINE']}")


class Worker:
    """`celery -A foquale worker` with the production settings module, a queue of its own,
    the solo pool (a task runs in the main process, so SIGKILL stops it mid-task) and the
    file e-mail backend, so that every message that leaves can be counted."""

    def __init__(self, tmp_path: Path, redis_url: str, **extra_env: str):
        self.queue = f"foquale-test-{uuid.uuid4().hex[:12]}"
        self.node = f"{self.queue}@localhost"
        self.mail_dir = tmp_path / "mail"
        self.mail_dir.mkdir(parents=True)
        self.log_path = tmp_path / "worker.log"
        self.redis_url = redis_url
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "foquale.settings",
            "DEBUG": "false",
            "SECRET_KEY": "integration-test-secret-key-0123456789abcdef",
            "DATABASE_URL": database_url_for_worker(),
            "REDIS_URL": redis_url,
            "CELERY_QUEUE": self.queue,
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "REVIEW_SCAN_AT_WORKER_START": "false",
            # django-environ drops the first slash of the path.
            "EMAIL_URL": f"filemail:///{self.mail_dir}",
            "MEDIA_ROOT": str(tmp_path / "media"),
            "SITE_URL": "http://foquale.test",
            "LOG_LEVEL": "INFO",
            **extra_env,
        }
        self.process: subprocess.Popen | None = None
        self.runs = 0

    def start(self, timeout: float = 60) -> None:
        self.runs += 1
        with self.log_path.open("a") as log:
            log.write(f"\n=== run {self.runs}\n")
            log.flush()
            self.process = self._spawn(log)
        self.wait_for(lambda: " ready." in self.log_of_run(), timeout, "worker ready")

    def _spawn(self, log) -> subprocess.Popen:
        return subprocess.Popen(
            [
                str(CELERY),
                "-A",
                "foquale",
                "worker",
                "--pool",
                "solo",
                "--loglevel",
                "INFO",
                "--hostname",
                self.node,
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def log_of_run(self) -> str:
        return self.log_path.read_text().split(f"=== run {self.runs}\n")[-1]

    def wait_for(self, condition, timeout: float, what: str, every: float = 0.05) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition():
                return
            if self.process is not None and self.process.poll() is not None:
                pytest.fail(
                    f"worker exited ({self.process.returncode}):\n{self.log_path.read_text()}"
                )
            time.sleep(every)
        pytest.fail(
            f"timed out waiting for {what}; worker log:\n{self.log_path.read_text()[-5000:]}"
        )

    def task_succeeded(self, task_id: str) -> bool:
        return f"[{task_id}] succeeded" in self.log_path.read_text()

    def drained(self) -> bool:
        """Nothing waits in the queue and every task received has finished."""
        import redis

        if redis.Redis.from_url(self.redis_url).llen(self.queue):
            return False
        log = self.log_of_run()
        return log.count("] received") == log.count("] succeeded")

    def kill(self) -> None:
        """SIGKILL: no shutdown, no acknowledgement, no cleanup."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        self.process = None

    def stop(self) -> None:
        if self.process is None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.kill()
        self.process = None

    def messages(self) -> list[email.message.EmailMessage]:
        """Every message the worker's e-mail backend wrote."""
        found = []
        for path in sorted(self.mail_dir.iterdir()):
            for chunk in path.read_bytes().split(SEPARATOR):
                if chunk.strip():
                    found.append(email.message_from_bytes(chunk, policy=email.policy.default))
        return found

    def clean_redis(self) -> None:
        clean_redis_queue(self.redis_url, self.queue)


def clean_redis_queue(redis_url: str, queue: str) -> None:
    """Drop a test queue, its bindings and its unacknowledged messages from Redis."""
    import redis

    client = redis.Redis.from_url(redis_url)
    for key in client.scan_iter(match=f"*{queue}*"):
        client.delete(key)
    for key in client.scan_iter(match="_kombu.binding.*"):
        for member in client.smembers(key):
            if queue.encode() in member:
                client.srem(key, member)
    for tag, payload in client.hscan_iter("unacked"):
        try:
            routing_key = json.loads(payload)[2]
        except (ValueError, IndexError):
            continue
        if routing_key == queue:
            client.hdel("unacked", tag)
            client.zrem("unacked_index", tag)
