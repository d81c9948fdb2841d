"""Reading individual-level event files (placements, interventions) and pseudonymising them.

A file has one row per event: ``personnummer`` (or ``person``), ``start``, ``slut`` (empty while
ongoing) and ``insats`` (the kind: HVB, SiS, familjehem, jourhem, öppenvård — Swedish or the
codes of :data:`sikt.analysis.flow.KINDS`). Each identity number is validated
(:mod:`sikt.analysis.identity`) and replaced by the organisation's keyed pseudonym before the
table leaves this module; errors name the row and the rule, never the number. A file whose
``person`` column already holds pseudonyms (``--pseudonymised``) is taken as it is.
"""

from __future__ import annotations

from datetime import date

import pyarrow as pa

from sikt.analysis.examples import EVENT_SCHEMA
from sikt.analysis.identity import IdentityNumberError, parse_identity_number, pseudonymise
from sikt.analysis.importers import ImportIssue, ImportRejected
from sikt.analysis.tabular import ROW, FileProblem, read_table
from sikt.text import Text

MAX_REPORTED = 50
COLUMNS = {
    "personnummer": "person",
    "samordningsnummer": "person",
    "person": "person",
    "id": "person",
    "start": "start",
    "startdatum": "start",
    "från": "start",
    "slut": "end",
    "slutdatum": "end",
    "end": "end",
    "till": "end",
    "insats": "kind",
    "typ": "kind",
    "händelse": "kind",
    "kind": "kind",
}
KIND_NAMES = {
    "hvb": "HVB",
    "sis": "SiS",
    "familjehem": "family_home",
    "family_home": "family_home",
    "jourhem": "emergency_home",
    "emergency_home": "emergency_home",
    "öppenvård": "outpatient",
    "oppenvard": "outpatient",
    "öppenvårdsinsats": "outpatient",
    "outpatient": "outpatient",
}
_SV = {"person": "personnummer", "start": "start", "end": "slut", "kind": "insats"}


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip()[:10])
    except ValueError:
        return None


def read_events(
    filename: str,
    data: bytes,
    *,
    secret: bytes | None,
    today: date | None = None,
) -> pa.Table:
    """Validated, pseudonymised events (:data:`~sikt.analysis.examples.EVENT_SCHEMA`).

    ``secret`` is the organisation's pseudonymisation secret; ``None`` means the ``person``
    column already holds pseudonyms. Raises :class:`ImportRejected` naming rows and columns.
    """
    try:
        table = read_table(filename, data)
    except FileProblem as unreadable:
        raise ImportRejected([ImportIssue(filename, None, "", unreadable.message)]) from None
    names = [COLUMNS.get(n.strip().lower(), n) if n != ROW else ROW for n in table.column_names]
    table = table.rename_columns(names)
    missing = [c for c in ("person", "start", "kind") if c not in names]
    if missing:
        sv = ", ".join(_SV[c] for c in missing)
        raise ImportRejected(
            [ImportIssue(filename, 1, sv, Text(f"kolumn saknas: {sv}", f"missing column: {sv}"))]
        )
    columns = {name: table.column(name).to_pylist() for name in ("person", "start", "kind", ROW)}
    ends = table.column("end").to_pylist() if "end" in names else [""] * table.num_rows
    issues: list[ImportIssue] = []
    total_issues = 0
    people: list[str] = []
    starts: list[date | None] = []
    finishes: list[date | None] = []
    kinds: list[str] = []
    cache: dict[str, str] = {}

    def problem(row: int, column: str, sv: str, en: str) -> None:
        nonlocal total_issues
        total_issues += 1
        if len(issues) < MAX_REPORTED:
            issues.append(ImportIssue(filename, row, _SV[column], Text(sv, en)))

    for index in range(table.num_rows):
        row = int(columns[ROW][index])
        raw_person = str(columns["person"][index]).strip()
        if secret is None:
            person = raw_person
            if not person:
                problem(row, "person", "person saknas", "person missing")
        elif raw_person in cache:
            person = cache[raw_person]
        else:
            try:
                person = pseudonymise(parse_identity_number(raw_person, today=today), secret)
                cache[raw_person] = person
            except IdentityNumberError as error:
                person = ""
                problem(row, "person", error.message.sv, error.message.en)
        start = _date(str(columns["start"][index]))
        if start is None:
            problem(row, "start", "startdatum ska vara ÅÅÅÅ-MM-DD", "start must be YYYY-MM-DD")
        end_text = str(ends[index] or "").strip()
        end = _date(end_text) if end_text else None
        if end_text and end is None:
            problem(row, "end", "slutdatum ska vara ÅÅÅÅ-MM-DD", "end must be YYYY-MM-DD")
        elif start and end and end < start:
            problem(row, "end", "slutdatum före startdatum", "end before start")
        kind = KIND_NAMES.get(str(columns["kind"][index]).strip().lower())
        if kind is None:
            problem(
                row,
                "kind",
                "okänd insats (HVB, SiS, familjehem, jourhem, öppenvård)",
                "unknown kind (HVB, SiS, family home, emergency home, outpatient)",
            )
        people.append(person)
        starts.append(start)
        finishes.append(end)
        kinds.append(kind or "")
    if total_issues:
        raise ImportRejected(issues, total_issues)
    return pa.table(
        {"person": people, "start": starts, "end": finishes, "kind": kinds}, schema=EVENT_SCHEMA
    )
