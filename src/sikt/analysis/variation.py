"""Variation, not only averages (004 §3): distributions per group from individual-level data.

A key indicator is a mean; behind it may hide groups that only a breakdown shows ("bakom
medelvärdet döljer sig då eventuellt särskilda grupper"). From one measured value per person
(e.g. a pupil's merit value) and up to three grouping columns (age band × sex × area) this
module gives, for every cell of the cross-classification and every margin:

* the number of persons ``n``, the mean and the standard deviation (sample, n − 1);
* percentiles (P10, P25, median, P75, P90; linear interpolation, ``quantile_cont``);
* the number and share below a cut-off and at or above it (e.g. below the pass mark);
* the cells whose mean lies furthest from the overall mean — the groups hidden behind it.

Protection of individuals: the counts form a table with margins that is suppressed with
secondary suppression (:func:`sikt.analysis.suppression.suppress`); a suppressed cell shows
nothing at all (no mean, no percentile). The below/at-or-above counts are suppressed as a
table of their own (cells × side). A percentile is published only when at least ``threshold``
persons lie on each side of it (``n·q ≥ threshold`` and ``n·(1 − q) ≥ threshold``), so that no
published percentile is one individual's value in a small group. Minimum and maximum are never
published.

The aggregations are Ibis expressions (DuckDB here, unchanged on Spark for national
registers), one ``group_by`` per subset of the grouping columns.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import ibis
import ibis.expr.types as ir

from sikt.analysis.suppression import DEFAULT_THRESHOLD, TOTAL, check_threshold, suppress

QUANTILES = (0.1, 0.25, 0.5, 0.75, 0.9)
MAX_DIMENSIONS = 3
MAX_CATEGORIES = 60
BELOW, ABOVE = "under", "över"

Key = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class GroupStats:
    """One cell (``TOTAL`` in a margin's dimensions); every figure None when suppressed."""

    key: Key
    n: int | None
    suppressed: bool
    mean: float | None
    sd: float | None
    percentiles: tuple[tuple[float, float | None], ...]
    below: int | None = None
    at_or_above: int | None = None

    @property
    def share_below(self) -> float | None:
        if self.below is None or not self.n:
            return None
        return self.below / self.n

    @property
    def share_at_or_above(self) -> float | None:
        if self.at_or_above is None or not self.n:
            return None
        return self.at_or_above / self.n

    @property
    def is_total(self) -> bool:
        return all(part == TOTAL for part in self.key)

    @property
    def is_interior(self) -> bool:
        return TOTAL not in self.key


@dataclass(frozen=True, slots=True)
class Distribution:
    value: str
    dimensions: tuple[str, ...]
    categories: tuple[tuple[str, ...], ...]
    threshold: int
    cut: float | None
    groups: tuple[GroupStats, ...]

    def group(self, *key: str) -> GroupStats:
        return next(g for g in self.groups if g.key == tuple(key))

    @property
    def total(self) -> GroupStats:
        return self.group(*([TOTAL] * len(self.dimensions)))


@dataclass(frozen=True, slots=True)
class HiddenGroup:
    """An interior cell and how far its mean lies from the overall mean."""

    key: Key
    n: int
    mean: float
    difference: float


def _check(table: ir.Table, value: str, by: Sequence[str]) -> None:
    columns = set(table.columns)
    missing = [c for c in (value, *by) if c not in columns]
    if missing:
        raise ValueError(f"no such column: {', '.join(missing)}")
    if not 1 <= len(by) <= MAX_DIMENSIONS:
        raise ValueError(f"group by one to {MAX_DIMENSIONS} columns")
    if len(set(by)) != len(by) or value in by:
        raise ValueError("each grouping column once, and not the value itself")


def _records(expr: ir.Table) -> list[dict[str, Any]]:
    frame = expr.execute()
    return [
        {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in row.items()}
        for row in frame.to_dict(orient="records")
    ]


def _aggregate(table: ir.Table, value: str, subset: Sequence[str], cut: float | None) -> ir.Table:
    column = table[value]
    metrics: dict[str, Any] = {
        "n": table.count(),
        "mean": column.mean(),
        "sd": column.std(),
    }
    for index, q in enumerate(QUANTILES):
        metrics[f"q{index}"] = column.quantile(q)
    if cut is not None:
        metrics["below"] = (column < cut).cast("int64").sum()
    if subset:
        return table.group_by(list(subset)).agg(**metrics)
    return table.agg(**metrics)


def _categories(table: ir.Table, by: Sequence[str]) -> list[tuple[str, ...]]:
    categories = []
    for name in by:
        found = sorted(str(r[name]) for r in _records(table.select(name).distinct()))
        if len(found) > MAX_CATEGORIES:
            raise ValueError(f"{name}: more than {MAX_CATEGORIES} categories")
        if TOTAL in found:
            raise ValueError(f"{name}: the category {TOTAL!r} is reserved for margins")
        categories.append(tuple(found))
    return categories


def distribution(
    table: ir.Table,
    value: str,
    by: Sequence[str],
    *,
    cut: float | None = None,
    threshold: int = DEFAULT_THRESHOLD,
) -> Distribution:
    """The distribution of ``value`` per cell of ``by`` (and every margin), suppressed.

    ``table`` has one row per person; rows with a missing value or grouping are left out.
    """
    check_threshold(threshold)
    _check(table, value, by)
    table = table.filter(table[value].notnull(), *[table[name].notnull() for name in by]).mutate(
        **{name: table[name].cast("string") for name in by}
    )
    categories = _categories(table, by)
    rows: dict[Key, dict[str, Any]] = {}
    for size in range(len(by) + 1):
        for subset in itertools.combinations(by, size):
            for record in _records(_aggregate(table, value, subset, cut)):
                key = tuple(str(record[d]) if d in subset else TOTAL for d in by)
                rows[key] = record
    counts = {key: int(r["n"]) for key, r in rows.items() if TOTAL not in key}
    hidden = suppress(counts, categories, dimensions=by, threshold=threshold)
    sides = _sides(rows, categories, by, cut, threshold)
    groups = []
    for key, cell in sorted(hidden.cells.items()):
        found = rows.get(key)
        if cell.suppressed or found is None or cell.count == 0:
            groups.append(
                GroupStats(key, None if cell.suppressed else 0, cell.suppressed, None, None, ())
            )
            continue
        n, record = cell.count, found
        percentiles = tuple(
            (q, _float(record[f"q{i}"]) if min(n * q, n * (1 - q)) >= threshold else None)
            for i, q in enumerate(QUANTILES)
        )
        below, above = sides.get(key, (None, None))
        groups.append(
            GroupStats(
                key,
                n,
                False,
                _float(record["mean"]),
                _float(record["sd"]) if n > 1 else None,
                percentiles,
                below,
                above,
            )
        )
    return Distribution(value, tuple(by), tuple(categories), threshold, cut, tuple(groups))


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def _sides(
    rows: dict[Key, dict[str, Any]],
    categories: list[tuple[str, ...]],
    by: Sequence[str],
    cut: float | None,
    threshold: int,
) -> dict[Key, tuple[int | None, int | None]]:
    """Below / at-or-above counts per cell, suppressed as a table (cells × side)."""
    if cut is None:
        return {}
    counts: dict[Key, int] = {}
    for key, record in rows.items():
        if TOTAL in key:
            continue
        below = int(record["below"] or 0)
        counts[(*key, BELOW)] = below
        counts[(*key, ABOVE)] = int(record["n"]) - below
    table = suppress(
        counts, [*categories, (BELOW, ABOVE)], dimensions=[*by, "side"], threshold=threshold
    )
    result: dict[Key, tuple[int | None, int | None]] = {}
    for key in rows:
        result[key] = (table.cell(*key, BELOW).shown, table.cell(*key, ABOVE).shown)
    return result


def hidden_groups(result: Distribution, *, limit: int = 10) -> list[HiddenGroup]:
    """Interior cells furthest from the overall mean (only published cells), furthest first."""
    overall = result.total.mean
    if overall is None:
        return []
    found = [
        HiddenGroup(g.key, g.n, g.mean, g.mean - overall)
        for g in result.groups
        if g.is_interior and g.n and g.mean is not None and not g.suppressed
    ]
    found.sort(key=lambda g: (-abs(g.difference), g.key))
    return found[:limit]


def age_band(age: int, bands: Sequence[int] = (0, 6, 13, 16, 18, 21, 25, 45, 65)) -> str:
    """An age as a band ``13–15``; the last band is open (``65+``)."""
    if age < 0:
        raise ValueError("age below zero")
    for low, high in itertools.pairwise(bands):
        if low <= age < high:
            return f"{low}–{high - 1}"
    return f"{bands[-1]}+"


def memory_table(columns: dict[str, list[Any]]) -> ir.Table:
    """An in-memory Ibis table on DuckDB (tests, small uploads)."""
    return ibis.memtable(columns)
