"""Configuration from the environment, validated before Django starts.

Operators configure Sikt with ``SIKT_*`` environment variables (12-factor style). Every value is
parsed and checked here, so a mistake gives one clear line (:class:`ConfigError`) instead of a
traceback deep inside Django. Development gets safe defaults (embedded SQLite in the data
directory, a generated secret); production refuses to start without a secret key or with DEBUG on.
The variables are documented in ``docs/drift.md``; a test keeps that page and :data:`SETTINGS`
in step.
"""

from __future__ import annotations

import difflib
import ipaddress
import os
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import dj_database_url

#: Every recognised variable with a one-line description (shown by ``sikt check``).
SETTINGS: dict[str, str] = {
    "SIKT_ENV": "development (default) or production",
    "SIKT_DEBUG": "true/false; default true in development, must be false in production",
    "SIKT_SECRET_KEY": "secret for sessions and tokens; required in production",
    "SIKT_DATA_DIR": "directory for the SQLite database and DuckDB files (default ./data)",
    "SIKT_DATABASE_URL": "database URL, e.g. postgresql://user@host:5432/sikt "
    "(default: SQLite in SIKT_DATA_DIR)",
    "SIKT_ALLOWED_HOSTS": "comma-separated host names the server answers to",
    "SIKT_CSRF_TRUSTED_ORIGINS": "comma-separated origins behind a proxy (https://sikt.kommun.se)",
    "SIKT_EMAIL_HOST": "SMTP server for password-reset mail and notifications "
    "(unset: printed to the console)",
    "SIKT_EMAIL_PORT": "SMTP port (default 587)",
    "SIKT_DEFAULT_FROM_EMAIL": "sender address of mail from Sikt",
    "SIKT_TIME_ZONE": "time zone (default Europe/Stockholm)",
    "SIKT_BASE_URL": "address users open Sikt at, for links in e-mail "
    "(default http://127.0.0.1:8000)",
    "SIKT_TRUSTED_PROXIES": "comma-separated addresses/networks of the reverse proxies whose "
    "X-Forwarded-For and X-Forwarded-Proto are believed (default: none)",
    "SIKT_HSTS_SECONDS": "Strict-Transport-Security max-age in production (default 31536000; "
    "0 turns it off)",
    "SIKT_MAX_RUNS_PER_USER": "heavy background runs (simulations, estimations, large imports) "
    "one user may have queued or running at once (default 3)",
    "SIKT_WORKER_STALE_SECONDS": "seconds without a heartbeat after which a background worker "
    "counts as dead and its runs are marked failed (default 120)",
    "SIKT_OIDC_ISSUER": "OpenID Connect issuer (the iss of its ID tokens); set to turn single "
    "sign-on on",
    "SIKT_OIDC_CLIENT_ID": "the client id Sikt is registered with at the identity provider",
    "SIKT_OIDC_CLIENT_SECRET": "the client secret",
    "SIKT_OIDC_AUTHORIZATION_URL": "the provider's authorization endpoint",
    "SIKT_OIDC_TOKEN_URL": "the provider's token endpoint",
    "SIKT_OIDC_USERINFO_URL": "the provider's userinfo endpoint",
    "SIKT_OIDC_JWKS_URL": "the provider's signing keys (JWKS)",
    "SIKT_OIDC_SCOPES": "scopes asked for (default: openid email profile)",
    "SIKT_OIDC_ROLES_CLAIM": "claim with the user's roles (default roles)",
    "SIKT_OIDC_ROLE_MAP": "claim value=Sikt role pairs, comma-separated "
    "(Sikt.Ekonom=economist,Sikt.Samordnare=coordinator)",
    "SIKT_OIDC_ORGANIZATION_CLAIM": "claim with the organisation number "
    "(default organization_number)",
}

#: Sikt's roles (accounts.models.Role), for checking SIKT_OIDC_ROLE_MAP before Django starts.
ROLES = (
    "coordinator",
    "applicant",
    "project_leader",
    "management_group",
    "steering_group",
    "decision_maker",
    "economist",
    "analyst",
    "viewer",
)
_OIDC_REQUIRED = (
    "SIKT_OIDC_CLIENT_ID",
    "SIKT_OIDC_CLIENT_SECRET",
    "SIKT_OIDC_AUTHORIZATION_URL",
    "SIKT_OIDC_TOKEN_URL",
    "SIKT_OIDC_USERINFO_URL",
    "SIKT_OIDC_JWKS_URL",
    "SIKT_OIDC_ROLE_MAP",
)

