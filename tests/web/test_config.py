"""Configuration from the environment: safe development defaults, strict production."""

from __future__ import annotations

from pathlib import Path

import pytest

from sikt.web.config import ConfigError, load

GOOD_SECRET = "x" * 40


def test_development_defaults_use_sqlite_in_the_data_dir(tmp_path: Path) -> None:
    config = load({"SIKT_DATA_DIR": str(tmp_path)})
    assert config.environment == "development"
    assert config.debug is True
    assert config.database["ENGINE"] == "django.db.backends.sqlite3"
    assert config.database["NAME"] == str(tmp_path / "sikt.sqlite3")
    assert "127.0.0.1" in config.allowed_hosts


def test_postgres_url_is_parsed() -> None:
    config = load({"SIKT_DATABASE_URL": "postgresql://sikt:pw@db.example:5433/sikt"})
    assert config.database["ENGINE"] == "django.db.backends.postgresql"
    assert (config.database["HOST"], config.database["PORT"]) == ("db.example", 5433)


def test_production_with_secret_hosts_and_debug_off_is_accepted() -> None:
    config = load(
        {"SIKT_ENV": "production", "SIKT_SECRET_KEY": GOOD_SECRET, "SIKT_ALLOWED_HOSTS": "a.se"}
    )
    assert config.is_production and not config.debug
    assert config.allowed_hosts == ["a.se"]


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"SIKT_ENV": "production", "SIKT_ALLOWED_HOSTS": "a.se"}, "SIKT_SECRET_KEY must be set"),
        (
            {
                "SIKT_ENV": "production",
                "SIKT_SECRET_KEY": GOOD_SECRET,
                "SIKT_DEBUG": "true",
                "SIKT_ALLOWED_HOSTS": "a.se",
            },
            "SIKT_DEBUG must be false",
        ),
        ({"SIKT_ENV": "production", "SIKT_SECRET_KEY": GOOD_SECRET}, "SIKT_ALLOWED_HOSTS"),
        ({"SIKT_DEBUG": "maybe"}, "SIKT_DEBUG: unknown value 'maybe'"),
        ({"SIKT_ENV": "staging"}, "SIKT_ENV: unknown value 'staging'"),
        ({"SIKT_DATABASE_URL": "mysql://x@y/z"}, "unsupported database 'mysql'"),
        ({"SIKT_DATABSE_URL": "sqlite:///x"}, "did you mean SIKT_DATABASE_URL"),
        ({"SIKT_EMAIL_PORT": "smtp"}, "SIKT_EMAIL_PORT"),
        ({"SIKT_TIME_ZONE": "Mars/Olympus"}, "unknown time zone"),
        ({"SIKT_BASE_URL": "sikt.kommun.se"}, "SIKT_BASE_URL"),
    ],
)
def test_bad_configuration_is_one_clear_line(env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load(env)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)
