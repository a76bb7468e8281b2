import os
import subprocess
import sys
from pathlib import Path

import pytest
from celery.schedules import crontab

from foquale.celery import app, catch_up_review_scan

ROOT = Path(__file__).resolve().parents[3]


def test_every_scheduled_task_exists():
    app.loader.import_default_modules()
    schedule = app.conf.beat_schedule
    assert {entry["task"] for entry in schedule.values()} <= set(app.tasks)
    assert schedule["review-reminders"]["schedule"] == crontab(hour=6, minute=30)
    assert schedule["network-digests"]["schedule"] == crontab(day_of_week="mon", hour=7, minute=0)


@pytest.mark.parametrize("enabled", [True, False])
def test_a_starting_worker_catches_up_the_scan(monkeypatch, settings, enabled):
    settings.REVIEW_SCAN_AT_WORKER_START = enabled
    sent = []
    monkeypatch.setattr(app, "send_task", lambda name, *a, **kw: sent.append(name))
    catch_up_review_scan(sender=None)
    assert sent == (["contracts.reviews.tasks.scan_review_reminders"] if enabled else [])


def test_bad_delay_settings_fail_at_start_up():
    env = {**os.environ, "REVIEW_GRACE_DAYS": "0", "DEBUG": "true"}
    result = subprocess.run(
        [sys.executable, "-c", "import foquale.settings"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "REVIEW_GRACE_DAYS must be 1 or more (got 0)." in result.stderr


def test_retention_jobs_are_scheduled_every_night():
    schedule = app.conf.beat_schedule
    assert schedule["personal-data-retention"]["task"] == "contracts.tasks.purge_personal_data"
    assert schedule["outbox-prune"]["task"] == "foquale.outbox.tasks.prune_outbox"
