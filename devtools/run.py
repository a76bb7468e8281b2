"""`make run`: the web server, the Celery worker and Celery beat, as three processes.

    python -m devtools.run --port 8000

Each process has its own process group, so the terminal's Ctrl-C reaches this supervisor
only, which then stops them in order: SIGTERM (the worker finishes its task in hand, beat
saves its schedule), and SIGKILL for whatever still runs GRACE_SECONDS later, so everything
has stopped within 10 seconds. A process that dies on its own (a crash, a `kill -9`) stops
the others too: nothing is left running half-way, and no orphaned beat survives to meet the
next one (beat also holds a lock, `foquale.beat`). The address is printed last, once the
server answers and the worker is ready.
"""

import argparse
import ctypes
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

GRACE_SECONDS = 8
READY_TIMEOUT = 90
ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _die_with_parent() -> None:  # pragma: no cover - runs in the child, before exec
    """Linux: the child gets SIGTERM if the supervisor is killed without notice."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class Child:
    def __init__(self, name: str, argv: list[str], *, ready_line: str = "", group_term=False):
        self.name = name
        self.argv = argv
        self.ready_line = ready_line
        # runserver's autoreloader runs the server in a child process: stop the whole group.
        self.group_term = group_term
        self.seen_ready = not ready_line
        self.popen: subprocess.Popen | None = None
        self.reader: threading.Thread | None = None

    def start(self, env: dict[str, str]) -> None:
        """Start the process; `forward` then copies its output (threads come after every
        fork, so that no child is forked from a process with threads running)."""
        self.popen = subprocess.Popen(
            self.argv,
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            preexec_fn=_die_with_parent,
        )

    def forward(self) -> None:
        self.reader = threading.Thread(target=self._forward, daemon=True)
        self.reader.start()

    def _forward(self) -> None:
        prefix = f"{self.name:<6} | ".encode()
        for line in iter(self.popen.stdout.readline, b""):
            if self.ready_line and self.ready_line.encode() in line:
                self.seen_ready = True
            sys.stdout.buffer.write(prefix + line)
            sys.stdout.flush()

    def send(self, sig: int, *, group: bool) -> None:
        try:
            if group:
                os.killpg(self.popen.pid, sig)
            else:
                os.kill(self.popen.pid, sig)
        except ProcessLookupError:
            pass

    def running(self) -> bool:
        return self.popen is not None and self.popen.poll() is None


def port_open(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
    except OSError:
        return False
    return True


def stop_all(children: list[Child], *, grace: float = GRACE_SECONDS) -> None:
    for child in children:
        if child.running():
            child.send(signal.SIGTERM, group=child.group_term)
    deadline = time.monotonic() + grace
    while any(child.running() for child in children) and time.monotonic() < deadline:
        time.sleep(0.1)
    for child in children:
        if child.popen is not None:
            # Anything left in the group (a stuck worker, a pool process) goes now.
            child.send(signal.SIGKILL, group=True)
            child.popen.wait()
            if child.reader is not None:
                child.reader.join(timeout=1)


def supervise(
    children: list[Child],
    *,
    env: dict[str, str],
    ready: Callable[[], bool],
    banner: str,
    grace: float = GRACE_SECONDS,
) -> int:
    """Run the children until Ctrl-C (0) or until one of them ends (1)."""
    stopping = threading.Event()

    def on_signal(signum, frame):
        stopping.set()

    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, on_signal)
    for child in children:
        child.start(env)
    for child in children:
        child.forward()
    started, announced, code = time.monotonic(), False, 0
    while not stopping.is_set():
        ended = next((child for child in children if not child.running()), None)
        if ended is not None:
            print(
                f"« {ended.name} » s’est arrêté (code {ended.popen.returncode}) : "
                "arrêt des autres processus.",
                flush=True,
            )
            code = 1
            break
        if not announced and (
            all(child.seen_ready for child in children)
            and ready()
            or time.monotonic() - started > READY_TIMEOUT
        ):
            print(banner, flush=True)
            announced = True
        stopping.wait(0.2)
    print("Arrêt de FOQUALE…", flush=True)
    stop_all(children, grace=grace)
    print("FOQUALE est arrêté.", flush=True)
    return code


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    args = parser.parse_args(argv)
    env = {**os.environ, "PORT": str(args.port), "PYTHONUNBUFFERED": "1"}
    celery = str(BIN / "celery")
    children = [
        Child(
            "web",
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{args.port}"],
            group_term=True,
        ),
        Child(
            "worker",
            [celery, "-A", "foquale", "worker", "--loglevel", "INFO", "--concurrency", "2"],
            ready_line=" ready.",
        ),
        Child(
            "beat",
            [celery, "-A", "foquale", "beat", "--loglevel", "INFO"]
            + ["--schedule", str(ROOT / "var" / "celerybeat-schedule")],
        ),
    ]
    banner = f"\nFOQUALE sur http://127.0.0.1:{args.port}/connexion/ (Ctrl-C pour tout arrêter)\n"
    return supervise(children, env=env, ready=lambda: port_open(args.port), banner=banner)


if __name__ == "__main__":
    sys.exit(main())
