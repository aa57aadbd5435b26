"""Django settings for vorort, read from ``VORORT_*`` environment variables.

Defaults give a local installation on SQLite; production sets at least
``VORORT_SECRET_KEY``, ``VORORT_DEBUG=false``, ``VORORT_ALLOWED_HOSTS`` and
``VORORT_DATABASE_URL`` (see docs/operations.md).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("VORORT_DATA_DIR", Path.cwd() / "var"))

env = environ.Env()


def env_bool(name: str, default: bool) -> bool:
    """Read a boolean, refusing anything but true/false (as healthchecks does)."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in ("true", "1", "yes", "on"):
        return True
    if raw.lower() in ("false", "0", "no", "off"):
        return False
    raise ValueError(f"{name} must be true or false, not {raw!r}")


DEBUG = env_bool("VORORT_DEBUG", True)
# Demo mode: demo logins with password "demo", no 2FA, a banner on every page.
DEMO_MODE = env_bool("VORORT_DEMO_MODE", DEBUG)


def env_secret(name: str) -> str:
    """A secret from ``NAME`` or from the file named by ``NAME_FILE`` (systemd, containers)."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text(encoding="utf-8").strip()
    return os.environ.get(name, "")


SECRET_KEY = env_secret("VORORT_SECRET_KEY") or (
    "insecure-development-key-change-me" if DEBUG else ""
)
if not SECRET_KEY:
    raise ValueError("VORORT_SECRET_KEY must be set when VORORT_DEBUG is false")
ALLOWED_HOSTS = env.list("VORORT_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("VORORT_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "simple_history",
    "django_countries",
    "django_tasks",
    "django_tasks_db",
    "vorort.core",
    "vorort.people",
    "vorort.work",
    "vorort.imports",
    "vorort.housing",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "vorort.core.locale.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "vorort.core.middleware.TwoFactorRequiredMiddleware",
    "vorort.core.middleware.KommuneScopeMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "vorort.urls"
WSGI_APPLICATION = "vorort.wsgi.application"

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
                "django.template.context_processors.i18n",
                "vorort.core.context_processors.vorort",
            ],
        },
    },
]

DATABASES = {
    "default": env.db_url("VORORT_DATABASE_URL", default=f"sqlite:///{DATA_DIR / 'vorort.sqlite3'}")
}
if not os.environ.get("VORORT_DATABASE_URL"):
    # The embedded default: `vorort migrate` works in a fresh checkout without a set-up step.
    # In a read-only place the first database access will say what is wrong.
    with contextlib.suppress(OSError):
        DATA_DIR.mkdir(parents=True, exist_ok=True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    # WAL and a busy timeout so the dev server and a worker can share the file.
    DATABASES["default"]["OPTIONS"].update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:login"

# Lockout after repeated failed logins (django-axes): per username and address.
AXES_FAILURE_LIMIT = env.int("VORORT_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.int("VORORT_LOGIN_COOLOFF_MINUTES", default=30) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "core/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Behind a reverse proxy: how many proxies append to X-Forwarded-For (0: use REMOTE_ADDR).
VORORT_PROXY_COUNT = env.int("VORORT_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "vorort.core.client_ip.client_ip"

OTP_TOTP_ISSUER = "vorort"

# Two values every refugee list has besides the ISO 3166-1 countries, with user-assigned
# alpha-2 codes (ISO 3166-1 reserves XA-XZ for such use) and the ICAO Doc 9303 alpha-3 codes
# for them (XXA stateless person, XXX unspecified nationality). "XU" counts as an unknown
# nationality for the work-access engine (vorort.work.facts).
COUNTRIES_OVERRIDE = {
    "XS": {"names": [_("Stateless")], "alpha3": "XXA"},
    "XU": {"names": [_("Nationality not clarified")], "alpha3": "XXX"},
}

LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("VORORT_MEDIA_ROOT", DATA_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Largest spreadsheet the web import takes (the command line has no limit).
IMPORT_MAX_UPLOAD_BYTES = env.int("VORORT_IMPORT_MAX_UPLOAD_MB", default=20) * 1024 * 1024
# Stored import uploads and refused-rows files are deleted after this many days at the latest.
IMPORT_UPLOAD_RETENTION_DAYS = env.int("VORORT_IMPORT_UPLOAD_RETENTION_DAYS", default=7)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Security headers; HTTPS-only settings are on whenever DEBUG is off.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 60 * 60
CSRF_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("VORORT_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env.int("VORORT_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content security policy: everything from our own origin, nothing inline.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("VORORT_LOG_LEVEL", "WARNING")},
    # Security events (memberships added, second factors reset, lockouts) are always kept.
    "loggers": {
        "vorort.security": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# Background tasks (django-tasks): stored in the database, run by `vorort db_worker`
# (`vorort serve` starts one). See docs/operations.md.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# How many days before expiry a residence document shows on the dashboard.
EXPIRY_WARNING_DAYS = env.int("VORORT_EXPIRY_WARNING_DAYS", default=30)
