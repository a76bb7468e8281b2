"""Celery beat, one at a time: two beats would send every periodic task twice.

`SingleBeatScheduler` (settings: CELERY_BEAT_SCHEDULER) holds a lock while it runs: a file
lock under var/ on one machine (`make run`, released by the system whatever way the process
ends, `kill -9` included), a Redis lock shared by every container when REDIS_URL is set
(with an expiry, renewed at each tick, so that a beat killed without notice frees it after
BEAT_LOCK_SECONDS). A second beat waits for the lock and takes over when the first stops; a
beat that finds its lock taken by another stops.
"""

import fcntl
import logging
import signal
import time
from pathlib import Path

from celery.beat import PersistentScheduler
from django.conf import settings

logger = logging.getLogger(__name__)
BEAT_LOCK_SECONDS = 300
WAIT_SECONDS = 5


class FileLock:
    def __init__(self, path: Path):
        self.path = path
        self.handle = None

    def acquire(self) -> bool:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = self.path.open("a")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            return False
        self.handle = handle
        return True

    def renew(self) -> bool:
        return self.handle is not None

    def release(self) -> None:
        if self.handle is not None:
            fcntl.flock(self.handle, fcntl.LOCK_UN)
            self.handle.close()
            self.handle = None


class RedisLock:
    def __init__(self, url: str, name: str):
        import redis

        self.errors = (redis.exceptions.LockError, redis.exceptions.ConnectionError)
        self.lock = redis.Redis.from_url(url).lock(name, timeout=BEAT_LOCK_SECONDS)
        self.held = False

    def acquire(self) -> bool:
        self.held = bool(self.lock.acquire(blocking=False))
        return self.held

    def renew(self) -> bool:
        try:
            self.lock.reacquire()
        except self.errors:
            self.held = False
        return self.held

    def release(self) -> None:
        if self.held:
            try:
                self.lock.release()
            except self.errors:
                pass  # expired or taken: nothing of ours to free
            self.held = False


def beat_lock() -> FileLock | RedisLock:
    if settings.REDIS_URL:
        name = f"foquale:beat-lock:{settings.CELERY_TASK_DEFAULT_QUEUE}"
        return RedisLock(settings.REDIS_URL, name)
    return FileLock(Path(settings.BEAT_LOCK_FILE))


def _stop(signum, frame):
    raise SystemExit(0)


class SingleBeatScheduler(PersistentScheduler):
    lock: FileLock | RedisLock | None = None

    def setup_schedule(self) -> None:
        self.lock = beat_lock()
        # Celery's own Ctrl-C handler would build a second scheduler while this one waits.
        previous = {sig: signal.signal(sig, _stop) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            told = False
            while not self.lock.acquire():
                if not told:
                    logger.warning("beat: another beat is running; waiting for its lock")
                    told = True
                time.sleep(WAIT_SECONDS)
            logger.info("beat: lock acquired, this beat is the only one")
            # Still ours until the schedule is set up: Celery's handler, reached now, would
            # build a second scheduler, which would wait for this very lock for ever.
            super().setup_schedule()
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    def tick(self, *args, **kwargs):
        if not self.lock.renew():
            logger.error("beat: the lock was lost to another beat; stopping this one")
            raise SystemExit(1)
        return super().tick(*args, **kwargs)

    def close(self) -> None:
        try:
            super().close()
        finally:
            if self.lock is not None:
                self.lock.release()
