"""The environment the settings are read from (django-environ): the checkout's `.env` for
development, the process environment otherwise. Bad values fail loudly at start-up."""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)


def int_at_least(name: str, default: int, minimum: int = 0) -> int:
    value = env.int(name, default=default)
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be {minimum} or more (got {value}).")
    return value
