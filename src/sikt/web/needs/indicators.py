"""Reading the organisation's indicator store for pages: the indicator list with value counts,
the area choices and a comparison with its chart (``sikt.analysis.compare`` /
``sikt.analysis.breakdown`` do the work; this module only shapes it for a page)."""

from __future__ import annotations

import io
import math
from dataclasses import dataclass

from sikt import charts
from sikt.analysis.areagroups import area_groups, groups_with
from sikt.analysis.breakdown import BreakdownTable, breakdowns
from sikt.analysis.compare import Comparison, Point, compare
from sikt.analysis.store import IndicatorDefinition, IndicatorStore
from sikt.files import xlsx_row
from sikt.web.accounts.models import Organization


@dataclass(frozen=True)
class IndicatorRow:
    definition: IndicatorDefinition
    values: int
    periods: str


def indicator_rows(store: IndicatorStore) -> list[IndicatorRow]:
    """Every defined indicator with how many values and which periods the store holds."""
    with store.connect() as con:
        counts = {
            row[0]: (int(row[1]), row[2], row[3])
            for row in con.execute(
                "SELECT indicator_id, count(*), min(period), max(period) FROM indicator_value "
                "GROUP BY indicator_id"
            ).fetchall()
        }
    rows = []
    for definition in store.definitions():
        n, first, last = counts.get(definition.id, (0, None, None))
        span = "" if first is None else (str(first) if first == last else f"{first}–{last}")
        rows.append(IndicatorRow(definition, n, span))
    return rows


def own_area(organization: Organization) -> str:
    """The organisation's area in Kolada's codes: a municipality as is, a region as 00NN."""
    code = organization.municipality_code or ""
    return f"00{code}" if len(code) == 2 else code


def area_choices(store: IndicatorStore, indicator_id: str | None) -> list[tuple[str, str]]:
    """Areas with values (of ``indicator_id`` when given), named where the store knows them."""
    names = {code: area.name for code, area in store.areas().items()}
    with store.connect() as con:
        query = "SELECT DISTINCT area_code FROM indicator_value"
        params: list[str] = []
        if indicator_id:
            query += " WHERE indicator_id = ?"
            params.append(indicator_id)
        codes = sorted(row[0] for row in con.execute(query + " ORDER BY 1", params).fetchall())
    return [(code, f"{names[code]} ({code})" if code in names else code) for code in codes]


def group_choices(store: IndicatorStore, area_code: str | None) -> list[tuple[str, str]]:
    """Every group in the store, those the area belongs to first."""
    own = {group.id for group in groups_with(store, area_code)} if area_code else set()
    groups = sorted(area_groups(store), key=lambda group: (group.id not in own, group.title))
    return [(group.id, group.title) for group in groups]


def comparison_of(
    store: IndicatorStore, indicator_id: str, area_code: str, sex: str, group_id: str | None
) -> tuple[Comparison, list[BreakdownTable]]:
    result = compare(store, indicator_id, area_code, sex=sex, group_id=group_id or None)
    return result, breakdowns(store, indicator_id, area_code)


def show_unit(result: Comparison) -> bool:
    """Name the unit unless the title already ends with it (Kolada's titles do)."""
    unit = result.indicator.unit
    return bool(unit) and not result.indicator.title.endswith(f"({unit})")


def comparison_chart(result: Comparison, title: str, year_label: str) -> charts.BarChart:
    """The comparison over time as grouped bars per year (SVG), hidden values left out."""
    label = result.indicator.title
    if show_unit(result):
        label = f"{label} ({result.indicator.unit})"
    series = tuple(
        (
            s.label,
            tuple(
                math.nan if (point := s.at(period)) is None or point.value is None else point.value
                for period in result.periods
            ),
        )
        for s in result.series
    )
    return charts.BarChart(
        title=title,
        categories=tuple(str(period) for period in result.periods),
        series=series,
        value_label=label,
        category_label=year_label,
        money=False,
    )


@dataclass(frozen=True)
class TableRow:
    label: str
    cells: list[Point | None]
    attribution: str = ""
    #: Computed by Sikt (a group mean): shown rounded, never with a source attribution.
    derived: bool = False


def series_rows(result: Comparison) -> list[TableRow]:
    """One row per compared series, one cell per year of the comparison."""
    return [
        TableRow(s.label, [s.at(period) for period in result.periods], s.attribution, s.derived)
        for s in result.series
    ]


def breakdown_rows(table: BreakdownTable) -> list[TableRow]:
    return [
        TableRow(label, [table.cell(category, period) for period in table.periods])
        for category, label in zip(table.categories, table.labels, strict=True)
    ]


def comparison_xlsx(result: Comparison, series_label: str, source_label: str) -> bytes:
    """The values per year as an XLSX sheet (text as string cells, never formulas); hidden
    values stay empty, and Kolada's attribution is kept on its own series only."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = result.indicator.id[:31]
    sheet.append(xlsx_row(sheet, [result.indicator.title, result.indicator.unit]))
    sheet.append(xlsx_row(sheet, [series_label, *result.periods, source_label]))
    for row in series_rows(result):
        cells = [None if p is None or p.value is None else p.value for p in row.cells]
        sheet.append(xlsx_row(sheet, [row.label, *cells, row.attribution]))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
