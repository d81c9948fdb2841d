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
import pyarrow.compute as pc

from sikt.analysis.store import IndicatorStore

_NAME = re.compile(r"^[a-z][a-z0-9_]{0,62}$")


def table_name(name: str) -> str:
    """The store table of dataset ``name`` (lower-case letters, digits and ``_``)."""
    if not _NAME.match(name):
        raise ValueError(f"not a dataset name: {name!r}")
    return f"dataset_{name}"


def save_dataset(
    store: IndicatorStore,
    name: str,
    table: pa.Table,
    *,
    order_by: tuple[str, ...] = (),
    enums: tuple[str, ...] = (),
) -> None:
    """Store ``table`` as dataset ``name`` (replacing one of the same name), all or nothing,
    its rows in the order of the columns ``order_by`` when given, and the text columns
    ``enums`` as DuckDB ENUMs of their values (a byte per row, which the engine compares and
    hands out as codes; sorted as the text is, so an ORDER BY gives the same order)."""
    target = table_name(name)
    columns = ", ".join(_column(c, table, c in enums) for c in table.column_names)
    order = f" ORDER BY {', '.join(f'{_quoted(c, table)}' for c in order_by)}" if order_by else ""
    with store.connect() as con:
        con.register("incoming_dataset", table)
        try:
            con.execute("BEGIN TRANSACTION")
            con.execute(
                f'CREATE OR REPLACE TABLE "{target}" AS '
                f"SELECT {columns} FROM incoming_dataset{order}"
            )
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        finally:
            con.unregister("incoming_dataset")


def save_event_dataset(store: IndicatorStore, name: str, events: pa.Table) -> None:
    """Store a pseudonymised event table (``person``, ``start``, ``end``, ``kind``) for flow
    analyses as dataset ``name``.

    ``person`` is kept as a dense integer key within the dataset (0, 1, … in order of first
    appearance) and the pseudonym moves to ``pseudonym``; ``kind`` is an ENUM; the rows are
    kept in order of end (ongoing last), then start. Why: the flow analysis selects the events
    around its reference date, joins them by person and sorts them into each person's time
    order (:func:`sikt.analysis.flow.window_events`). In end order, the row groups of events
    that ended before the look-back window — most of a register — are skipped on their
    min/max dates without being read. A keyed pseudonym is 32 hexadecimal characters, too long
    for DuckDB's inlined strings, so hashing and comparing it costs several times what an
    integer does; an ENUM kind reaches the analysis as codes instead of a string per event.
    The key means nothing outside the dataset, and the pseudonym stays for linking within the
    organisation.
    """
    encoded = pc.dictionary_encode(events.column("person")).combine_chunks()
    keyed = pa.table(
        {
            "person": encoded.indices,
            "pseudonym": events.column("person"),
            "start": events.column("start"),
            "end": events.column("end"),
            "kind": events.column("kind"),
        }
    )
    save_dataset(store, name, keyed, order_by=("end", "start"), enums=("kind",))


def _quoted(column: str, table: pa.Table) -> str:
    if column not in table.column_names:
        raise ValueError(f"no column {column!r} to order by")
    return f'"{column}"'


def _column(column: str, table: pa.Table, enum: bool) -> str:
    """The column as stored: itself, or cast to an ENUM of its values (none: left as text)."""
    quoted = _quoted(column, table)
    values = sorted(pc.unique(table.column(column)).drop_null().to_pylist()) if enum else []
    if not values:
        return quoted
    labels = ", ".join("'" + str(v).replace("'", "''") + "'" for v in values)
    return f"CAST({quoted} AS ENUM({labels})) AS {quoted}"


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
