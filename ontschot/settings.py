"""Settings for ontschot: every value comes from the environment, documented where it is read.

Safe by default: DEBUG is off, there is no default secret key outside development, and the
production guard at the bottom refuses to start with an unsafe combination.
"""

from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

# ONTSCHOT_ENV: "production" (default) or "development". The demo and the test suite set
# "development"; anything else is treated as production and gets the guard below.
ONTSCHOT_ENV = env.str("ONTSCHOT_ENV", default="production")
if ONTSCHOT_ENV not in {"production", "development"}:
    raise ImproperlyConfigured(
        f"ONTSCHOT_ENV must be 'production' or 'development', not {ONTSCHOT_ENV!r}"
    )
IS_PRODUCTION = ONTSCHOT_ENV == "production"

# DEBUG: off unless asked for. Shows stack traces, so never in production (see the guard).
DEBUG = env.bool("DEBUG", default=False)

# SECRET_KEY: required in production; development gets a fixed, clearly unsafe key.
DEVELOPMENT_SECRET_KEY = "development-only-insecure-key-never-use-in-production"  # noqa: S105
SECRET_KEY = env.str("SECRET_KEY", default="" if IS_PRODUCTION else DEVELOPMENT_SECRET_KEY)

# ALLOWED_HOSTS: comma separated.
ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=[] if IS_PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_htmx",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "core",
    "geo",
    "accounts",
    "residents",
    "directory",
    "audit",
    "privacy",
    "notifications",
    "referrals",
    "rest_framework",
    "drf_spectacular",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # `…UnlessApiKey`: Django's middleware of that name, skipped for a request to the JSON API
    # that sends an API key and no session cookie (core.middleware.by_api_key_alone).
    "core.middleware.SessionUnlessApiKey",
    "django.middleware.common.CommonMiddleware",
    "core.middleware.CsrfUnlessApiKey",
    "core.middleware.AuthenticationUnlessApiKey",
    "core.middleware.LanguageMiddleware",
    "core.middleware.MessagesUnlessApiKey",
    "accounts.middleware.IdleSessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.RequireTwoFactorMiddleware",
    "accounts.middleware.ActiveMembershipMiddleware",
    "privacy.middleware.AccessDeniedMiddleware",
]

ROOT_URLCONF = "ontschot.urls"
# Project templates may override widget templates (NL Design System classes on inputs).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
WSGI_APPLICATION = "ontschot.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.navigation",
            ],
        },
    },
]

# TRUSTED_PROXY_COUNT: how many proxies in front of the app add to X-Forwarded-For; the client IP
# used for lock-out limits and security events is read behind them.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# DATABASE_URL: PostgreSQL in production and in the test suite
# (postgres://user@host:5432/name); the embedded SQLite file by default.
DATABASES = {
    "default": env.db_url(
        "DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'ontschot.sqlite3'}"
    )
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the worker process and the web process use the file at the same time.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # Django's backend, without the health check for a connection used a moment ago.
        DATABASES["default"]["ENGINE"] = "core.db.postgresql"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Lock-out counters and rate limits must be shared by all web processes, so the cache is the
# database unless CACHE_URL points at Redis (redis://127.0.0.1:6379/0).
CACHES = {
    "default": env.cache_url("CACHE_URL", default="dbcache://ontschot_cache"),
}
# Directory search answers (a page of public entries and counts, no personal data) are remembered
# per process (directory/answers.py); the key holds the index version, so a change to the
# directory makes every process ask again (ADR 0005). 0 seconds turns it off.
SEARCH_CACHE_SECONDS = env.int("SEARCH_CACHE_SECONDS", default=600)
SEARCH_CACHE_ENTRIES = env.int("SEARCH_CACHE_ENTRIES", default=5000)
# New questions are matched, counted and ranked in process memory (directory/engine.py, ADR
# 0005); a directory up to the inline limit is indexed on the spot, a larger one in a background
# thread while the database answers. False: the database always answers.
SEARCH_IN_MEMORY = env.bool("SEARCH_IN_MEMORY", default=True)
SEARCH_IN_MEMORY_INLINE_LIMIT = env.int("SEARCH_IN_MEMORY_INLINE_LIMIT", default=20_000)
SEARCH_IN_MEMORY_REBUILD_SECONDS = env.int("SEARCH_IN_MEMORY_REBUILD_SECONDS", default=60)

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
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
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# --- django-allauth: login by e-mail, TOTP as second factor, lock-out by rate limit ---
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
# LOGIN_LOCKOUT_FAILURES failed passwords for one account within LOGIN_LOCKOUT_MINUTES lock that
# account for the rest of the window, whatever the password; the IP limit slows spraying.
LOGIN_LOCKOUT_FAILURES = env.int("LOGIN_LOCKOUT_FAILURES", default=5)
LOGIN_LOCKOUT_MINUTES = env.int("LOGIN_LOCKOUT_MINUTES", default=15)
ACCOUNT_RATE_LIMITS = {
    "login_failed": f"30/m/ip,{LOGIN_LOCKOUT_FAILURES}/{LOGIN_LOCKOUT_MINUTES}m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "ontschot"
MFA_ADAPTER = "accounts.adapters.MFAAdapter"  # stores TOTP secrets encrypted

# FIELD_ENCRYPTION_KEYS: comma-separated Fernet keys, newest first, for secrets at rest (TOTP keys).
# Required in production; make one with
#   python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"
FIELD_ENCRYPTION_KEYS = env.list("FIELD_ENCRYPTION_KEYS", default=[])

# REQUIRE_2FA: professionals must have TOTP before they can use the site. On unless DEBUG.
REQUIRE_2FA = env.bool("REQUIRE_2FA", default=not DEBUG)

# Sessions end after SESSION_IDLE_MINUTES without a request and at most SESSION_MAX_HOURS after
# login, and when the browser closes.
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=30)
SESSION_MAX_HOURS = env.int("SESSION_MAX_HOURS", default=10)
SESSION_COOKIE_AGE = SESSION_MAX_HOURS * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- Security headers and cookies ---
SECURE_COOKIES = env.bool("SECURE_COOKIES", default=IS_PRODUCTION)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = SECURE_COOKIES
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=IS_PRODUCTION)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if IS_PRODUCTION else None
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if IS_PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = IS_PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
CSRF_FAILURE_VIEW = "core.views.csrf_failure"

