"""`make run`'s supervisor (devtools/run.py): Ctrl-C stops every process within 10 seconds,
a process that dies takes the others down, and the address comes last."""

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from devtools.run import GRACE_SECONDS

ROOT = Path(__file__).resolve().parents[2]

# Three fake processes: one that stops on SIGTERM, one that ignores it (a worker stuck on a
# task), one that dies by itself after `die_after` seconds (0: never).
SUPERVISOR = textwrap.dedent(
    """
    import sys
    from devtools.run import Child, supervise

    die_after = float(sys.argv[1])
    py = sys.executable
    forever = "import os, time; print('pid', os.getpid(), 'ready.', flush=True); time.sleep(600)"
    stubborn = "import signal; signal.signal(signal.SIGTERM, signal.SIG_IGN); " + forever
    children = [
        Child("web", [py, "-c", forever]),
        Child("worker", [py, "-c", stubborn], ready_line="ready."),
        Child("beat", [py, "-c", f"import time; time.sleep({die_after} or 600)"]),
    ]
    sys.exit(supervise(children, env={}, ready=lambda: True, banner="URL-BANNER", grace=2))
    """
)


def start(die_after: float = 0) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", SUPERVISOR, str(die_after)],
        cwd=ROOT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def read_until(process: subprocess.Popen, text: str, timeout: float = 20) -> list[str]:
    lines, deadline = [], time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        lines.append(line)
        if text in line:
            return lines
    raise AssertionError(f"no {text!r} in {lines}")


def child_pids(lines: list[str]) -> list[int]:
    return [int(line.split("pid ")[1].split()[0]) for line in lines if "pid " in line]


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_ctrl_c_stops_every_process_within_ten_seconds():
    assert GRACE_SECONDS < 10
    supervisor = start()
    lines = read_until(supervisor, "URL-BANNER")
    pids = child_pids(lines)
    assert len(pids) == 2
    assert lines[-1].strip() == "URL-BANNER"  # after the processes' start-up lines

    started = time.monotonic()
    supervisor.send_signal(signal.SIGINT)
    output = supervisor.communicate(timeout=15)[0]
    assert time.monotonic() - started < 10
    assert supervisor.returncode == 0
    assert "FOQUALE est arrêté." in output
    assert not [pid for pid in pids if alive(pid)]  # the stubborn one too, killed


def test_a_process_that_dies_stops_the_others():
    supervisor = start(die_after=1)
    lines = read_until(supervisor, "URL-BANNER")
    output = supervisor.communicate(timeout=20)[0]
    assert supervisor.returncode == 1
    assert "« beat » s’est arrêté (code 0)" in output
    assert not [pid for pid in child_pids(lines) if alive(pid)]
