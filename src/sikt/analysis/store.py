"""The indicator store: definitions and values of key indicators in an embedded DuckDB file.

One file per organisation (the web layer puts it in ``SIKT_DATA_DIR``), so one organisation's
data never shares a table with another's. Values are keyed by indicator, area, period (year),
sex (``T`` total, ``K`` women, ``M`` men — Kolada's codes) and one optional further breakdown
(``dimension`` = ``category``, e.g. ``Åldersgrupp`` = ``13–15 år``); a new value for the same
key replaces the old one. Every value keeps its count (number of individuals behind it) when
known, its status and publication date (from Kolada) and where it came from.

Areas use Kolada's codes: ``0000`` the country, ``00NN`` a region, four digits a municipality;
anything else is one of the organisation's own areas (a district, school or unit).
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

COUNTRY = "0000"
SEXES = ("T", "K", "M")
KOLADA_ATTRIBUTION = "Källa: Kolada"

SCHEMA = """
CREATE TABLE IF NOT EXISTS indicator (
    id VARCHAR PRIMARY KEY,
    title VARCHAR NOT NULL,
    unit VARCHAR NOT NULL DEFAULT '',
    higher_is_better BOOLEAN,
    source VARCHAR NOT NULL DEFAULT '',
    licence VARCHAR NOT NULL DEFAULT '',
    attribution VARCHAR NOT NULL DEFAULT '',
    description VARCHAR NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS area (
    code VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    level VARCHAR NOT NULL,
    parent VARCHAR
);
CREATE TABLE IF NOT EXISTS indicator_value (
    indicator_id VARCHAR NOT NULL,
    area_code VARCHAR NOT NULL,
    period INTEGER NOT NULL,
    sex VARCHAR NOT NULL DEFAULT 'T',
    dimension VARCHAR NOT NULL DEFAULT '',
    category VARCHAR NOT NULL DEFAULT '',
    value DOUBLE NOT NULL,
    n BIGINT,
    status VARCHAR NOT NULL DEFAULT '',
    published DATE,
    origin VARCHAR NOT NULL DEFAULT 'import'
);
"""

VALUE_KEY = ("indicator_id", "area_code", "period", "sex", "dimension", "category")
VALUE_COLUMNS = (*VALUE_KEY, "value", "n", "status", "published", "origin")
_REGION = re.compile(r"^00\d\d$")
_MUNICIPALITY = re.compile(r"^\d{4}$")


def area_level(code: str) -> str:
    """``country``, ``region``, ``municipality`` (Kolada codes) or ``local`` (own areas)."""
    if code == COUNTRY:
        return "country"
    if _REGION.match(code):
        return "region"
    if _MUNICIPALITY.match(code):
        return "municipality"
    return "local"


@dataclass(frozen=True, slots=True)
class IndicatorDefinition:
    """What an indicator measures; ``higher_is_better`` None when neither direction is better."""

    id: str
    title: str
    unit: str = ""
    higher_is_better: bool | None = None
    source: str = ""
    licence: str = ""
    attribution: str = ""
    description: str = ""


@dataclass(frozen=True, slots=True)
class Area:
    code: str
    name: str
    level: str = ""
    parent: str | None = None


@dataclass(frozen=True, slots=True)
class IndicatorValue:
    indicator_id: str
    area_code: str
    period: int
    value: float
    sex: str = "T"
    dimension: str = ""
    category: str = ""
    n: int | None = None
    status: str = ""
    published: date | None = None
    origin: str = "import"


class StoreBusyError(RuntimeError):
    """Another process holds the store's file; try again shortly."""


@contextmanager
def write_transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """One transaction on the store's connection ``con``: committed if the block ends
    normally, rolled back (nothing written) if it raises."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def insert_values(
    con: duckdb.DuckDBPyConnection, source: str, *, replacing: str | None = None
) -> int:
    """In an open :func:`write_transaction`: delete the stored values with a key (columns
    :data:`VALUE_KEY`) among the rows of the query ``replacing`` (run in the same
    transaction) and insert the rows of the table or view ``source`` (columns
    :data:`VALUE_COLUMNS`). Returns the number of rows written.

    The insert runs on one thread: DuckDB's parallel insert into a stored table writes each
    thread's row groups on their own and merges them, which costs more CPU than it saves in
    wall time on a machine of two cores shared with the web server and the worker."""
    if replacing is not None:
        key = " AND ".join(f"v.{c} = i.{c}" for c in VALUE_KEY)
        con.execute(f"DELETE FROM indicator_value v USING ({replacing}) i WHERE {key}")
    columns = ", ".join(VALUE_COLUMNS)
    con.execute("SET threads = 1")
    try:
        written = con.execute(
            f"INSERT INTO indicator_value ({columns}) SELECT {columns} FROM {source}"
        ).fetchall()[0][0]
    finally:
        con.execute("RESET threads")
    return int(written)


def replace_values(con: duckdb.DuckDBPyConnection, source: str) -> int:
    """Insert the rows of the table or view ``source`` on the store's connection ``con``
    (columns :data:`VALUE_COLUMNS`), replacing values with the same key, in one transaction:
    either every row is written or none. Returns the number of rows written."""
    with write_transaction(con):
        # Finding the replaced values costs a pass over the new keys: skip it when the store
        # holds nothing for these indicators (a first import).
        overlap = con.execute(
            f"SELECT count(*) FROM indicator_value WHERE indicator_id IN "
            f"(SELECT DISTINCT indicator_id FROM {source})"
        ).fetchall()[0][0]
        return insert_values(con, source, replacing=f"SELECT * FROM {source}" if overlap else None)


class IndicatorStore:
    """Definitions and values in one DuckDB file (``":memory:"`` for a throw-away store)."""

    def __init__(self, path: Path | str, *, lock_timeout: float = 10.0) -> None:
        self.path = str(path)
        self.lock_timeout = lock_timeout
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._memory: duckdb.DuckDBPyConnection | None = None

    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection with the schema in place; closed afterwards (a file is shared by
        processes: the web server and the task worker), retried while another holds it."""
        if self.path == ":memory:":
            if self._memory is None:
                self._memory = duckdb.connect(":memory:")
                self._memory.execute(SCHEMA)
            yield self._memory
            return
        deadline = time.monotonic() + self.lock_timeout
        while True:
            try:
                connection = duckdb.connect(self.path)
                break
            except duckdb.IOException as exc:
                if "lock" not in str(exc).lower() or time.monotonic() > deadline:
                    raise StoreBusyError(str(exc)) from exc
                time.sleep(0.05)
        try:
            connection.execute(SCHEMA)
            yield connection
        finally:
            connection.close()

    # -- definitions and areas ---------------------------------------------------------
    def define(self, definitions: Sequence[IndicatorDefinition]) -> None:
        """Add or update indicator definitions (by id)."""
        rows = [
            (
                d.id,
                d.title,
                d.unit,
                d.higher_is_better,
                d.source,
                d.licence,
                d.attribution,
                d.description,
            )
            for d in definitions
        ]
        with self.connect() as con:
            con.executemany(
                "INSERT OR REPLACE INTO indicator VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows
            )

    def definitions(self) -> list[IndicatorDefinition]:
        with self.connect() as con:
            rows = con.execute(
                "SELECT id, title, unit, higher_is_better, source, licence, attribution, "
                "description FROM indicator ORDER BY id"
            ).fetchall()
        return [IndicatorDefinition(*row) for row in rows]

    def definition(self, indicator_id: str) -> IndicatorDefinition | None:
        return next((d for d in self.definitions() if d.id == indicator_id), None)

    def indicator_ids(self) -> set[str]:
        with self.connect() as con:
            return {row[0] for row in con.execute("SELECT id FROM indicator").fetchall()}

    def set_areas(self, areas: Sequence[Area]) -> None:
        rows = [(a.code, a.name, a.level or area_level(a.code), a.parent) for a in areas]
        with self.connect() as con:
            con.executemany("INSERT OR REPLACE INTO area VALUES (?, ?, ?, ?)", rows)

    def areas(self) -> dict[str, Area]:
        with self.connect() as con:
            rows = con.execute("SELECT code, name, level, parent FROM area").fetchall()
        return {row[0]: Area(*row) for row in rows}

    # -- values ------------------------------------------------------------------------
    def write_values(self, table: pa.Table) -> int:
        """Insert ``table`` (columns :data:`VALUE_COLUMNS`), replacing values with the same key.

        One transaction: either every row is written or none.
        """
        with self.connect() as con:
            con.register("incoming", table)
            try:
                return replace_values(con, "incoming")
            finally:
                con.unregister("incoming")

    def add_values(self, values: Sequence[IndicatorValue]) -> int:
        """Write values given one by one (small amounts: demo data, tests, API results)."""
        columns: dict[str, list[Any]] = {c: [] for c in VALUE_COLUMNS}
        for v in values:
            for name in VALUE_COLUMNS:
                columns[name].append(getattr(v, name))
        schema = pa.schema(
            [
                ("indicator_id", pa.string()),
                ("area_code", pa.string()),
                ("period", pa.int32()),
                ("sex", pa.string()),
                ("dimension", pa.string()),
                ("category", pa.string()),
                ("value", pa.float64()),
                ("n", pa.int64()),
                ("status", pa.string()),
                ("published", pa.date32()),
                ("origin", pa.string()),
            ]
        )
        return self.write_values(pa.table(columns, schema=schema))

    def values(
        self,
        indicator_id: str,
        *,
        areas: Sequence[str] | None = None,
        sex: str | None = None,
        dimension: str | None = "",
        periods: Sequence[int] | None = None,
    ) -> list[IndicatorValue]:
        """Values of one indicator, filtered; ``dimension=None`` returns every breakdown."""
        clauses: list[str] = ["indicator_id = ?"]
        params: list[Any] = [indicator_id]
        if areas is not None:
            clauses.append("list_contains(?, area_code)")
            params.append(list(areas))
        if sex is not None:
            clauses.append("sex = ?")
            params.append(sex)
        if dimension is not None:
            clauses.append("dimension = ?")
            params.append(dimension)
        if periods is not None:
            clauses.append("list_contains(?, period)")
            params.append(list(periods))
        columns = ", ".join(VALUE_COLUMNS)
        with self.connect() as con:
            rows = con.execute(
                f"SELECT {columns} FROM indicator_value WHERE {' AND '.join(clauses)} "
                "ORDER BY area_code, period, sex, dimension, category",
                params,
            ).fetchall()
        return [IndicatorValue(**dict(zip(VALUE_COLUMNS, row, strict=True))) for row in rows]

    def dimensions(self, indicator_id: str) -> list[str]:
        """Further breakdowns recorded for an indicator (besides sex)."""
        with self.connect() as con:
            rows = con.execute(
                "SELECT DISTINCT dimension FROM indicator_value WHERE indicator_id = ? "
                "AND dimension <> '' ORDER BY 1",
                [indicator_id],
            ).fetchall()
        return [row[0] for row in rows]

    def count(self) -> int:
        with self.connect() as con:
            return int(con.execute("SELECT count(*) FROM indicator_value").fetchall()[0][0])
