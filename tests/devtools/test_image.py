"""The production image holds neither devtools nor the test dependencies, and still runs."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from django.conf import settings
from django.core.management import get_commands

# Run as in the image: `devtools` left out by .dockerignore, Faker and factory_boy not
# installed (test extra). Every module of the project and its apps must import, and Django's
# checks pass.
IMAGE_LIKE = textwrap.dedent(
    """
    import importlib, pkgutil, sys
    for name in ("devtools", "faker", "factory"):
        sys.modules[name] = None  # import fails, find_spec finds nothing
    import django
    django.setup()
    from django.apps import apps
    from django.conf import settings
    from django.core.management import call_command, get_commands
    assert "devtools" not in settings.INSTALLED_APPS, settings.INSTALLED_APPS
    assert "seed_scale" not in get_commands() and "seed_demo" in get_commands()
    ours = [
        c.module for c in apps.get_app_configs()
        if c.path.startswith(str(settings.BASE_DIR)) and "site-packages" not in c.path
    ]
    for package in [importlib.import_module("foquale"), *ours]:
        for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            importlib.import_module(module.name)
    call_command("check")
    print("image-like start: ok")
    """
)


def test_settings_add_devtools_where_it_is_found():
    assert "devtools" in settings.INSTALLED_APPS
    assert get_commands()["seed_scale"] == "devtools"


def test_production_apps_run_without_devtools_nor_faker(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "DEBUG", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="foquale.settings",
        DEBUG="false",
        SECRET_KEY="image-check-not-a-secret-0123456789abcdef",
        MEDIA_ROOT=str(tmp_path),
    )
    result = subprocess.run(
        [sys.executable, "-c", IMAGE_LIKE],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "image-like start: ok" in result.stdout


def test_the_image_leaves_out_devtools_and_tests():
    ignored = (Path(settings.BASE_DIR) / ".dockerignore").read_text().split()
    assert {"devtools", "tests"} <= set(ignored)
