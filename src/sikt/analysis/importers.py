"""Importing indicator values from CSV or XLSX, long or wide, validated before anything is written.

*Long* form has one value per row: ``indikator; område; period; värde`` and optionally
``kön``, ``antal`` (individuals behind the value), ``dimension`` + ``kategori`` (a further
breakdown), ``områdesnamn``. *Wide* form has one column per year (``2021; 2022; …``) instead
of ``period`` + ``värde``; empty year cells are simply absent values. English column names
(``indicator, area, period, value, sex, count, category, area_name``) work too.

Validation runs column-wise in DuckDB over the whole file (no Python loop over rows), so a
million-row file is checked in seconds. Every problem names the file, the row (as the
spreadsheet shows it), the column and the rule, in Swedish and English; if there is any,
nothing is written.

Two ways through, same outcome. A file written the plain way — the way Kolada and most
exports write it: plain numbers, four-digit years, ``T``/``K``/``M`` or the spelled-out sex
codes — is checked in one aggregate pass over the Arrow table the file was read into and then
written straight from it (:func:`_plain_file`): nothing is materialised on the way, which is
what makes a million-row import fast. Anything else in the file (and any error) sends the whole
file the careful way (:func:`_issues`): every cell parsed into a table, values outside the
plain pattern read by :mod:`sikt.numbers` one by one, every problem listed. The plain way
accepts only what the careful way accepts, with the same parsed values (tested).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from sikt.analysis.store import (
    Area,
    IndicatorStore,
    area_level,
    insert_values,
    replace_values,
    write_transaction,
)
from sikt.analysis.tabular import ROW, FileProblem, read_table
from sikt.numbers import MAX_ABS, NumberError, parse_number
from sikt.text import Text

MAX_REPORTED = 50

#: Accepted header names (lower case) → canonical column.
ALIASES: dict[str, str] = {
    "indikator": "indicator",
    "nyckeltal": "indicator",
    "indicator": "indicator",
    "kpi": "indicator",
    "område": "area",
    "omrade": "area",
    "områdeskod": "area",
    "kommun": "area",
    "area": "area",
    "area_code": "area",
    "period": "period",
    "år": "period",
    "ar": "period",
    "year": "period",
    "värde": "value",
    "varde": "value",
    "value": "value",
    "kön": "sex",
    "kon": "sex",
    "sex": "sex",
    "gender": "sex",
    "antal": "n",
    "count": "n",
    "n": "n",
    "dimension": "dimension",
    "kategori": "category",
    "category": "category",
    "områdesnamn": "area_name",
    "omradesnamn": "area_name",
    "area_name": "area_name",
    "status": "status",
}
REQUIRED_LONG = ("indicator", "area", "period", "value")
SEX_CODES = {
    "t": "T",
    "totalt": "T",
    "total": "T",
    "alla": "T",
    "": "T",
    "k": "K",
    "kvinnor": "K",
    "kvinna": "K",
    "women": "K",
    "female": "K",
    "f": "K",
    "m": "M",
    "män": "M",
    "man": "M",
    "men": "M",
    "male": "M",
}

_COLUMN_SV = {
    "indicator": "indikator",
    "area": "område",
    "period": "period",
    "value": "värde",
    "sex": "kön",
    "n": "antal",
    "dimension": "dimension",
    "category": "kategori",
}


@dataclass(frozen=True, slots=True)
class ImportIssue:
    """One problem: where it is (file, row, column) and which rule it breaks."""

    file: str
    row: int | None
    column: str
    message: Text

    def __str__(self) -> str:
        where = f"{self.file}, rad {self.row}" if self.row else self.file
        column = f", kolumn {self.column}" if self.column else ""
        return f"{where}{column}: {self.message}"


class ImportRejected(ValueError):
    """The file was not imported; :attr:`issues` says why (at most the first 50)."""

    def __init__(self, issues: Sequence[ImportIssue], total: int | None = None) -> None:
        self.issues = list(issues)
        self.total = total if total is not None else len(self.issues)
        super().__init__("; ".join(str(i) for i in self.issues[:5]))


@dataclass(frozen=True, slots=True)
class ImportSummary:
    file: str
    rows: int
    indicators: tuple[str, ...]
    areas: int
    periods: tuple[int, ...]


# Cleaning a number written the Swedish way: spaces (also no-break and thin) as thousands
# separators, a decimal comma and the typographic minus.
_NUMBER = (
    "replace(replace(replace(replace(replace(replace(trim({c}), ' ', ''), chr(160), ''), "
    "chr(8201), ''), chr(8239), ''), chr(8722), '-'), ',', '.')"
)

_SEX_CASES = " ".join(f"WHEN '{text}' THEN '{code}'" for text, code in SEX_CODES.items())

# What sikt.numbers reads as a plain Swedish number (spaces of any kind between groups of three,
# decimal comma or point, a sign, an exponent as Excel writes it), checked in bulk; a value
# outside this pattern is read by sikt.numbers itself, which accepts it or explains why not.
_NUMBER_PATTERN = r"[+-]? ?((\d{1,3}( \d{3})+|\d+)([.,]\d*)?|[.,]\d+)([eE][+-]?\d{1,4})?"
_NORMALISED = (
    "regexp_replace(translate(trim({c}), chr(160) || chr(8239) || chr(8201) || chr(8199) || "
    "chr(8722) || chr(8211), '    --'), ' +', ' ', 'g')"
)

#: The common case, read without any cleaning: digits (at most 15 before the decimal sign, far
#: below :data:`~sikt.numbers.MAX_ABS`), an optional minus and a decimal comma or point.
_PLAIN_NUMBER = r"-?\d{1,15}([.,]\d+)?"

#: One pass over the upload: trimmed text, parsed numbers and codes (NULL where unreadable).
#: Plain numbers and the sex codes as Kolada writes them take the short way; the rest is
#: cleaned and checked against the full pattern (a CASE evaluates only the branch it needs).
_PARSED = f"""
CREATE OR REPLACE TEMP TABLE parsed AS
SELECT {ROW} AS row_number, trim(indicator) AS indicator_id, trim(area) AS area_code,
       trim(period) AS period_text, TRY_CAST(trim(period) AS INTEGER) AS period,
       trim(value) AS value_text,
       CASE WHEN regexp_full_match(value, '{_PLAIN_NUMBER}')
            THEN TRY_CAST(replace(value, ',', '.') AS DOUBLE)
            WHEN regexp_full_match({_NORMALISED.format(c="value")}, '{_NUMBER_PATTERN}')
            AND abs(TRY_CAST({_NUMBER.format(c="value")} AS DOUBLE)) <= {MAX_ABS}
            THEN TRY_CAST({_NUMBER.format(c="value")} AS DOUBLE) END AS value,
       CASE WHEN sex IN ('T', 'K', 'M') THEN sex ELSE CASE lower(trim(sex)) {_SEX_CASES} END
       END AS sex,
       trim(n) AS n_text, TRY_CAST({_NUMBER.format(c="n")} AS BIGINT) AS n,
       trim(dimension) AS dimension, trim(category) AS category,
       trim(area_name) AS area_name, trim(status) AS status
