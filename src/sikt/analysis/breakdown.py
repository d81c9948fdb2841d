"""Breakdowns of a key indicator: by sex, by any other recorded dimension, by area (004 §3:
"bryt ner så många indikatorer som möjligt … kön, ålder, socioekonomisk status,
bostadsområden").

Each table has one row per category (women/men/total, an age band, a district) and one column
per period. Values resting on fewer than ``threshold`` individuals are hidden (the count is
known from the import); the sex table adds the gap women − men per period.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sikt.analysis.compare import Point, point_of
from sikt.analysis.store import IndicatorStore, IndicatorValue, area_level
from sikt.analysis.suppression import DEFAULT_THRESHOLD, check_threshold

SEX_LABELS = {"K": "Kvinnor", "M": "Män", "T": "Totalt"}


@dataclass(frozen=True, slots=True)
class BreakdownTable:
    """``cells[(category, period)]``; ``dimension`` is what the categories break down."""

    dimension: str
    categories: tuple[str, ...]
    labels: tuple[str, ...]
    periods: tuple[int, ...]
    cells: dict[tuple[str, int], Point]
    attribution: str = ""
    #: Women − men per period (sex table only), in the indicator's unit.
    differences: tuple[tuple[int, float | None], ...] = ()

    def cell(self, category: str, period: int) -> Point | None:
        return self.cells.get((category, period))

    def latest(self) -> int | None:
        """The last period with any shown value."""
        shown = [p for (_c, p), point in self.cells.items() if point.value is not None]
        return max(shown) if shown else None


def _table(
    dimension: str,
    values: Sequence[IndicatorValue],
    key: str,
    labels: dict[str, str],
    threshold: int,
    attribution: str,
) -> BreakdownTable:
    cells = {(getattr(v, key), v.period): point_of(v, threshold) for v in values}
    categories = tuple(dict.fromkeys(getattr(v, key) for v in values))
    periods = tuple(sorted({v.period for v in values}))
    shown = attribution if any(v.origin == "kolada" for v in values) else ""
    return BreakdownTable(
        dimension,
        categories,
        tuple(labels.get(c, c) for c in categories),
        periods,
        cells,
        shown,
    )


def by_sex(
    store: IndicatorStore,
    indicator_id: str,
    area_code: str,
    *,
    threshold: int = DEFAULT_THRESHOLD,
) -> BreakdownTable | None:
    """Women, men and total per period; None when the indicator is not split by sex here."""
    check_threshold(threshold)
    definition = store.definition(indicator_id)
    values = store.values(indicator_id, areas=[area_code])
    if not any(v.sex in ("K", "M") for v in values):
        return None
    order = {"K": 0, "M": 1, "T": 2}
    values.sort(key=lambda v: (order[v.sex], v.period))
    table = _table(
        "Kön",
        values,
        "sex",
        SEX_LABELS,
        threshold,
        definition.attribution if definition else "",
    )
    differences: list[tuple[int, float | None]] = []
    for period in table.periods:
        women, men = table.cell("K", period), table.cell("M", period)
        if women and men and women.value is not None and men.value is not None:
            differences.append((period, women.value - men.value))
        else:
            differences.append((period, None))
    return BreakdownTable(
        table.dimension,
        table.categories,
        table.labels,
        table.periods,
        table.cells,
        table.attribution,
        tuple(differences),
    )


def by_dimension(
    store: IndicatorStore,
    indicator_id: str,
    area_code: str,
    dimension: str,
    *,
    sex: str = "T",
    threshold: int = DEFAULT_THRESHOLD,
) -> BreakdownTable:
    """The categories of one recorded breakdown (e.g. ``Åldersgrupp``) per period."""
    check_threshold(threshold)
    definition = store.definition(indicator_id)
    values = [
        v
        for v in store.values(indicator_id, areas=[area_code], sex=sex, dimension=dimension)
        if v.category
    ]
    values.sort(key=lambda v: (v.category, v.period))
    return _table(
        dimension, values, "category", {}, threshold, definition.attribution if definition else ""
    )


def by_area(
    store: IndicatorStore,
    indicator_id: str,
    *,
    level: str = "local",
    sex: str = "T",
    threshold: int = DEFAULT_THRESHOLD,
) -> BreakdownTable:
    """The indicator for every area of ``level`` (``local`` = the organisation's own areas)."""
    check_threshold(threshold)
    definition = store.definition(indicator_id)
    names = {code: area.name for code, area in store.areas().items()}
    values = [v for v in store.values(indicator_id, sex=sex) if area_level(v.area_code) == level]
    values.sort(key=lambda v: (v.area_code, v.period))
    return _table(
        "Område",
        values,
        "area_code",
        names,
        threshold,
        definition.attribution if definition else "",
    )


def breakdowns(
    store: IndicatorStore,
    indicator_id: str,
    area_code: str,
    *,
    threshold: int = DEFAULT_THRESHOLD,
) -> list[BreakdownTable]:
    """Every breakdown recorded for ``area_code``: sex first, then each further dimension."""
    tables = []
    sex = by_sex(store, indicator_id, area_code, threshold=threshold)
    if sex is not None:
        tables.append(sex)
    for dimension in store.dimensions(indicator_id):
        table = by_dimension(store, indicator_id, area_code, dimension, threshold=threshold)
        if table.categories:
            tables.append(table)
    return tables
