"""Indicator values from a CSV or Excel file into one report — validated, all or nothing.

One row per value. Columns (Swedish names, any order, case does not matter):

==============  ==========================================================================
``indikator``   the indicator's name as in the logic model
``period``      ``2026-03`` (a month), a date in the period (``2026-03-31``), or empty
                when the report asks for one period of the indicator
``värde``       the number, typed as in Sikt (``1 200``, ``12,5``, ``−3``)
``nedbrytning`` optional: the breakdown (``kön``, ``åldersgrupp``, ``område`` …); empty for
                the total
``grupp``       the group of the breakdown (``flickor``, ``13–15 år``, ``Norra``)
``kommentar``   optional, for the total
==============  ==========================================================================

Rows without a value are skipped (a template's unused rows). Every row is checked before
anything is written; a file with any error writes nothing and every
error names the row and column (:class:`sikt.files.FileError`), in Swedish and English.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import translation

from sikt.files import FileError, FileIssue, read_table
from sikt.numbers import NumberError, parse_number
from sikt.text import Text
from sikt.web.design.models import Disaggregation, Indicator
from sikt.web.followup.models import OTHER_DIMENSION, ProgressReport
from sikt.web.followup.selectors.expected import (
    ExpectedRow,
    PartInput,
    ValueInput,
    check_value,
    declared_dimensions,
    expected_rows,
    indicators_of,
)
from sikt.web.followup.services.reports import report_values_save

COLUMNS = ("indikator", "period", "värde", "nedbrytning", "grupp", "kommentar")
REQUIRED = ("indikator", "värde")


@dataclass
class _Total:
    row: int
    item: ValueInput


def _dimension_names() -> dict[str, str]:
    """Every way a breakdown may be named in a file → its key (Swedish, English, key)."""
    names = {}
    for key, label in Disaggregation.choices:
        names[key.lower()] = key
        for language in ("sv", "en"):
            with translation.override(language):
                names[str(label).lower()] = key
    names.update({"kön": Disaggregation.SEX, "ålder": Disaggregation.AGE_BAND})
    return names


def _period(text: str, rows: list[ExpectedRow]) -> ExpectedRow | None:
    text = text.strip()
    if not text:
        return rows[0] if len(rows) == 1 else None
    for row in rows:
        start, end = row.period_start, row.period_end
        if text in {f"{start:%Y-%m}", f"{end:%Y-%m}", start.isoformat(), end.isoformat()}:
            return row
        if len(text) == 4 and text == str(end.year) and start.year == end.year:
            return row
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        return None
    return next((row for row in rows if row.period_start <= day <= row.period_end), None)


class _Reader:
    def __init__(self, report: ProgressReport) -> None:
        indicators = indicators_of(report.initiative)
        self.by_name = {i.name.strip().lower(): i for i in indicators}
        self.expected: dict[int, list[ExpectedRow]] = {}
        for row in expected_rows(report, indicators):
            self.expected.setdefault(row.indicator.pk, []).append(row)
        self.dimensions = _dimension_names()
        self.issues: list[FileIssue] = []
        self.totals: dict[tuple[int, dt.date], _Total] = {}
        self.parts: list[tuple[int, tuple[int, dt.date], PartInput]] = []

    def issue(self, row: int, column: str, sv: str, en: str) -> None:
        self.issues.append(FileIssue(Text(sv, en), row, column))

    def read(self, number: int, cells: dict[str, str]) -> None:
        name = cells.get("indikator", "").strip()
        indicator = self.by_name.get(name.lower())
        if indicator is None:
            self.issue(
                number,
                "indikator",
                f"okänd indikator ”{name}”; använd ett namn från logikmodellen",
                f"unknown indicator “{name}”; use a name from the logic model",
            )
            return
        expected = _period(cells.get("period", ""), self.expected.get(indicator.pk, []))
        if expected is None:
            shown = cells.get("period", "").strip() or "(tom)"
            self.issue(
                number,
                "period",
                f"rapporten frågar inte efter ”{indicator.name}” för perioden {shown}",
                f"the report does not ask for “{indicator.name}” for the period {shown}",
            )
            return
        value = self._number(number, cells.get("värde", ""))
        if value is None:
            return
        key = (indicator.pk, expected.period_start)
        dimension_text = cells.get("nedbrytning", "").strip()
        if not dimension_text:
            self._total(number, key, indicator, value, cells.get("kommentar", ""))
            return
        self._part(number, key, indicator, dimension_text, cells.get("grupp", ""), value)

    def _number(self, number: int, text: str) -> Decimal | None:
        try:
            return parse_number(text)
        except NumberError as error:
            self.issues.append(FileIssue(error.message, number, "värde"))
            return None

    def _total(
        self,
        number: int,
        key: tuple[int, dt.date],
        indicator: Indicator,
        value: Decimal,
        comment: str,
    ) -> None:
        if key in self.totals:
            self.issue(
                number,
                "värde",
                f"värdet för ”{indicator.name}” och perioden finns redan på rad "
                f"{self.totals[key].row}",
                f"the value for “{indicator.name}” and the period is already on row "
                f"{self.totals[key].row}",
            )
            return
        self.totals[key] = _Total(number, ValueInput(indicator.pk, key[1], value, comment=comment))

    def _part(
        self,
        number: int,
        key: tuple[int, dt.date],
        indicator: Indicator,
        dimension_text: str,
        group: str,
        value: Decimal,
    ) -> None:
        declared = declared_dimensions(indicator)
        dimension = self.dimensions.get(dimension_text.lower())
        if dimension is None and dimension_text.lower() in (
            label.lower() for key_, label in declared.items() if key_ == OTHER_DIMENSION
        ):
            dimension = OTHER_DIMENSION
        if dimension not in declared:
            allowed = ", ".join(declared.values()) or "–"
            self.issue(
                number,
                "nedbrytning",
                f"”{indicator.name}” bryts inte ned på ”{dimension_text}” (deklarerat: {allowed})",
                f"“{indicator.name}” is not broken down by “{dimension_text}” "
                f"(declared: {allowed})",
            )
            return
        if not group.strip():
            self.issue(number, "grupp", "ange gruppen", "give the group")
            return
        self.parts.append((number, key, PartInput(dimension or "", group.strip(), value)))

    def inputs(self, indicators: dict[int, Indicator]) -> list[ValueInput]:
        for number, key, part in self.parts:
            total = self.totals.get(key)
            if total is None:
                self.issue(
                    number,
                    "nedbrytning",
                    "ge totalvärdet (en rad utan nedbrytning) för indikatorn och perioden",
                    "give the total (a row without breakdown) for the indicator and period",
                )
                continue
            total.item.parts.append(part)
        for total in self.totals.values():
            indicator = indicators[total.item.indicator_id]
            with translation.override("sv"):
                swedish = check_value(indicator, total.item)[1]
            with translation.override("en"):
                english = check_value(indicator, total.item)[1]
            for sv, en in zip(swedish, english, strict=True):
                self.issues.append(FileIssue(Text(sv, en), total.row, "värde"))
        return [total.item for total in self.totals.values()]


def _normalised(cells: dict[str, str]) -> dict[str, str]:
    return {key.strip().lower(): (value or "") for key, value in cells.items()}


def read_values(data: bytes, name: str, report: ProgressReport) -> list[ValueInput]:
    """The file's values for ``report``; :class:`FileError` naming every bad row and column."""
    table = read_table(data, name)
    header = {column.strip().lower() for column in table.header}
    missing = [column for column in REQUIRED if column not in header]
    if missing:
        raise FileError(
            name,
            [
                FileIssue(
                    Text("kolumnen saknas i rubrikraden", "column missing from the header row"),
                    1,
                    column,
                )
                for column in missing
            ],
        )
    reader = _Reader(report)
    for row in table.rows:
        cells = _normalised(row.values)
        if cells.get("värde", "").strip():
            reader.read(row.number, cells)
    inputs = reader.inputs({i.pk: i for i in indicators_of(report.initiative)})
    if reader.issues:
        raise FileError(name, reader.issues)
    if not inputs:
        raise FileError.whole(name, "filen har inga värden", "the file has no values")
    return inputs


def import_values(*, actor: Any, report: ProgressReport, data: bytes, name: str) -> int:
    """Read and save the file's values in one transaction; returns how many were saved."""
    inputs = read_values(data, name, report)
    report_values_save(actor=actor, report=report, values=inputs)
    return len(inputs)


def template_rows(report: ProgressReport) -> Iterable[list[str]]:
    """A filled-in header and one row per asked-for value (for the downloadable template)."""
    yield list(COLUMNS)
    for row in expected_rows(report, indicators_of(report.initiative)):
        period = (
            f"{row.period_start:%Y-%m}"
            if row.period_start.day == 1
            else (row.period_end.isoformat())
        )
        yield [row.indicator.name, period, "", "", "", ""]
        for label in declared_dimensions(row.indicator).values():
            yield [row.indicator.name, period, "", label.lower(), "", ""]