FROM raw
"""

#: (column, condition on ``parsed``, rule) — checked together in one scan.
_RULES: list[tuple[str, str, Text]] = [
    ("indicator", "indicator_id = ''", Text("indikator saknas", "indicator missing")),
    (
        "indicator",
        "indicator_id <> '' AND indicator_id NOT IN (SELECT id FROM indicator)",
        Text(
            "okänd indikator – lägg först till definitionen",
            "unknown indicator – add its definition first",
        ),
    ),
    ("area", "area_code = ''", Text("område saknas", "area missing")),
    (
        "period",
        "NOT regexp_full_match(period_text, '[0-9]{4}')",
        Text("perioden ska vara ett årtal (ÅÅÅÅ)", "the period must be a year (YYYY)"),
    ),
    ("value", "value_text = ''", Text("värde saknas", "value missing")),
    (
        "value",
        "value_text <> '' AND (value IS NULL OR NOT isfinite(value))",
        Text("värdet är inget tal", "the value is not a number"),
    ),
    (
        "sex",
        "sex IS NULL",
        Text(
            "kön ska vara T/K/M (totalt, kvinnor, män)",
            "sex must be T/K/M (total, women, men)",
        ),
    ),
    (
        "n",
        "n_text <> '' AND (n IS NULL OR n < 0)",
        Text("antal ska vara ett heltal ≥ 0", "count must be a whole number ≥ 0"),
    ),
    (
        "category",
        "(dimension = '') <> (category = '')",
        Text(
            "dimension och kategori anges tillsammans",
            "dimension and category go together",
        ),
    ),
]


def _canonical(table: pa.Table, filename: str) -> tuple[pa.Table, list[str]]:
    """Rename known headers; return the table and the year columns of a wide file."""
    names, years = [], []
    for name in table.column_names:
        if name == ROW:
            names.append(ROW)
            continue
        key = name.strip().lower()
        if key.isdigit() and len(key) == 4:
            years.append(key)
            names.append(key)
        else:
            names.append(ALIASES.get(key, name))
    duplicates = {n for n in names if names.count(n) > 1}
    if duplicates:
        raise ImportRejected(
            [
                ImportIssue(
                    filename,
                    1,
                    ", ".join(sorted(duplicates)),
                    Text("kolumnen finns flera gånger", "the column appears more than once"),
                )
            ]
        )
    return table.rename_columns(names), years


def _missing_columns(filename: str, present: set[str], required: Sequence[str]) -> None:
    missing = [c for c in required if c not in present]
    if missing:
        sv = ", ".join(_COLUMN_SV.get(c, c) for c in missing)
        raise ImportRejected(
            [
                ImportIssue(
                    filename,
                    1,
                    sv,
                    Text(f"kolumn saknas: {sv}", f"missing column: {', '.join(missing)}"),
                )
            ]
        )


def _long_relation(
    con: duckdb.DuckDBPyConnection, table: pa.Table, years: list[str], filename: str
) -> None:
    """Register ``raw`` as long-form text columns (unpivoting a wide file)."""
    present = set(table.column_names)
    con.register("upload", table)
    optional = {
        "sex": "''",
        "n": "''",
        "dimension": "''",
        "category": "''",
        "area_name": "''",
        "status": "''",
    }
    select_optional = ", ".join(
        f"{name}" if name in present else f"{default} AS {name}"
        for name, default in optional.items()
    )
    if "value" not in present and years:
        _missing_columns(filename, present, ("indicator", "area"))
        year_list = ", ".join(f'"{y}"' for y in years)
        con.execute(
            f"CREATE OR REPLACE TEMP VIEW raw AS SELECT {ROW}, indicator, area, period, value, "
            f"{select_optional} FROM (UNPIVOT upload ON {year_list} INTO NAME period VALUE value) "
            "WHERE trim(value) <> ''"
        )
    else:
        _missing_columns(filename, present, REQUIRED_LONG)
        con.execute(
            f"CREATE OR REPLACE TEMP VIEW raw AS SELECT {ROW}, indicator, area, period, value, "
            f"{select_optional} FROM upload"
        )


def _numbers_by_sikt(con: duckdb.DuckDBPyConnection) -> dict[int, Text]:
    """Values outside the bulk pattern, read by :func:`sikt.numbers.parse_number` one by one:
    accepted ones are filled in, the others keep sikt.numbers' explanation (by row)."""
    rows = con.execute(
        "SELECT row_number, value_text FROM parsed WHERE value IS NULL AND value_text <> ''"
    ).fetchall()
    accepted: list[tuple[float, int]] = []
    refused: dict[int, Text] = {}
    for row, text in rows:
        try:
            accepted.append((float(parse_number(text, language="sv")), int(row)))
        except NumberError as error:
            refused[int(row)] = error.message
    if accepted:
        con.executemany("UPDATE parsed SET value = ? WHERE row_number = ?", accepted)
    return refused


