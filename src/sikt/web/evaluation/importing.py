"""Outcome records from a CSV or Excel file — validated and pseudonymised, all or nothing.

One row per person — or, with a ``period`` column, one row per person and period (panel data
for a before–after comparison or a difference-in-differences). Columns (Swedish names, any
order, case does not matter):

================  ========================================================================
``person``        the person's pseudonym (any key that is *not* a personal identity number)
``personnummer``  instead of ``person``: the personal identity number or coordination number,
                  replaced at once by the organisation's keyed pseudonym (never stored)
``grupp``         ``1`` / ``insats`` for participants, ``0`` / ``jämförelse`` for the
                  comparison group; may be left out of panel data with only participants
``utfall``        the outcome, a number (``0``/``1`` for an event, or a measured value)
``period``        optional: when the outcome was measured (a year such as ``2024``, or
                  ``före`` / ``efter``); a whole number is kept as a number
*other columns*   covariates measured before the start, numbers (``0``/``1`` for yes/no)
================  ========================================================================

Every row is checked before anything is returned; a file with any error raises
:class:`sikt.files.FileError` naming each row and column, in Swedish and English. A clear
personal identity number in the ``person`` column is an error (it would be stored as a key),
and the message never repeats the number.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.utils import timezone

from sikt.analysis.identity import (
    IdentityNumberError,
    organisation_secret,
    parse_identity_number,
    pseudonymise,
)
from sikt.files import FileError, FileIssue, read_table
from sikt.numbers import NumberError, parse_number
from sikt.text import Text
from sikt.web.accounts.models import Organization

PERSON = "person"
IDENTITY = "personnummer"
GROUP = "grupp"
OUTCOME = "utfall"
PERIOD = "period"
KNOWN = frozenset({PERSON, IDENTITY, GROUP, OUTCOME, PERIOD})
MAX_ISSUES = 50
TREATED_WORDS = {"1", "insats", "deltagare", "ja", "treated"}
CONTROL_WORDS = {"0", "jämförelse", "jamforelse", "kontroll", "nej", "control"}


@dataclass(frozen=True)
class Records:
    """Validated records: ``columns`` = person, grupp, utfall, [period,] covariates…; ``rows``
    of values. ``n_treated``/``n_control`` count people, not rows."""

    columns: list[str]
    rows: list[list[Any]]
    n_treated: int
    n_control: int

    @property
    def sha256(self) -> str:
        return content_hash(self.columns, self.rows)


def content_hash(columns: list[str], rows: list[list[Any]]) -> str:
    payload = json.dumps({"columns": columns, "rows": rows}, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def secret_for(organization: Organization) -> bytes:
    """The organisation's pseudonymisation secret: the server key and the organisation's own
    number, so pseudonyms of two organisations cannot be linked (``sikt.analysis.identity``)."""
    return organisation_secret(settings.SECRET_KEY, f"org:{organization.organization_number}")


def _number(text: str) -> float:
    try:
        value = parse_number(text, language="sv")
    except NumberError:
        value = parse_number(text, language="en")
    result = float(value)
    if not math.isfinite(result):
        raise ValueError(text)
    return result


def _period(text: str) -> int | str:
    """A period as typed: a whole number (a year) is kept as a number so periods sort."""
    try:
        return int(text)
    except ValueError:
        return text[:40]


class _Reader:
    def __init__(
        self,
        covariates: list[str],
        secret: bytes | None,
        today: date,
        *,
        has_group: bool = True,
        has_period: bool = False,
    ) -> None:
        self.covariates = covariates
        self.secret = secret
        self.today = today
        self.has_group = has_group
        self.has_period = has_period
        self.issues: list[FileIssue] = []
        self.rows: list[list[Any]] = []
        self.seen: dict[tuple[str, int | str | None], int] = {}

    def issue(self, row: int | None, column: str | None, sv: str, en: str) -> None:
        self.issues.append(FileIssue(Text(sv, en), row, column))

    def person(self, number: int, cells: dict[str, str]) -> str | None:
        if self.secret is not None:
            text = cells.get(IDENTITY, "").strip()
            if not text:
                self.issue(
                    number, IDENTITY, "personnumret saknas", "the identity number is missing"
                )
                return None
            try:
                return pseudonymise(parse_identity_number(text, today=self.today), self.secret)
            except IdentityNumberError as error:
                self.issue(number, IDENTITY, error.message.sv, error.message.en)
                return None
        text = cells.get(PERSON, "").strip()
        if not text:
            self.issue(number, PERSON, "personnyckeln saknas", "the person key is missing")
            return None
        try:
            parse_identity_number(text, today=self.today)
        except IdentityNumberError:
            return text
        self.issue(
            number,
            PERSON,
            "ett personnummer i klartext står där en pseudonym ska stå; döp kolumnen till "
            "”personnummer” så ersätts numren med pseudonymer vid inläsningen",
            "a personal identity number in clear stands where a pseudonym belongs; name the "
            "column “personnummer” to have the numbers replaced by pseudonyms on import",
        )
        return None

    def period(self, number: int, cells: dict[str, str]) -> int | str | None:
        if not self.has_period:
            return None
        text = cells.get(PERIOD, "").strip()
        if not text:
            self.issue(number, PERIOD, "perioden saknas", "the period is missing")
            return None
        return _period(text)

    def read(self, number: int, cells: dict[str, str]) -> None:
        person = self.person(number, cells)
        period = self.period(number, cells)
        if person is not None and (period is not None or not self.has_period):
            first = self.seen.setdefault((person, period), number)
            if first != number:
                column = IDENTITY if self.secret is not None else PERSON
                if self.has_period:
                    self.issue(
                        number,
                        column,
                        f"samma person och period som på rad {first}; en rad per person och period",
                        f"the same person and period as on row {first}; one row per person "
                        "and period",
                    )
                else:
                    self.issue(
                        number,
                        column,
                        f"samma person som på rad {first}; en rad per person",
                        f"the same person as on row {first}; one row per person",
                    )
        group_text = cells.get(GROUP, "").strip().lower() if self.has_group else "1"
        group: int | None = None
        if group_text in TREATED_WORDS:
            group = 1
        elif group_text in CONTROL_WORDS:
            group = 0
        else:
            self.issue(
                number,
                GROUP,
                f"”{group_text[:20]}” är ingen grupp; skriv 1 (insats) eller 0 (jämförelse)",
                f"“{group_text[:20]}” is not a group; write 1 (initiative) or 0 (comparison)",
            )
        values: list[float | None] = []
        for column in (OUTCOME, *self.covariates):
            text = cells.get(column, "").strip()
            if not text:
                self.issue(number, column, "värdet saknas", "the value is missing")
                values.append(None)
                continue
            try:
                values.append(_number(text))
            except ValueError:
                self.issue(
                    number,
                    column,
                    f"”{text[:20]}” är inget tal",
                    f"“{text[:20]}” is not a number",
                )
                values.append(None)
        outcome, *covariates = values
        periods = [period] if self.has_period else []
        self.rows.append([person, group, outcome, *periods, *covariates])


def read_records(
    data: bytes, name: str, organization: Organization, *, today: date | None = None
) -> Records:
    """Validate ``data`` (CSV or XLSX) and return pseudonymised :class:`Records`;
    :class:`FileError` naming every bad row and column otherwise."""
    table = read_table(data, name)
    header = [h.strip().lower() for h in table.header]
    problems: list[FileIssue] = []
    has_identity = IDENTITY in header
    if PERSON not in header and not has_identity:
        problems.append(
            FileIssue(
                Text(
                    "kolumnen saknas: person (pseudonym) eller personnummer",
                    "column missing: person (pseudonym) or personnummer",
                ),
                None,
                PERSON,
            )
        )
    if PERSON in header and has_identity:
        problems.append(
            FileIssue(
                Text(
                    "ange antingen person eller personnummer, inte båda",
                    "give either person or personnummer, not both",
                ),
                1,
            )
        )
    has_period = PERIOD in header
    required = (OUTCOME,) if has_period else (GROUP, OUTCOME)
    for column in required:
        if column not in header:
            problems.append(
                FileIssue(
                    Text("kolumnen saknas", "column missing from the header row"), None, column
                )
            )
    if problems:
        raise FileError(name, problems)
    covariates = [h for h in header if h and h not in KNOWN]
    reader = _Reader(
        covariates,
        secret_for(organization) if has_identity else None,
        today or timezone.localdate(),
        has_group=GROUP in header,
        has_period=has_period,
    )
    for row in table.rows:
        cells = {k.strip().lower(): (v or "") for k, v in row.values.items()}
        if not any(value.strip() for value in cells.values()):
            continue
        reader.read(row.number, cells)
        if len(reader.issues) >= MAX_ISSUES:
            break
    if not reader.issues:
        _check_groups(reader)
    if reader.issues:
        raise FileError(name, reader.issues)
    if has_period and not all(isinstance(record[3], int) for record in reader.rows):
        for record in reader.rows:
            record[3] = str(record[3])
    treated, control = _people(reader.rows)
    periods = [PERIOD] if has_period else []
    return Records([PERSON, GROUP, OUTCOME, *periods, *covariates], reader.rows, treated, control)


def _people(rows: list[list[Any]]) -> tuple[int, int]:
    """How many people are in the initiative group and in the comparison group."""
    treated = {row[0] for row in rows if row[1] == 1}
    control = {row[0] for row in rows if row[1] == 0}
    return len(treated), len(control)


def _check_groups(reader: _Reader) -> None:
    treated, control = _people(reader.rows)
    groups = [(treated, "insatsgruppen", "the initiative group")]
    if reader.has_group:
        groups.append((control, "jämförelsegruppen", "the comparison group"))
    if reader.has_period:
        periods = {row[3] for row in reader.rows}
        if len(periods) < 2:
            reader.issue(
                None,
                PERIOD,
                "alla rader har samma period; det behövs mätningar från minst två perioder",
                "every row has the same period; measurements from at least two periods are needed",
            )
    for count, sv, en in groups:
        if count < 2:
            reader.issue(
                None,
                GROUP,
                f"{sv} har {count} personer; det behövs minst 2 i varje grupp",
                f"{en} has {count} people; each group needs at least 2",
            )
