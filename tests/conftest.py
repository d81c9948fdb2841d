"""Suite-wide test set-up."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest


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
