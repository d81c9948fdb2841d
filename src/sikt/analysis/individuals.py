"""Reading individual-level measurements: one value per person and the groups they belong to.

A file has one row per person (or per person and occasion): a value column (``värde``), any
number of grouping columns (``kön``, ``åldersgrupp``, ``område``, ``skola`` …) and optionally
``personnummer`` and ``ålder``. Identity numbers are validated and replaced by the
organisation's keyed pseudonym before the table leaves this module
(:mod:`sikt.analysis.identity`; errors name the row and rule, never the number); an age is
turned into an age band (:func:`sikt.analysis.variation.age_band`) so no exact age is kept.
Values are read by :mod:`sikt.numbers` (``1 200,5``, ``−3``). Every problem names the file, row
and column; with any problem nothing is returned.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pyarrow as pa

from sikt.analysis.identity import IdentityNumberError, parse_identity_number, pseudonymise
from sikt.analysis.importers import ImportIssue, ImportRejected
from sikt.analysis.tabular import ROW, FileProblem, read_table
from sikt.analysis.variation import MAX_CATEGORIES, age_band
from sikt.numbers import NumberError, parse_integer, parse_number
from sikt.text import Text

MAX_REPORTED = 50
PERSON = ("personnummer", "samordningsnummer", "person", "id")
VALUE = ("värde", "varde", "value", "utfall")
AGE = ("ålder", "alder", "age")
AGE_BAND = "åldersgrupp"
MISSING = "(uppgift saknas)"


@dataclass(frozen=True, slots=True)
class Measurements:
    """``table`` has ``person`` (pseudonym or empty), ``value`` and one string column per
    grouping in :attr:`dimensions`."""

    table: pa.Table
    dimensions: tuple[str, ...]
    persons: int


def read_measurements(
    filename: str,
    data: bytes,
    *,
    secret: bytes | None,
    today: date | None = None,
) -> Measurements:
    """Validated, pseudonymised measurements; :class:`ImportRejected` naming rows otherwise.

    ``secret`` is the organisation's pseudonymisation secret (needed when the file has
    identity numbers).
    """
    try:
        raw = read_table(filename, data)
    except FileProblem as unreadable:
        raise ImportRejected([ImportIssue(filename, None, "", unreadable.message)]) from None
    lowered = {name.strip().lower(): name for name in raw.column_names if name != ROW}
    value_name = next((lowered[c] for c in VALUE if c in lowered), None)
    if value_name is None:
        raise ImportRejected(
            [
                ImportIssue(
                    filename, 1, "värde", Text("kolumn saknas: värde", "missing column: value")
                )
            ]
        )
    person_name = next((lowered[c] for c in PERSON if c in lowered), None)
    age_name = next((lowered[c] for c in AGE if c in lowered), None)
    groups = [
        name
        for key, name in lowered.items()
        if name not in (value_name, person_name, age_name) and key
    ]
    if person_name is not None and secret is None:
        raise ValueError("a secret is needed to pseudonymise identity numbers")
    issues: list[ImportIssue] = []
    total = 0

    def problem(row: int, column: str, message: Text) -> None:
        nonlocal total
        total += 1
        if len(issues) < MAX_REPORTED:
            issues.append(ImportIssue(filename, row, column, message))

    rows = raw.column(ROW).to_pylist()
    values_text = raw.column(value_name).to_pylist()
    people_text = raw.column(person_name).to_pylist() if person_name else [""] * len(rows)
    ages_text = raw.column(age_name).to_pylist() if age_name else None
    people: list[str] = []
    values: list[float | None] = []
    bands: list[str] = []
    cache: dict[str, str] = {}
    for index, row in enumerate(rows):
        text = str(people_text[index] or "").strip()
        person = ""
        if person_name:
            if text in cache:
                person = cache[text]
            else:
                try:
                    person = pseudonymise(parse_identity_number(text, today=today), secret or b"")
                    cache[text] = person
                except IdentityNumberError as error:
                    problem(row, person_name, error.message)
        people.append(person)
        try:
            values.append(float(parse_number(str(values_text[index]), language="sv")))
        except NumberError as error:
            values.append(None)
            problem(row, value_name, error.message)
        if ages_text is not None:
            try:
                bands.append(age_band(parse_integer(str(ages_text[index]), language="sv")))
            except (NumberError, ValueError):
                bands.append(MISSING)
                problem(
                    row,
                    age_name or "",
                    Text("åldern ska vara ett heltal ≥ 0", "the age must be a whole number ≥ 0"),
                )
    columns: dict[str, pa.Array] = {
        "person": pa.array(people, pa.string()),
        "value": pa.array(values, pa.float64()),
    }
    dimensions = []
    if ages_text is not None:
        columns[AGE_BAND] = pa.array(bands, pa.string())
        dimensions.append(AGE_BAND)
    for name in groups:
        cleaned = [str(v).strip() or MISSING for v in raw.column(name).to_pylist()]
        if len(set(cleaned)) > MAX_CATEGORIES:
            problem(
                1,
                name,
                Text(
                    f"fler än {MAX_CATEGORIES} olika värden – ingen grupperingskolumn",
                    f"more than {MAX_CATEGORIES} distinct values – not a grouping column",
                ),
            )
        key = name.strip().lower()
        if key in columns:
            problem(1, name, Text("kolumnen finns redan", "the column is already there"))
            continue
        columns[key] = pa.array(cleaned, pa.string())
        dimensions.append(key)
    if total:
        raise ImportRejected(issues, total)
    if not rows:
        raise ImportRejected(
            [ImportIssue(filename, None, "", Text("filen har inga rader", "the file has no rows"))]
        )
    persons = len(set(people)) if person_name else len(rows)
    return Measurements(pa.table(columns), tuple(dimensions), persons)
