"""Django settings, built from the validated environment (:mod:`sikt.web.config`)."""

from __future__ import annotations

import os
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from sikt.web import config

CONFIG = config.load()
WEB_DIR = Path(__file__).resolve().parent

DEBUG = CONFIG.debug
SECRET_KEY = CONFIG.secret_key
ALLOWED_HOSTS = CONFIG.allowed_hosts
CSRF_TRUSTED_ORIGINS = CONFIG.csrf_trusted_origins
SIKT_DATA_DIR = CONFIG.data_dir

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "sikt.web.accounts",
    "sikt.web.generations",
    "sikt.web.audit",
    "sikt.web.workers",
    "sikt.web.shell",
    "sikt.web.notifications",
    "sikt.web.initiatives",
    "sikt.web.unitcosts",
    "sikt.web.design",
    "sikt.web.calculations",
    "sikt.web.funds",
    "sikt.web.agreements",
    "sikt.web.followup",
    "sikt.web.evaluation",
    "sikt.web.sharing",
    # Last: the other areas' translations take precedence for shared messages.
    "sikt.web.reports",
    "sikt.web.needs",
    "sikt.web.api",
    # django-ninja's templates and static files: the API docs page without a CDN.
    "ninja",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "sikt.web.security.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "sikt.web.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "sikt.web.shell.language.ChosenLanguageMiddleware",
    "sikt.web.api.language.ApiLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "sikt.web.accounts.middleware.CurrentOrganizationMiddleware",
    "sikt.web.generations.GenerationMiddleware",
    "sikt.web.locking.LockingMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "sikt.web.urls"
WSGI_APPLICATION = "sikt.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [WEB_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sikt.web.shell.context_processors.shell",
                "sikt.web.notifications.context_processors.inbox",
            ],
        },
    },
]

DATABASES = {"default": CONFIG.database}
if os.environ.get("SIKT_TEST_DATABASE_NAME"):
    # Lets concurrent test runs on one PostgreSQL server use separate test databases.
    DATABASES["default"]["TEST"] = {"NAME": os.environ["SIKT_TEST_DATABASE_NAME"]}

# The cache holds the password-reset rate limits (sikt.web.security). In the database, so that
# every process of ``sikt serve --workers N`` (and every server behind one proxy) counts the
# same requests; Django's default, memory per process, would let N processes allow N times the
# limit. The table is made by ``sikt migrate``/``sikt serve`` (``createcachetable``).
#
# "summaries" keeps the portfolio's and the steering page's summaries between requests
# (sikt.web.generations): keyed by a generation stamp read from the database, so a cache per
# process is never stale, and reading a summary of hundreds of rows from memory costs far less
# than from a table.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "sikt_cache",
    },
    "summaries": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "sikt-summaries",
        "TIMEOUT": 3600,
    },
}

# Background tasks (django-tasks): stored in the database, run by the worker that
# ``sikt serve`` starts beside the web server (long Monte Carlo runs of calculations).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
#: Heavy runs one user may have queued or running at once (sikt.web.queue).
SIKT_MAX_RUNS_PER_USER = CONFIG.max_runs_per_user
#: A background worker whose heartbeat is older than this is dead (sikt.web.workers).
SIKT_WORKER_STALE_SECONDS = CONFIG.worker_stale_seconds

# Single sign-on with OpenID Connect (sikt.web.accounts.oidc), when SIKT_OIDC_ISSUER is set.
if CONFIG.oidc:
    OIDC_OP_ISSUER = CONFIG.oidc["issuer"]
    OIDC_RP_CLIENT_ID = CONFIG.oidc["client_id"]
    OIDC_RP_CLIENT_SECRET = CONFIG.oidc["client_secret"]
    OIDC_OP_AUTHORIZATION_ENDPOINT = CONFIG.oidc["authorization_url"]
    OIDC_OP_TOKEN_ENDPOINT = CONFIG.oidc["token_url"]
    OIDC_OP_USER_ENDPOINT = CONFIG.oidc["userinfo_url"]
    OIDC_OP_JWKS_ENDPOINT = CONFIG.oidc["jwks_url"]
    OIDC_RP_SCOPES = CONFIG.oidc["scopes"]
    OIDC_RP_SIGN_ALGO = "RS256"
    OIDC_USE_PKCE = True
    OIDC_TIMEOUT = 10
    OIDC_AUTHENTICATION_CALLBACK_URL = "oidc-callback"
    LOGIN_REDIRECT_URL_FAILURE = "/konto/logga-in/"
SIKT_OIDC_ROLES_CLAIM = CONFIG.oidc.get("roles_claim", "roles")
SIKT_OIDC_ORGANIZATION_CLAIM = CONFIG.oidc.get("organization_claim", "organization_number")
SIKT_OIDC_ROLE_MAP = CONFIG.oidc_role_map
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
if CONFIG.oidc:
    AUTHENTICATION_BACKENDS.append("sikt.web.accounts.oidc.SiktOIDCBackend")
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "shell:home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling (django-axes): five failed attempts for one user name from one address
# lock that combination for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [WEB_DIR / "locale"]
USE_I18N = True
TIME_ZONE = CONFIG.time_zone
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [WEB_DIR / "static"]
STATIC_ROOT = CONFIG.data_dir / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if CONFIG.is_production
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True

if CONFIG.email_host:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = CONFIG.email_host
    EMAIL_PORT = CONFIG.email_port
    EMAIL_USE_TLS = True
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = CONFIG.default_from_email
#: The address users open Sikt at; links in notification e-mail start with it.
SIKT_BASE_URL = CONFIG.base_url

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = CONFIG.is_production
CSRF_COOKIE_SECURE = CONFIG.is_production
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

# Behind a reverse proxy (docs/drift.md): only the listed proxies are believed about the client
# address (login throttling keys on it) and about HTTPS (secure cookies, redirects).
SIKT_TRUSTED_PROXIES = CONFIG.trusted_proxies
if CONFIG.trusted_proxies:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = CONFIG.hsts_seconds
# Production: scripts only from Sikt's own static files, never inline; nothing may frame Sikt.
SIKT_CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
    if CONFIG.is_production
    else ""
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
