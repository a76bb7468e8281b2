"""FOQUALE settings, read from the environment (django-environ).

Bad values fail loudly at start-up rather than later in a request.
"""

import importlib.util

from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from .environment import BASE_DIR, VAR_DIR, env
from .environment import int_at_least as _int_at_least

DEBUG = env.bool("DEBUG", default=False)
# Demo mode creates the demo accounts (seed_demo refuses to run without it).
DEMO = env.bool("DEMO", default=False)

if DEBUG:
    SECRET_KEY = env.str("SECRET_KEY", default="insecure-dev-key-only-for-debug")
else:
    SECRET_KEY = env.str("SECRET_KEY", default="")
    if len(SECRET_KEY) < 32:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set (32 characters or more) when DEBUG is off."
        )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# The address in e-mails. Unset, it is the local server's, on the port `make run` serves.
SITE_URL = env.str("SITE_URL", default=f"http://127.0.0.1:{env.int('PORT', default=8000)}")
SITE_URL = SITE_URL.rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # dsfr before django.forms so that its widget templates win.
    "dsfr",
    "django.forms",
    "widget_tweaks",
    "guardian",
    "axes",
    "csp",
    "foquale.accounts",
    "foquale.outbox",
    "foquale.submissions",
    "networks",
    "audit",
    "referents",
    "contracts",
    "intake",
    "solutions",
    "reporting",
]
# Development tooling (scale seed, benchmark): in a checkout, left out of the image.
if importlib.util.find_spec("devtools") is not None:
    INSTALLED_APPS.append("devtools")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "foquale.accounts.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "foquale.accounts.middleware.IdleSessionMiddleware",
    "foquale.kept.WriteStampMiddleware",
    "foquale.access.AccessScopeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    # The site's 404 page under DEBUG too (`make run`): Django's own is technical.
    "foquale.errors.NotFoundPageInDebugMiddleware",
]

ROOT_URLCONF = "foquale.urls"
# The catalogue's models live in `networks` (their tables were created there); their pages
# belong to `solutions`, above it: the wiring gives them their address.
ABSOLUTE_URL_OVERRIDES = {
    "networks.solution": lambda solution: reverse("solutions:solution_detail", args=[solution.pk]),
    "networks.practice": lambda practice: reverse("solutions:practice_detail", args=[practice.pk]),
}
WSGI_APPLICATION = "foquale.wsgi.application"

# Templates are compiled once per process: without `loaders`, Django wraps the file and
# app loaders in its cached loader, with DEBUG off as on (where it reloads a changed file).
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "foquale.context_processors.site",
                "contracts.context_processors.todo",
            ],
            # French elision and articles (« d’Inès », « du réseau ») in every template.
            "builtins": ["foquale.french"],
            # `{% once %}`: the parts of the layout rendered once per process.
            "libraries": {"layout": "foquale.layout"},
        },
    },
]
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
DSFR_MARK_OPTIONAL_FIELDS = True

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'foquale.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "foquale.accounts.backends.CachedUserBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# django-guardian: no anonymous user row, object permissions only for real accounts.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False

# The client's address: behind TRUSTED_PROXY_COUNT reverse proxies (the HTTPS proxy in
# front of gunicorn: 1), read from X-Forwarded-For, counted from the right
# (`foquale.accounts.security.client_ip`). 0: the connection's address.
TRUSTED_PROXY_COUNT = _int_at_least("TRUSTED_PROXY_COUNT", 0)

# django-axes: an account is locked after AXES_FAILURE_LIMIT failures from one address, for
# that address only: nobody can lock a user out from elsewhere.
AXES_FAILURE_LIMIT = _int_at_least("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "foquale.accounts.axes.username"
AXES_CLIENT_IP_CALLABLE = "foquale.accounts.security.client_ip"
AXES_VERBOSE = False
# Failed log-ins from one address across all accounts, per hour, before the address (not
# the accounts) is refused: slows password spraying. High enough for a school's shared
# address. Password-reset requests per hour, per address and per account.
LOGIN_FAILURES_PER_ADDRESS = _int_at_least("LOGIN_FAILURES_PER_ADDRESS", 30, minimum=1)
PASSWORD_RESET_PER_ADDRESS = _int_at_least("PASSWORD_RESET_PER_ADDRESS", 10, minimum=1)
PASSWORD_RESET_PER_ACCOUNT = _int_at_least("PASSWORD_RESET_PER_ACCOUNT", 3, minimum=1)
# Checks of a contract's copy (« Vérifier un contrat », public) per hour and address.
VERIFY_PER_ADDRESS = _int_at_least("VERIFY_PER_ADDRESS", 30, minimum=1)

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": env.str("MEDIA_ROOT", default=str(VAR_DIR / "media"))},
    },
    # Scanned contracts and meeting documents (`foquale.attachments`): personal data, outside
    # the static files and never served by an address of their own, only through the views
    # that check who may read them.
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": env.str("PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "private")),
            "base_url": None,
            "directory_permissions_mode": 0o700,
            "file_permissions_mode": 0o600,
        },
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# E-mail: a file per message under var/mail by default, SMTP when EMAIL_URL says so.
EMAIL_URL = env.str("EMAIL_URL", default="")
if EMAIL_URL:
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
# An SMTP server that does not answer fails the attempt (retried later) instead of holding
# a worker.
EMAIL_TIMEOUT = _int_at_least("EMAIL_TIMEOUT", 30, minimum=1)
# Who is told of a grants drift (`check_grants`): the active superusers when empty.
ADMIN_EMAILS = env.list("ADMIN_EMAILS", default=[])
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="FOQUALE <ne-pas-repondre@foquale.fr>")

