"""Suite-wide test set-up."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

# Property tests judge behaviour, not speed: on a loaded two-core CI machine Hypothesis's
# deadline and "too slow" health check fail correct code at random.
settings.register_profile(
    "sikt", deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
settings.load_profile("sikt")


@pytest.fixture(autouse=True)
def _own_data_dir(settings: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Each test its own data directory: the database rolls back after a test, files do not
    (an organisation's DuckDB store, its areas), and pytest-xdist runs two tests at a time whose
    organisations may share an id."""
    settings.SIKT_DATA_DIR = tmp_path_factory.mktemp("data")  # beside tmp_path, not in it


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Each test starts with an empty cache: the database rolls back after a test (and with it
    the generations of :mod:`sikt.web.generations`), the per-process cache does not, and the
    next test's organisation may get the same id."""
    from sikt.web import generations

    generations.forget()


@pytest.fixture(autouse=True, scope="session")
def _ledger_flush_between_transactional_tests() -> Iterator[None]:
    """Django empties the tables after a transactional test with ``DELETE FROM`` on SQLite,
    which the fund ledger's append-only trigger refuses; allow it for that flush only
    (:func:`sikt.web.funds.triggers.purge_allowed`). PostgreSQL uses ``TRUNCATE``."""
    from django.core.management.commands import flush

    from sikt.web.funds import triggers

    original = flush.Command.handle

    def handle(self: Any, *args: Any, **options: Any) -> Any:
        with triggers.purge_allowed():
            return original(self, *args, **options)

    flush.Command.handle = handle  # type: ignore[method-assign]
    yield
    flush.Command.handle = original  # type: ignore[method-assign]


def pytest_configure(config: pytest.Config) -> None:
    """A fast password hasher for the suite: PBKDF2 costs ~0.6 s per user created (the demo
    creates one per role), which dominated the web tests. Production keeps Django's default;
    tests of hashing itself set their own hasher."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