ENVIRONMENTS = ("development", "production")
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}
_DEV_SECRET = "sikt-development-secret-not-for-production"
_SUPPORTED_DATABASES = {"sqlite", "postgres", "postgresql", "pgsql", "postgis"}


#: SQLite for a multi-user server: WAL lets pages read while one writer writes; every
#: transaction starts with BEGIN IMMEDIATE, so a writer takes the write lock up front and waits
#: (up to the busy timeout, in seconds) instead of failing with "database is locked" when two
#: transactions that both read first try to upgrade to writing at once; synchronous=NORMAL is
#: the safe setting for WAL (a power cut loses at most the last commits, never the database).
SQLITE_OPTIONS: dict[str, object] = {
    "timeout": 20,
    "transaction_mode": "IMMEDIATE",
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}


class ConfigError(Exception):
    """A configuration mistake, described in one line that names the variable."""


@dataclass(frozen=True)
class Config:
    """The validated configuration the Django settings module is built from."""

    environment: str
    debug: bool
    secret_key: str
    data_dir: Path
    database: dict[str, object]
    database_url_given: bool
    allowed_hosts: list[str]
    csrf_trusted_origins: list[str]
    email_host: str
    email_port: int
    default_from_email: str
    time_zone: str
    base_url: str
    trusted_proxies: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = ()
    hsts_seconds: int = 0
    max_runs_per_user: int = 3
    worker_stale_seconds: int = 120
    #: Single sign-on (empty: off): ``SIKT_OIDC_*`` without the prefix, lower-case.
    oidc: dict[str, str] = field(default_factory=dict)
    oidc_role_map: dict[str, str] = field(default_factory=dict)

    @property
    def is_production(self) -> bool:
        return self.environment == "production"


