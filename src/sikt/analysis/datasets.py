"""Individual-level datasets (pseudonymised) kept in the organisation's DuckDB file.

An uploaded register extract — placements for a flow analysis, one measured value per person
for a distribution — is validated and pseudonymised on reading (:mod:`sikt.analysis.events`,
:mod:`sikt.analysis.individuals`) and then stored as a table of its own beside the indicator
values, so analyses run where the data is (DuckDB, or Spark for national registers) and no
personal identity number is ever stored. The web layer keeps the dataset's record (who
uploaded it, who looked at what) and names its table; only aggregates leave these tables, and
only through :mod:`sikt.analysis.suppression`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from sikt.analysis.store import IndicatorStore

_NAME = re.compile(r"^[a-z][a-z0-9_]{0,62}$")


def table_name(name: str) -> str:
    """The store table of dataset ``name`` (lower-case letters, digits and ``_``)."""
    if not _NAME.match(name):
        raise ValueError(f"not a dataset name: {name!r}")
    return f"dataset_{name}"


def save_dataset(store: IndicatorStore, name: str, table: pa.Table) -> None:
    """Store ``table`` as dataset ``name`` (replacing one of the same name), all or nothing."""
    target = table_name(name)
    with store.connect() as con:
        con.register("incoming_dataset", table)
        try:
            con.execute("BEGIN TRANSACTION")
            con.execute(f'CREATE OR REPLACE TABLE "{target}" AS SELECT * FROM incoming_dataset')
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        finally:
            con.unregister("incoming_dataset")


def drop_dataset(store: IndicatorStore, name: str) -> None:
    with store.connect() as con:
        con.execute(f'DROP TABLE IF EXISTS "{table_name(name)}"')


def has_dataset(store: IndicatorStore, name: str) -> bool:
    with store.connect() as con:
        found = con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = ?",
            [table_name(name)],
        ).fetchall()
    return bool(found[0][0])


@contextmanager
def dataset_table(store: IndicatorStore, name: str) -> Iterator[ir.Table]:
    """The dataset as an Ibis table on the store's DuckDB connection (open while in use)."""
    with store.connect() as con:
        backend = ibis.duckdb.from_connection(con)
        yield backend.table(table_name(name))
