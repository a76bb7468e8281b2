"""Settings of the minimal reference app: nothing but what a login-protected page needs."""

import os
import secrets
from pathlib import Path

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY") or secrets.token_urlsafe(48)
ALLOWED_HOSTS = ["127.0.0.1"]
ROOT_URLCONF = "devtools.benchmark.minimal.urls"
WSGI_APPLICATION = "devtools.benchmark.minimal.wsgi.application"
# The models of auth and contenttypes are imported by the authentication middleware; no
# database is ever opened (the page reads no user).
INSTALLED_APPS = ["django.contrib.auth", "django.contrib.contenttypes"]
DATABASES = {}
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [Path(__file__).resolve().parent / "templates"],
    }
]
USE_I18N = False
USE_TZ = True
LOGGING_CONFIG = None
