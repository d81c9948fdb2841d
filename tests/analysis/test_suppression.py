"""Small-cell suppression: no hidden cell can be computed from what is published.

The check is independent of the algorithm: for every hidden cell a linear programme
(scipy.optimize.linprog) finds the smallest and largest value it can take given the published
cells, the table's additivity and non-negativity; a cell is safe when that interval is wider
than one (more than one count fits).
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.linalg import null_space
from scipy.optimize import linprog

from sikt.analysis.suppression import (
    TOTAL,
    SuppressedTable,
    check_threshold,
    constraints,
    full_table,
    recoverable,
    suppress,
)


def _interval(table: SuppressedTable, key: tuple[str, ...]) -> tuple[float, float]:
    hidden = sorted(table.suppressed_keys)
    index = {k: i for i, k in enumerate(hidden)}
    rows, rhs = [], []
    cats = table.categories
    for dim, dim_cats in enumerate(cats):
        for total in table.cells:
            if total[dim] != TOTAL:
                continue
            line = [(*total[:dim], c, *total[dim + 1 :]) for c in dim_cats]
            row = np.zeros(len(hidden))
            constant = 0.0
            for sign, k in [(1.0, total)] + [(-1.0, p) for p in line]:
                if k in index:
                    row[index[k]] += sign
                else:
                    constant -= sign * table.cells[k].count
            rows.append(row)
            rhs.append(constant)
    objective = np.zeros(len(hidden))
    objective[index[key]] = 1.0
    bounds = [(0, None)] * len(hidden)
    low = linprog(objective, A_eq=rows, b_eq=rhs, bounds=bounds, method="highs")
    high = linprog(-objective, A_eq=rows, b_eq=rhs, bounds=bounds, method="highs")
    assert low.status == 0 and high.status in (0, 3)  # 3: unbounded above (nothing pins it)
    return low.fun, (-high.fun if high.status == 0 else float("inf"))


def _assert_safe(table: SuppressedTable) -> None:
    for key, cell in table.cells.items():
        if 0 < cell.count < table.threshold:
            assert cell.suppressed, f"small cell {key}={cell.count} published"
    for key in table.suppressed_keys:
        low, high = _interval(table, key)
        assert high - low >= 1 - 1e-6, f"hidden cell {key} recoverable: [{low}, {high}]"
        assert low - 1e-6 <= table.cells[key].count <= high + 1e-6


def test_one_small_cell_in_a_row_takes_a_second_cell_with_it() -> None:
    counts = {("Kvinnor",): 3, ("Män",): 40, ("Annat",): 12}
    table = suppress(counts, [["Kvinnor", "Män", "Annat"]])
    assert table.cell("Kvinnor").suppressed and table.cell("Kvinnor").primary
    assert table.cell("Annat").suppressed and not table.cell("Annat").primary
    assert not table.cell("Män").suppressed
    assert table.cell(TOTAL).shown == 55
    _assert_safe(table)


def test_two_by_two_with_one_small_cell_hides_a_rectangle() -> None:
    counts = {("a", "x"): 2, ("a", "y"): 10, ("b", "x"): 20, ("b", "y"): 30}
    table = suppress(counts, [["a", "b"], ["x", "y"]])
    # Each row and column then holds two hidden cells; the margins stay published.
    assert table.suppressed_keys == {("a", "x"), ("a", "y"), ("b", "x"), ("b", "y")}
    _assert_safe(table)


def test_zero_is_published_and_large_tables_are_untouched() -> None:
    table = suppress({("a",): 0, ("b",): 7}, [["a", "b"]])
    assert table.suppressed_keys == set()
    assert table.cell("a").shown == 0


def test_threshold_is_configurable_but_never_below_three() -> None:
    table = suppress({("a",): 7, ("b",): 30, ("c",): 40}, [["a", "b", "c"]], threshold=10)
    assert table.cell("a").suppressed
    assert check_threshold(3) == 3
    for bad in (2, 0, -5):
        with pytest.raises(ValueError, match="below 3"):
            suppress({("a",): 1}, [["a"]], threshold=bad)


def test_reserved_total_category() -> None:
    with pytest.raises(ValueError, match="reserved"):
        suppress({(TOTAL,): 3}, [[TOTAL]])


@st.composite
def tables(draw: st.DrawFn) -> tuple[dict[tuple[str, ...], int], list[list[str]]]:
    shape = draw(st.lists(st.integers(1, 4), min_size=1, max_size=3))
    categories = [[f"c{d}{i}" for i in range(size)] for d, size in enumerate(shape)]
    small = st.integers(0, 6)
    anything = st.one_of(small, st.integers(0, 60))
    counts = {key: draw(anything) for key in itertools.product(*categories)}
    return counts, categories


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables(), st.integers(3, 8))
def test_no_suppressed_cell_is_recoverable_from_the_published_margins(
    drawn: tuple[dict[tuple[str, ...], int], list[list[str]]], threshold: int
) -> None:
    counts, categories = drawn
    table = suppress(counts, categories, threshold=threshold)
    _assert_safe(table)
    published = {k: c.shown for k, c in table.cells.items() if not c.suppressed}
    for key, shown in published.items():
        assert shown == table.cells[key].count


@settings(max_examples=100, deadline=None)
@given(tables(), st.data())
def test_recoverable_cells_are_those_the_null_space_pins(
    drawn: tuple[dict[tuple[str, ...], int], list[list[str]]], data: st.DataObject
) -> None:
    """The row-space test of :func:`recoverable` against its definition, with scipy's null
    space: a hidden cell is recoverable exactly when every solution of the lines has the same
    value there (row of the null-space basis zero)."""
    counts, categories = drawn
    keys = list(full_table(counts, categories))
    hidden = data.draw(st.sets(st.sampled_from(keys), min_size=1))
    lines = constraints(keys, categories)
    order = sorted(hidden)
    rows = []
    for total, *parts in lines:
        row = np.zeros(len(order))
        for sign, key in [(1.0, total)] + [(-1.0, part) for part in parts]:
            if key in hidden:
                row[order.index(key)] += sign
        if row.any():
            rows.append(row)
    null = null_space(np.array(rows)) if rows else np.eye(len(order))
    pinned = {key for i, key in enumerate(order) if np.all(np.abs(null[i]) < 1e-9)}
    assert recoverable(hidden, lines) == pinned


def test_a_hidden_zero_on_a_zero_line_is_not_what_protects_a_small_cell() -> None:
    """Found by Hypothesis: in this 2 × 3 table the first column is all zeros. Hiding those
    zeros protects nothing, since counts are never negative and the column sums to zero, so
    the table must be protected by cells whose value an intruder cannot bound."""
    counts = {
        ("c00", "c10"): 0, ("c00", "c11"): 0, ("c00", "c12"): 3,
        ("c01", "c10"): 0, ("c01", "c11"): 1, ("c01", "c12"): 2,
    }  # fmt: skip
    table = suppress(counts, [["c00", "c01"], ["c10", "c11", "c12"]], threshold=3)
    _assert_safe(table)
    assert table.cell("c01", "c11").suppressed and table.cell("c01", "c12").suppressed