def _issues(con: duckdb.DuckDBPyConnection, filename: str) -> tuple[list[ImportIssue], int]:
    con.execute(_PARSED)
    number_problems = _numbers_by_sikt(con)
    failed = (
        "list_filter(["
        + ", ".join(
            f"CASE WHEN {condition} THEN {index} END"
            for index, (_c, condition, _t) in enumerate(_RULES)
        )
        + "], lambda x: x IS NOT NULL)"
    )
    duplicate = len(_RULES)
    query = f"""
        SELECT row_number, unnest(failed) AS rule FROM (
            SELECT row_number, {failed} AS failed FROM parsed
        ) WHERE len(failed) > 0
        UNION ALL
        SELECT max(row_number), {duplicate} FROM parsed
        GROUP BY indicator_id, area_code, period_text, sex, dimension, category
        HAVING count(*) > 1
    """
    con.execute(f"CREATE OR REPLACE TEMP TABLE problems AS {query}")
    total = int(con.execute("SELECT count(*) FROM problems").fetchall()[0][0])
    if total == 0:
        return [], 0
    rows = con.execute(
        f"SELECT row_number, rule FROM problems ORDER BY 1, 2 LIMIT {MAX_REPORTED}"
    ).fetchall()
    duplicate_text = Text(
        "samma indikator, område, period, kön och kategori finns på en tidigare rad",
        "the same indicator, area, period, sex and category is on an earlier row",
    )
    issues = []
    for row, rule in rows:
        if rule == duplicate:
            issues.append(ImportIssue(filename, int(row), "", duplicate_text))
        else:
            column, _condition, text = _RULES[rule]
            if column == "value":
                text = number_problems.get(int(row), text)
            issues.append(ImportIssue(filename, int(row), _COLUMN_SV.get(column, column), text))
    return issues, total


