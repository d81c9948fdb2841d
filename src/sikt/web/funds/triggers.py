"""Database triggers that make the ledger append-only: ``UPDATE`` and ``DELETE`` are refused by
the database itself, whatever client connects (issue 9: "not only the code").

PostgreSQL: a plpgsql trigger function raising an exception, ``BEFORE UPDATE OR DELETE`` for
each row. SQLite: ``BEFORE UPDATE`` / ``BEFORE DELETE`` triggers with ``RAISE(ABORT, …)``.

SQLite has one exception, for tests only: Django's test runner empties tables between
transactional tests with ``DELETE FROM``, which PostgreSQL does with ``TRUNCATE`` (row triggers
do not fire on ``TRUNCATE``). The SQLite delete trigger therefore asks the SQL function
``sikt_ledger_sealed()``, which Sikt registers on each of its connections and which answers 1
except inside :func:`purge_allowed` (used by the test suite's table flush). A connection that does
not know the function — the ``sqlite3`` shell, another program — fails the delete with "no such
function", so the ledger stays sealed there too.

Django's SQLite schema editor rebuilds a table for many column changes and the rebuild drops its
triggers: a migration that alters the ledger table must call :func:`install` again
(``tests/web/funds/test_append_only.py`` checks the triggers exist after all migrations).
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from typing import Any

TABLE = "funds_ledgerentry"
MESSAGE = "ledger entries are never changed or deleted; book a correction instead"

_purge_allowed: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "sikt_ledger_purge_allowed", default=False
)

POSTGRESQL_INSTALL = [
    f"""
    CREATE OR REPLACE FUNCTION funds_ledger_append_only() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'restrict_violation';
    END;
    $$ LANGUAGE plpgsql;
    """,
    f"DROP TRIGGER IF EXISTS funds_ledger_append_only ON {TABLE};",
    f"""
    CREATE TRIGGER funds_ledger_append_only BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION funds_ledger_append_only();
    """,
]
POSTGRESQL_REMOVE = [
    f"DROP TRIGGER IF EXISTS funds_ledger_append_only ON {TABLE};",
    "DROP FUNCTION IF EXISTS funds_ledger_append_only();",
]
SQLITE_INSTALL = [
    "DROP TRIGGER IF EXISTS funds_ledger_no_update;",
    "DROP TRIGGER IF EXISTS funds_ledger_no_delete;",
    f"""
    CREATE TRIGGER funds_ledger_no_update BEFORE UPDATE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;
    """,
    f"""
    CREATE TRIGGER funds_ledger_no_delete BEFORE DELETE ON {TABLE}
    WHEN sikt_ledger_sealed()
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;
    """,
]
SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS funds_ledger_no_update;",
    "DROP TRIGGER IF EXISTS funds_ledger_no_delete;",
]


def _statements(vendor: str, install_: bool) -> list[str]:
    if vendor == "postgresql":
        return POSTGRESQL_INSTALL if install_ else POSTGRESQL_REMOVE
    if vendor == "sqlite":
        return SQLITE_INSTALL if install_ else SQLITE_REMOVE
    raise NotImplementedError(f"no append-only triggers for the {vendor} database")


def install(apps: Any, schema_editor: Any) -> None:
    """Migration step: create the triggers for the connection's database."""
    for statement in _statements(schema_editor.connection.vendor, True):
        schema_editor.execute(statement)


def remove(apps: Any, schema_editor: Any) -> None:
    """Reverse migration step."""
    for statement in _statements(schema_editor.connection.vendor, False):
        schema_editor.execute(statement)


def _sealed() -> int:
    return 0 if _purge_allowed.get() else 1


def register_sqlite_function(sender: Any, connection: Any, **kwargs: Any) -> None:
    """``connection_created`` receiver: teach each SQLite connection ``sikt_ledger_sealed()``."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("sikt_ledger_sealed", 0, _sealed)


@contextlib.contextmanager
def purge_allowed() -> Iterator[None]:
    """Let this thread empty the ledger table on SQLite (the test suite's flush only)."""
    token = _purge_allowed.set(True)
    try:
        yield
    finally:
        _purge_allowed.reset(token)