def _bool(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ConfigError(f"{name}: unknown value {raw!r}; use true or false")


def _list(env: Mapping[str, str], name: str, default: list[str]) -> list[str]:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def _unknown_variables(env: Mapping[str, str]) -> None:
    for name in env:
        if name.startswith("SIKT_") and name not in SETTINGS and not name.startswith("SIKT_TEST_"):
            close = difflib.get_close_matches(name, SETTINGS, n=1)
            hint = f"; did you mean {close[0]}?" if close else ""
            raise ConfigError(f"{name} is not a Sikt setting{hint}")


def _database(env: Mapping[str, str], data_dir: Path) -> tuple[dict[str, object], bool]:
    raw = env.get("SIKT_DATABASE_URL", "").strip()
    url = raw or f"sqlite:///{data_dir / 'sikt.sqlite3'}"
    scheme = url.split(":", 1)[0].lower()
    if scheme not in _SUPPORTED_DATABASES:
        raise ConfigError(
            f"SIKT_DATABASE_URL: unsupported database {scheme!r}; use sqlite:/// or postgresql://"
        )
    try:
        parsed = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except (ValueError, KeyError) as exc:
        raise ConfigError(f"SIKT_DATABASE_URL: cannot be read ({exc})") from None
    if parsed.get("ENGINE") == "django.db.backends.sqlite3":
        parsed["OPTIONS"] = SQLITE_OPTIONS.copy()
        parsed["CONN_MAX_AGE"] = 0
    return dict(parsed), bool(raw)


def load(env: Mapping[str, str] | None = None) -> Config:
    """Parse and validate ``env`` (default: ``os.environ``); raise :class:`ConfigError`."""
    env = os.environ if env is None else env
    _unknown_variables(env)
    environment = env.get("SIKT_ENV", "development").strip().lower() or "development"
    if environment not in ENVIRONMENTS:
        raise ConfigError(f"SIKT_ENV: unknown value {environment!r}; use development or production")
    production = environment == "production"
    debug = _bool(env, "SIKT_DEBUG", default=not production)
    secret_key = env.get("SIKT_SECRET_KEY", "").strip()
    if production:
        if debug:
            raise ConfigError("SIKT_DEBUG must be false when SIKT_ENV=production")
        if len(secret_key) < 32:
            raise ConfigError(
                "SIKT_SECRET_KEY must be set to a random string of at least 32 characters "
                "when SIKT_ENV=production"
            )
    data_dir = Path(env.get("SIKT_DATA_DIR", "").strip() or "data").expanduser().resolve()
    database, url_given = _database(env, data_dir)
    default_hosts = [] if production else ["localhost", "127.0.0.1", "[::1]", "testserver"]
    allowed_hosts = _list(env, "SIKT_ALLOWED_HOSTS", default_hosts)
    if production and not allowed_hosts:
        raise ConfigError("SIKT_ALLOWED_HOSTS must name the server's host(s) in production")
    port_raw = env.get("SIKT_EMAIL_PORT", "587").strip() or "587"
    if not port_raw.isdigit():
        raise ConfigError(f"SIKT_EMAIL_PORT: unknown value {port_raw!r}; use a port number")
    return Config(
        environment=environment,
        debug=debug,
        secret_key=secret_key or _DEV_SECRET,
        data_dir=data_dir,
        database=database,
        database_url_given=url_given,
        allowed_hosts=allowed_hosts,
        csrf_trusted_origins=_list(env, "SIKT_CSRF_TRUSTED_ORIGINS", []),
        email_host=env.get("SIKT_EMAIL_HOST", "").strip(),
        email_port=int(port_raw),
        default_from_email=env.get("SIKT_DEFAULT_FROM_EMAIL", "").strip() or "sikt@localhost",
        time_zone=_time_zone(env),
        base_url=_base_url(env),
        trusted_proxies=_networks(env, "SIKT_TRUSTED_PROXIES"),
        hsts_seconds=_hsts(env, production),
        max_runs_per_user=_positive(env, "SIKT_MAX_RUNS_PER_USER", 3),
        worker_stale_seconds=_positive(env, "SIKT_WORKER_STALE_SECONDS", 120),
        oidc=_oidc(env),
        oidc_role_map=_role_map(env) if env.get("SIKT_OIDC_ISSUER", "").strip() else {},
    )


def _oidc(env: Mapping[str, str]) -> dict[str, str]:
    if not env.get("SIKT_OIDC_ISSUER", "").strip():
        return {}
    missing = [name for name in _OIDC_REQUIRED if not env.get(name, "").strip()]
    if missing:
        raise ConfigError(f"{missing[0]} must be set when SIKT_OIDC_ISSUER is")
    values = {
        name.removeprefix("SIKT_OIDC_").lower(): env[name].strip()
        for name in SETTINGS
        if name.startswith("SIKT_OIDC_") and env.get(name, "").strip()
    }
    return {
        "scopes": "openid email profile",
        "roles_claim": "roles",
        "organization_claim": "organization_number",
        **values,
    }


def _role_map(env: Mapping[str, str]) -> dict[str, str]:
    mapping = {}
    for pair in _list(env, "SIKT_OIDC_ROLE_MAP", []):
        value, _, role = pair.rpartition("=")
        if not value or role.strip() not in ROLES:
            raise ConfigError(
                f"SIKT_OIDC_ROLE_MAP: {pair!r} is not claim value=role with a role among "
                f"{', '.join(ROLES)}"
            )
        mapping[value.strip()] = role.strip()
    return mapping


def _positive(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise ConfigError(f"{name}: unknown value {raw!r}; use a whole number of at least 1")
    return int(raw)


def _networks(
    env: Mapping[str, str], name: str
) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    networks = []
    for item in _list(env, name, []):
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ConfigError(
                f"{name}: {item!r} is not an IP address or network (e.g. 10.0.0.5 or 10.0.0.0/24)"
            ) from None
    return tuple(networks)


def _hsts(env: Mapping[str, str], production: bool) -> int:
    raw = env.get("SIKT_HSTS_SECONDS", "").strip()
    if not raw:
        return 31_536_000 if production else 0
    if not raw.isdigit():
        raise ConfigError(f"SIKT_HSTS_SECONDS: unknown value {raw!r}; use a number of seconds")
    return int(raw)


def _base_url(env: Mapping[str, str]) -> str:
    raw = env.get("SIKT_BASE_URL", "").strip() or "http://127.0.0.1:8000"
    if not raw.startswith(("http://", "https://")) or len(raw.split("//", 1)[1]) == 0:
        raise ConfigError(
            f"SIKT_BASE_URL: {raw!r} is not an address; use e.g. https://sikt.kommun.se"
        )
    return raw.rstrip("/")


def _time_zone(env: Mapping[str, str]) -> str:
    name = env.get("SIKT_TIME_ZONE", "").strip() or "Europe/Stockholm"
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"SIKT_TIME_ZONE: unknown time zone {name!r}") from None
    return name