# Content-Security-Policy: no inline script, no inline style, nothing from other origins.
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

# --- Internationalisation: Dutch first, English complete ---
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# --- Static files: served by WhiteNoise in every mode ---
STATIC_URL = "/static/"
# Production serves the collected, hashed files; development and tests serve from the finders.
STATIC_ROOT = BASE_DIR / "staticfiles" if IS_PRODUCTION else None
WHITENOISE_USE_FINDERS = not IS_PRODUCTION
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if IS_PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# --- Background tasks: django-tasks API with the database backend; `manage.py db_worker` runs them.
# TASKS_IMMEDIATE=true runs tasks inline (used by nothing but one-off debugging).
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if env.bool("TASKS_IMMEDIATE", default=False)
            else "django_tasks_db.DatabaseBackend"
        )
    }
}

# --- JSON API (/api/v1/): Django REST framework, described by drf-spectacular (ADR 0009) ---
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    # Systems send an API key (`Authorization: Bearer <key>`, ADR 0013); pages' own calls use the
    # session. A key acts as the membership it was made for.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.api_auth.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "EXCEPTION_HANDLER": "ontschot.api_exceptions.handle_exception",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "ontschot API",
    "DESCRIPTION": "The JSON API of ontschot. The directory is also published as Open Referral HSDS 3.0 "
    "under /hsds/ and, later, the clinical side connects through FHIR R4 under /fhir/R4/.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
}

# --- Directory ---
# DIRECTORY_VERIFY_MONTHS: an entry not confirmed for this long is flagged to its editor and shown
# to searchers as possibly outdated.
DIRECTORY_VERIFY_MONTHS = env.int("DIRECTORY_VERIFY_MONTHS", default=6)
# How long an emergency (break-glass) access to a resident's data stays open.
BREAK_GLASS_HOURS = env.int("BREAK_GLASS_HOURS", default=4)

# --- E-mail: console in development; SMTP via EMAIL_URL in production ---
EMAIL_CONFIG = env.email_url(
    "EMAIL_URL", default="consolemail://" if not IS_PRODUCTION else "smtp://localhost:25"
)
globals().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="ontschot <noreply@ontschot.example>")
SITE_BASE_URL = env.str("SITE_BASE_URL", default="http://127.0.0.1:8000")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}


def _unsafe_secret_key(key: str) -> bool:
    return (
        len(key) < 50
        or len(set(key)) < 5
        or key.startswith("django-insecure")
        or key == DEVELOPMENT_SECRET_KEY
    )


# --- The production guard: refuse to start rather than run unsafely ---
if IS_PRODUCTION:
    if DEBUG:
        raise ImproperlyConfigured("DEBUG must be off when ONTSCHOT_ENV=production.")
    if _unsafe_secret_key(SECRET_KEY):
        raise ImproperlyConfigured(
            "SECRET_KEY is missing or unsafe: set at least 50 random characters when "
            "ONTSCHOT_ENV=production."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must be set when ONTSCHOT_ENV=production.")
    if "DATABASE_URL" not in env:
        raise ImproperlyConfigured(
            "DATABASE_URL must point at PostgreSQL when ONTSCHOT_ENV=production."
        )
    if "SITE_BASE_URL" not in env:
        raise ImproperlyConfigured(
            "SITE_BASE_URL (the public https address) must be set when ONTSCHOT_ENV=production."
        )
    if not FIELD_ENCRYPTION_KEYS:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS must be set when ONTSCHOT_ENV=production."
        )