# Celery: Redis when REDIS_URL is set, otherwise kombu's filesystem transport so that a
# fresh `make run` needs no server.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    if not REDIS_URL.startswith(("redis://", "rediss://")):
        raise ImproperlyConfigured("REDIS_URL must start with redis:// or rediss://.")
    CELERY_BROKER_URL = REDIS_URL
    # A broker that does not answer fails a publish quickly: the request goes on, the mail
    # waits in the outbox for the flush (`foquale.outbox.services.publish`).
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600, "socket_connect_timeout": 2}
else:
    CELERY_BROKER_URL = "filesystem://"
    _queue_dir = VAR_DIR / "celery-queue"
    # The filesystem transport needs its folders before the worker declares its queues.
    _queue_dir.mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "processed_folder": str(VAR_DIR / "celery-processed"),
        "store_processed": False,
        # Otherwise kombu writes its exchange tables to ./control in the working directory.
        "control_folder": str(VAR_DIR / "celery-control"),
    }
# One beat at a time, whatever starts them (foquale/beat.py); it renews its lock at least
# every minute.
CELERY_BEAT_SCHEDULER = "foquale.beat:SingleBeatScheduler"
CELERY_BEAT_MAX_LOOP_INTERVAL = 60
# The lock of a beat without Redis (one machine): a file.
BEAT_LOCK_FILE = env.path("BEAT_LOCK_FILE", default=str(VAR_DIR / "celerybeat.lock"))
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
# Lets several deployments (or test runs) share one Redis without taking each other's tasks.
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default="celery")

# Caches: Redis when CACHE_URL is set, so that every web process shares the log-in and
# password-reset counters and the access scopes; memory otherwise. A database of its own,
# apart from the broker's: clearing the cache never drops queued tasks.
CACHE_URL = env.str("CACHE_URL", default="")
if CACHE_URL:
    if not CACHE_URL.startswith(("redis://", "rediss://")):
        raise ImproperlyConfigured("CACHE_URL must start with redis:// or rediss://.")
    if CACHE_URL == REDIS_URL:
        raise ImproperlyConfigured("CACHE_URL must name another Redis database than REDIS_URL.")
    CACHES = {
        "default": {
            "BACKEND": "foquale.cache.SharedClientRedisCache",
            "LOCATION": CACHE_URL,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Sessions are read on every page: from the shared cache, the database only when the cache
# lost them (`cached_db`: written to both). Not with each process's own memory, where a
# session ended in one process (log-out) would live on in the others until it expired.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if CACHE_URL
    else "django.contrib.sessions.backends.db"
)

# The signed-in person's row, read on every page, kept in the shared cache and dropped on
# every change (foquale/accounts/backends.py); never in each process's own memory.
USER_CACHE_SECONDS = 900 if CACHE_URL else 0
# The header's « À faire » count and the case list's filter options, kept this long for a
# person (foquale/kept.py): their own changes show at once, others' within this delay.
KEPT_SECONDS = _int_at_least("KEPT_SECONDS", 60, minimum=0)

# A session ends after SESSION_IDLE_MINUTES without a request. Its expiry is pushed back at
# most every SESSION_REFRESH_SECONDS (a write), not on every request
# (`foquale.accounts.middleware.IdleSessionMiddleware`): it ends between
# SESSION_IDLE_MINUTES minus that refresh interval and SESSION_IDLE_MINUTES after the last
# request.
SESSION_IDLE_MINUTES = _int_at_least("SESSION_IDLE_MINUTES", 30, minimum=2)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_REFRESH_SECONDS = min(300, SESSION_COOKIE_AGE // 4)
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    # SECURE_COOKIES: the app is served over HTTPS by a proxy that sets X-Forwarded-Proto.
    SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=SESSION_COOKIE_SECURE)
    # The health page (no data) answers a probe that reaches gunicorn directly in HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^sante/$"]
    SECURE_HSTS_SECONDS = _int_at_least(
        "SECURE_HSTS_SECONDS", 365 * 24 * 3600 if SESSION_COOKIE_SECURE else 0
    )
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): no inline script or style, nothing from elsewhere.
# CSP_REPORT_ONLY=true sends it as Content-Security-Policy-Report-Only (to try a change),
# CSP_REPORT_URI where browsers report violations.
_csp = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
_csp_report_uri = env.str("CSP_REPORT_URI", default="")
if _csp_report_uri:
    _csp["DIRECTIVES"]["report-uri"] = [_csp_report_uri]
if env.bool("CSP_REPORT_ONLY", default=False):
    CONTENT_SECURITY_POLICY_REPORT_ONLY = _csp
else:
    CONTENT_SECURITY_POLICY = _csp

# Logs never carry personal data: only ids, counts and error classes.
# Addresses with a secret in them (family links, calendar feeds, password resets) are
# written with the secret replaced (`foquale.redact`): every handler has the filter, and
# Django's own handlers (its console under DEBUG, the runserver request log of `make run`)
# are replaced by ours. gunicorn's access log has the same filter (`foquale/gunicorn.py`).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_secrets": {"()": "foquale.redact.RedactSecretsFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["redact_secrets"],
        },
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["redact_secrets"],
        },
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Through the root's console only (Django's default console and mail handlers
        # would print the request's path in clear).
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
        "axes": {"level": "WARNING"},
        # 4xx warnings carry the path, and a family link's path is its secret token.
        "django.request": {"level": "ERROR"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Business settings (per académie): the delays and limits of a young person's path.
from .business_settings import *  # noqa: E402,F403