#: Text columns of the long relation that :data:`_PARSED` trims.
_TRIMMED = (
    "indicator",
    "area",
    "period",
    "sex",
    "n",
    "dimension",
    "category",
    "status",
    "area_name",
)


def _padded(table: pa.Table) -> set[str]:
    """The text columns in which some cell starts or ends with a space (DuckDB's ``trim``
    removes spaces only); the others need no trimming."""
    padded = set()
    for name in _TRIMMED:
        if name in table.column_names:
            column = table.column(name)
            edges = pc.or_(pc.starts_with(column, " "), pc.ends_with(column, " "))
            if pc.any(edges).as_py():
                padded.add(name)
    return padded


def _plain_file(
    con: duckdb.DuckDBPyConnection, table: pa.Table
) -> tuple[list[str], list[int], int, str | None] | None:
    """The plain way's check (module docstring), in the open write transaction: if every row
    of ``raw`` passes the plain checks and no key repeats, define the view ``clean_values``
    over it and return the file's indicators, periods, number of areas and the ``rowid`` s of
    the stored values it replaces; ``None`` sends the file the careful way.

    Every check here implies the careful way's acceptance of the same row with the same
    values: a value matching :data:`_PLAIN_NUMBER` is the careful way's first branch, a
    four-digit year is its period rule, a count of digits only is a whole number ≥ 0, the sex
    is the same expression; a check that cannot be decided (a missing cell) counts as not
    passed. Repeated keys are found by their hash (a collision only sends the file the careful
    way, which compares the keys themselves). The stored values the file replaces are found in
    the same pass by the hash of their key; the delete then compares the keys themselves."""
    padded = _padded(table)

    def text(name: str) -> str:
        return f"trim({name})" if name in padded else name

    con.execute(
        f"""CREATE OR REPLACE TEMP VIEW plain AS
        SELECT {text("indicator")} AS indicator_id, {text("area")} AS area_code,
               {text("period")} AS period_text, TRY_CAST({text("period")} AS INTEGER) AS period,
               CASE WHEN sex IN ('T', 'K', 'M') THEN sex
                    ELSE CASE lower(trim(sex)) {_SEX_CASES} END END AS sex,
               {text("dimension")} AS dimension, {text("category")} AS category,
               value AS value_text, TRY_CAST(replace(value, ',', '.') AS DOUBLE) AS value,
               {text("n")} AS n_text, TRY_CAST({text("n")} AS BIGINT) AS n,
               {text("status")} AS status, CAST(NULL AS DATE) AS published,
               'import' AS origin, {text("area_name")} AS area_name
        FROM raw"""
    )
    plain = f"""
        p.indicator_id IN (SELECT id FROM indicator) AND p.area_code <> ''
        AND regexp_full_match(p.period_text, '[0-9]{{4}}')
        AND regexp_full_match(p.value_text, '{_PLAIN_NUMBER}')
        AND p.sex IS NOT NULL
        AND (p.n_text = '' OR regexp_full_match(p.n_text, '[0-9]{{1,18}}'))
        AND (p.dimension = '') = (p.category = '')
    """
    key = ("indicator_id", "area_code", "period", "sex", "dimension", "category")
    hashed = f"hash({', '.join(f'p.{c}' for c in key)})"
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE plain_check AS
        SELECT count(*) FILTER (WHERE ({plain}) IS NOT TRUE) AS other, count(*) AS rows,
               count(DISTINCT {hashed}) AS keys,
               list_sort(list(DISTINCT p.indicator_id)) AS indicators,
               list_sort(list(DISTINCT p.period)) AS periods,
               count(DISTINCT p.area_code) AS areas,
               list(struct_pack({", ".join(f"{c} := p.{c}" for c in key)})) FILTER (
                   WHERE {hashed} IN (
                       SELECT hash({", ".join(key)}) FROM indicator_value
                       WHERE indicator_id IN (SELECT indicator_id FROM plain))) AS replacing
        FROM plain p"""
    )
    other, rows, keys, indicators, periods, areas, replacing = con.execute(
        "SELECT other, rows, keys, indicators, periods, areas, len(replacing) FROM plain_check"
    ).fetchall()[0]
    if other or keys != rows:
        return None
    con.execute(
        "CREATE OR REPLACE TEMP VIEW clean_values AS SELECT indicator_id, area_code, period, "
        "sex, dimension, category, value, n, status, published, origin, area_name FROM plain"
    )
    replaced = "SELECT unnest(replacing, recursive := true) FROM plain_check"
    return indicators, periods, int(areas), replaced if replacing else None


def _clean_values(con: duckdb.DuckDBPyConnection) -> None:
    """The checked upload as the view ``clean_values`` (columns of the store's values)."""
    con.execute(
        "CREATE OR REPLACE TEMP VIEW clean_values AS SELECT indicator_id, area_code, period, "
        "sex, dimension, category, value, n, status, CAST(NULL AS DATE) AS published, "
        "'import' AS origin, area_name FROM parsed"
    )


def _area_names(con: duckdb.DuckDBPyConnection, table: pa.Table) -> list[tuple[str, str]]:
    """The area names a file gives (column ``områdesnamn``), by code."""
    if "area_name" not in table.column_names:
        return []
    return con.execute(
        "SELECT DISTINCT area_code, area_name FROM clean_values WHERE area_name <> ''"
    ).fetchall()


def import_indicator_values(store: IndicatorStore, filename: str, data: bytes) -> ImportSummary:
    """Validate and import one file of indicator values; raise :class:`ImportRejected`."""
    try:
        table = read_table(filename, data)
    except FileProblem as problem:
        raise ImportRejected([ImportIssue(filename, None, "", problem.message)]) from None
    table, years = _canonical(table, filename)
    if table.num_rows == 0:
        raise ImportRejected(
            [ImportIssue(filename, None, "", Text("filen har inga rader", "the file has no rows"))]
        )
    with store.connect() as con:
        _long_relation(con, table, years, filename)
        with write_transaction(con):
            plain = _plain_file(con, table)
            if plain is not None:
                indicators, periods, areas, replacing = plain
                names = _area_names(con, table)
                written = insert_values(con, "clean_values", replacing=replacing)
        if plain is None:
            issues, total = _issues(con, filename)
            if issues:
                raise ImportRejected(issues, total)
            _clean_values(con)
            indicators, periods, areas = con.execute(
                "SELECT list_sort(list(DISTINCT indicator_id)), list_sort(list(DISTINCT period)), "
                "count(DISTINCT area_code) FROM parsed"
            ).fetchall()[0]
            names = _area_names(con, table)
            written = replace_values(con, "clean_values")
        con.unregister("upload")
    if names:
        store.set_areas([Area(code, name, area_level(code)) for code, name in names])
    return ImportSummary(filename, written, tuple(indicators), int(areas), tuple(periods))
