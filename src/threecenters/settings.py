"""Settings for Three Centers, read from the environment only.

Every variable is documented in the README's settings table. A junk value stops start-up with
one line that names the variable (see ``SettingsError``).
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.utils.translation import gettext_lazy as _

from threecenters.env import (
    SettingsError,
    database_from_url,
    env_bool,
    env_int,
    env_list,
    env_networks,
    env_str,
    read_or_create_secret,
)

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(env_str("THREECENTERS_VAR_DIR", "var")).resolve()

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY")
SECRET_KEY_FROM_ENVIRONMENT = bool(SECRET_KEY)
if not SECRET_KEY:
    SECRET_KEY = read_or_create_secret(VAR_DIR / "secret_key")
elif len(SECRET_KEY) < 32:
    raise SettingsError("SECRET_KEY: must be at least 32 characters long")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("THREECENTERS_CSRF_TRUSTED_ORIGINS", [])
# The proxies in front (the list `serve` hands to gunicorn): only a request whose direct peer is
# one of them has its client address taken from X-Forwarded-For (core.audit.client_ip).
TRUST_ANY_PROXY, TRUSTED_PROXIES = env_networks("THREECENTERS_FORWARDED_ALLOW_IPS", "127.0.0.1")

TIME_ZONE = env_str("TIME_ZONE", "Asia/Shanghai")
try:
    ZoneInfo(TIME_ZONE)
except (ZoneInfoNotFoundError, ValueError):
    raise SettingsError(f"TIME_ZONE: unknown time zone {TIME_ZONE!r}") from None
USE_TZ = True
USE_I18N = True

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "tc_lang"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"

SECURE = env_bool("THREECENTERS_SECURE", not DEBUG)
SITE_NAME = env_str("THREECENTERS_SITE_NAME", "")

INSTALLED_APPS = [
    "threecenters.core.apps.AdminConfig",  # django.contrib.admin with the platform's site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "django_tasks",
    "django_tasks_db",
    "threecenters.core",
    "threecenters.search",
    "threecenters.notify",
    "threecenters.certificates",
    "threecenters.events",
    "threecenters.people",
    "threecenters.governance",
    "threecenters.reviews",
    "threecenters.projects",
    "threecenters.proposals",
    "django.forms",  # its widget templates, after core's (which names empty choices 请选择…)
]
# Widgets render through TEMPLATES, so core's templates may override Django's widget templates.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "threecenters.core.middleware.PageMethodsMiddleware",
    "csp.middleware.CSPMiddleware",
    "threecenters.core.middleware.PrivateCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "threecenters.core.middleware.InputHygieneMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "threecenters.core.audit.AuditContextMiddleware",
    "threecenters.people.middleware.BearerTokenMiddleware",
    "threecenters.people.middleware.SessionGuardMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "threecenters.urls"
WSGI_APPLICATION = "threecenters.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "builtins": ["threecenters.core.templatetags.choices"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "threecenters.core.context_processors.shell",
            ],
        },
    }
]

DATABASES = {"default": database_from_url(env_str("DATABASE_URL"), VAR_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("THREECENTERS_REDIS_URL")
if REDIS_URL:
    if urlsplit(REDIS_URL).scheme not in {"redis", "rediss", "unix"}:
        raise SettingsError(f"THREECENTERS_REDIS_URL: expected redis://…, got {REDIS_URL!r}")
    CACHES = {"default": {"BACKEND": "threecenters.core.cache.RedisCache", "LOCATION": REDIS_URL}}
    # sessions are read from Redis and written through to the database, so a Redis restart
    # signs nobody out
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "threecenters_cache",
        }
    }

PORTAL_CACHE_SECONDS = env_int("THREECENTERS_PORTAL_CACHE_SECONDS", 300, maximum=86400)

AUTH_USER_MODEL = "core.User"
LOGIN_URL = "people:signin"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "threecenters.people.passwords.ComplexityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "threecenters.people.backends.MobileOrUsernameBackend",
]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Uploads live under MEDIA_ROOT, which no URL serves as a directory: every file is read through
# the checked view /files/… (core.files), which asks the record's own predicate. Behind nginx the
# view answers with X-Accel-Redirect to an internal location under this prefix (README).
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("THREECENTERS_MEDIA_ROOT", str(VAR_DIR / "media"))).resolve()
X_ACCEL_PREFIX = env_str("THREECENTERS_X_ACCEL_PREFIX")
if X_ACCEL_PREFIX and not (X_ACCEL_PREFIX.startswith("/") and X_ACCEL_PREFIX.endswith("/")):
    raise SettingsError(
        f"THREECENTERS_X_ACCEL_PREFIX: expected a location such as /_files/, got {X_ACCEL_PREFIX!r}"
    )
# How long browsers and proxies may keep a file anyone may read (a published cover, an approved
# photo); every other file is sent "private, no-store".
PUBLIC_FILE_SECONDS = env_int("THREECENTERS_PUBLIC_FILE_SECONDS", 600, maximum=7 * 86400)
# Images: refused above IMAGE_MAX_PIXELS (read from the header, before decoding); decoded within
# IMAGE_DECODE_PIXELS (larger JPEGs at a reduced scale, other larger images refused).
IMAGE_MAX_PIXELS = env_int(
    "THREECENTERS_IMAGE_MAX_PIXELS", 40_000_000, minimum=1_000_000, maximum=100_000_000
)
IMAGE_DECODE_PIXELS = env_int(
    "THREECENTERS_IMAGE_DECODE_PIXELS", 16_000_000, minimum=1_000_000, maximum=IMAGE_MAX_PIXELS
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("THREECENTERS_MANIFEST_STATIC", not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

# Background tasks: django-tasks with its database backend; tests run them immediately.
TASKS = {
    "default": {
        "BACKEND": env_str("THREECENTERS_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# Search: an extra domain dictionary (one word per line, optional frequency) that staff extend.
SEARCH_DICTIONARY = env_str("THREECENTERS_SEARCH_DICTIONARY")
if SEARCH_DICTIONARY and not Path(SEARCH_DICTIONARY).is_file():
    raise SettingsError(f"THREECENTERS_SEARCH_DICTIONARY: no such file {SEARCH_DICTIONARY!r}")

TASK_MAX_ATTEMPTS = env_int("THREECENTERS_TASK_MAX_ATTEMPTS", 3, minimum=1, maximum=20)

# Security. Cookies are secure and HSTS on unless THREECENTERS_SECURE=false (plain-HTTP demo).
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
CSRF_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("THREECENTERS_SSL_REDIRECT", SECURE)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("THREECENTERS_HSTS_SECONDS", 31536000 if SECURE else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_AGE = env_int("THREECENTERS_SESSION_AGE", 30 * 24 * 3600, minimum=300)
# Idle timeouts (seconds): staff and administrators, everyone else (residents, volunteers …).
IDLE_TIMEOUT_STAFF = env_int("THREECENTERS_IDLE_TIMEOUT_STAFF", 30 * 60, minimum=60)
IDLE_TIMEOUT_RESIDENT = env_int("THREECENTERS_IDLE_TIMEOUT_RESIDENT", 7 * 24 * 3600, minimum=60)
# Sign-in lockout: this many failures for one login name from one IP address lock that pair;
# this many failures from one address, whatever the login names, lock the address.
LOCKOUT_FAILURES = env_int("THREECENTERS_LOCKOUT_FAILURES", 5, minimum=1, maximum=100)
LOCKOUT_IP_FAILURES = env_int("THREECENTERS_LOCKOUT_IP_FAILURES", 20, minimum=1, maximum=100000)
LOCKOUT_MINUTES = env_int("THREECENTERS_LOCKOUT_MINUTES", 15, minimum=1, maximum=24 * 60)
# Refusals an anonymous source can repeat (forged tokens, failed sign-ins, rejected codes): per
# source, action and label, the first of each window is audited, the rest counted into one
# summary entry; past the limit the bearer-token door answers 429.
REFUSAL_WINDOW = env_int("THREECENTERS_REFUSAL_WINDOW", 300, minimum=10, maximum=86400)
REFUSAL_LIMIT = env_int("THREECENTERS_REFUSAL_LIMIT", 30, minimum=1, maximum=100000)
# API tokens expire this many days after they are made (the page allows no later date).
TOKEN_DAYS = env_int("THREECENTERS_TOKEN_DAYS", 90, minimum=1, maximum=3650)
# Roles whose holders must use two-factor sign-in (comma-separated role codes).
TWO_FACTOR_ROLES = env_list(
    "THREECENTERS_2FA_ROLES", ["system_admin", "security_admin", "audit_admin"]
)
_ROLE_CODES = {
    "subdistrict_admin", "center_staff", "community_worker", "expert", "team_leader",
    "volunteer", "resident", "employer", "entrepreneur", "system_admin", "security_admin",
    "audit_admin",
}  # fmt: skip
if _unknown_roles := sorted(set(TWO_FACTOR_ROLES) - _ROLE_CODES):
    raise SettingsError(f"THREECENTERS_2FA_ROLES: unknown role codes {', '.join(_unknown_roles)}")
AUDIT_RETENTION_DAYS = env_int("THREECENTERS_AUDIT_RETENTION_DAYS", 180, minimum=180)

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:"],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

LOG_LEVEL = env_str("THREECENTERS_LOG_LEVEL", "INFO").upper()
if LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    raise SettingsError(
        f"THREECENTERS_LOG_LEVEL: expected DEBUG/INFO/WARNING/ERROR, got {LOG_LEVEL!r}"
    )
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # a 403 is one line (user, path, reason), not a traceback
    "filters": {"forbidden": {"()": "threecenters.core.logfilters.ForbiddenOnOneLine"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django.request": {"filters": ["forbidden"]},
    },
}

# SMS: console (log, number masked), memory (tests) or http (a gateway; see README).
SMS_BACKEND = env_str("THREECENTERS_SMS_BACKEND", "console")
if SMS_BACKEND not in {"console", "memory", "http"}:
    raise SettingsError(
        f"THREECENTERS_SMS_BACKEND: expected console, memory or http, got {SMS_BACKEND!r}"
    )
SMS_URL = env_str("THREECENTERS_SMS_URL")
SMS_TOKEN = env_str("THREECENTERS_SMS_TOKEN")
SMS_SIGN = env_str("THREECENTERS_SMS_SIGN", "三中心")
SMS_TIMEOUT = env_int("THREECENTERS_SMS_TIMEOUT", 5, minimum=1, maximum=60)
# Days the SMS log (短信发送记录) keeps a message.
SMS_LOG_DAYS = env_int("THREECENTERS_SMS_LOG_DAYS", 30, minimum=1, maximum=3650)
# The demo (`threecenters demo` sets it): the SMS log and the console backend show codes.
DEMO = env_bool("THREECENTERS_DEMO", False)

# Proposals: experts needed before a decision (the proposal kind's default), and the pre-check's
# radius around a proposal.
REVIEW_MIN_REVIEWERS = env_int("THREECENTERS_REVIEW_MIN_REVIEWERS", 2, minimum=1, maximum=20)
# 公示 objections: per account a day, per IP address an hour.
REVIEW_OBJECTIONS_PER_DAY = env_int(
    "THREECENTERS_REVIEW_OBJECTIONS_PER_DAY", 5, minimum=1, maximum=1000
)
REVIEW_OBJECTIONS_PER_IP_HOUR = env_int(
    "THREECENTERS_REVIEW_OBJECTIONS_PER_IP_HOUR", 30, minimum=1, maximum=100000
)
PROPOSAL_RADIUS_M = env_int("THREECENTERS_PROPOSAL_RADIUS_M", 500, minimum=50, maximum=10000)
if SMS_BACKEND == "http" and not SMS_URL.startswith(("https://", "http://")):
    raise SettingsError(
        "THREECENTERS_SMS_URL: required (https://…) when THREECENTERS_SMS_BACKEND=http"
    )

# One-time SMS codes and their send limits (counters live in the database, shared by servers).
SMS_CODE_TTL = env_int("THREECENTERS_SMS_CODE_TTL", 300, minimum=60, maximum=3600)
SMS_CODE_ATTEMPTS = env_int("THREECENTERS_SMS_CODE_ATTEMPTS", 5, minimum=1, maximum=20)
SMS_NUMBER_INTERVAL = env_int("THREECENTERS_SMS_NUMBER_INTERVAL", 60, minimum=0, maximum=3600)
SMS_NUMBER_DAILY = env_int("THREECENTERS_SMS_NUMBER_DAILY", 10, minimum=1, maximum=1000)
SMS_IP_HOURLY = env_int("THREECENTERS_SMS_IP_HOURLY", 30, minimum=1, maximum=100000)

# ID numbers: Fernet keys (comma-separated, first encrypts, all decrypt, so keys rotate) and a
# separate key for the keyed hash that keeps them unique. Unset: derived from ./var/id_key.
ID_KEYS = env_list("THREECENTERS_ID_KEYS", [])
ID_HASH_KEY = env_str("THREECENTERS_ID_HASH_KEY")
# check --deploy refuses keys derived from the file (threecenters.E003), like SECRET_KEY's
ID_KEYS_FROM_ENVIRONMENT = bool(ID_KEYS)
ID_HASH_KEY_FROM_ENVIRONMENT = bool(ID_HASH_KEY)
if not ID_KEYS or not ID_HASH_KEY:
    import base64
    import hashlib

    _id_secret = read_or_create_secret(VAR_DIR / "id_key").encode()
    if not ID_KEYS:
        ID_KEYS = [
            base64.urlsafe_b64encode(hashlib.sha256(b"id-encrypt:" + _id_secret).digest()).decode()
        ]
    if not ID_HASH_KEY:
        ID_HASH_KEY = hashlib.sha256(b"id-hash:" + _id_secret).hexdigest()
for _key in ID_KEYS:
    try:
        from cryptography.fernet import Fernet

        Fernet(_key)
    except ValueError:
        raise SettingsError(
            "THREECENTERS_ID_KEYS: each key must be a Fernet key (32 url-safe base64 bytes)"
        ) from None
if len(ID_HASH_KEY) < 32:
    raise SettingsError("THREECENTERS_ID_HASH_KEY: must be at least 32 characters long")

# Resident roster import (.xlsx).
ROSTER_MAX_BYTES = env_int("THREECENTERS_ROSTER_MAX_BYTES", 5 * 1024 * 1024, minimum=10240)
ROSTER_MAX_ROWS = env_int("THREECENTERS_ROSTER_MAX_ROWS", 5000, minimum=10, maximum=50000)
ROSTER_MAX_UNCOMPRESSED = env_int(
    "THREECENTERS_ROSTER_MAX_UNCOMPRESSED", 50 * 1024 * 1024, minimum=1024 * 1024
)

# Certificates: the installation's part of every number, the CJK font for PDFs (a TTF or the
# first face of a TTC), and the attendance (percent of a course's sessions) that completes it.
CERTIFICATE_PREFIX = env_str("THREECENTERS_CERTIFICATE_PREFIX", "JJ")
if not re.fullmatch(r"[A-Z0-9]{0,8}", CERTIFICATE_PREFIX):
    raise SettingsError(
        f"THREECENTERS_CERTIFICATE_PREFIX: expected up to 8 of A-Z 0-9, got {CERTIFICATE_PREFIX!r}"
    )
CJK_FONT = env_str("THREECENTERS_CJK_FONT", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
COMPLETION_THRESHOLD = env_int("THREECENTERS_COMPLETION_THRESHOLD", 80, minimum=1, maximum=100)

DEMO_PASSWORD = env_str("THREECENTERS_DEMO_PASSWORD", "Jiujiang@2020")
