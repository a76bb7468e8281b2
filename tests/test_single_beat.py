"""One Celery beat at a time (foquale/beat.py): a second one waits, and takes over when the
first is gone, even killed without notice."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from foquale.beat import FileLock, RedisLock

ROOT = Path(__file__).resolve().parents[1]
CELERY = Path(sys.executable).parent / "celery"


def test_a_file_lock_is_held_by_one_at_a_time(tmp_path):
    first, second = FileLock(tmp_path / "beat.lock"), FileLock(tmp_path / "beat.lock")
    assert first.acquire()
    assert not second.acquire()
    first.release()
    assert second.acquire()
    second.release()


def test_a_redis_lock_is_held_by_one_at_a_time_and_lost_when_taken():
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("REDIS_URL is not set")
    name = f"foquale:test-beat-lock:{os.getpid()}"
    first, second = RedisLock(url, name), RedisLock(url, name)
    assert first.acquire() and first.renew()
    assert not second.acquire()
    first.lock.redis.delete(name)  # expired while its beat was frozen
    assert second.acquire()
    assert not first.renew()
    second.release()


class Beat:
    def __init__(self, tmp_path: Path, name: str):
        self.log = tmp_path / f"{name}.log"
        env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DATABASE_URL"}}
        env.update(
            DJANGO_SETTINGS_MODULE="foquale.settings",
            DEBUG="true",
            BEAT_LOCK_FILE=str(tmp_path / "beat.lock"),
            CELERY_QUEUE=f"test-beat-{os.getpid()}",
        )
        with self.log.open("w") as out:
            self.process = subprocess.Popen(
                [str(CELERY), "-A", "foquale", "beat", "--loglevel", "INFO"]
                + ["--schedule", str(tmp_path / f"{name}-schedule")],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def wait_for(self, text: str, timeout: float = 40) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.log.read_text():
            assert self.process.poll() is None, self.log.read_text()
            assert time.monotonic() < deadline, f"no {text!r} in:\n{self.log.read_text()}"
            time.sleep(0.1)

    def stop(self, sig=signal.SIGTERM) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, sig)
        self.process.wait(timeout=20)


def test_a_second_beat_waits_and_takes_over_from_one_killed(tmp_path):
    first = Beat(tmp_path, "first")
    second = None
    try:
        first.wait_for("lock acquired")
        second = Beat(tmp_path, "second")
        second.wait_for("another beat is running")
        assert "lock acquired" not in second.log.read_text()

        first.stop(signal.SIGKILL)  # no clean-up at all
        second.wait_for("lock acquired", timeout=20)
        assert second.process.poll() is None

        started = time.monotonic()
        second.stop()  # Ctrl-C, as make run stops it
        assert time.monotonic() - started < 10
    finally:
        first.stop(signal.SIGKILL)
        if second is not None:
            second.stop(signal.SIGKILL)
