"""Small-cell suppression of aggregates from individual-level data, with secondary suppression.

A count below the threshold (default 5, never below 3) could identify a person and is hidden
(*primary* suppression; zero is published, it identifies nobody). Publishing the margins of a
table (row and column totals, the grand total) could still give a hidden cell away by
subtraction, so further cells are hidden (*secondary* or complementary suppression) until no
hidden cell can be computed exactly from the published cells and the table's additivity.

Method: every table is a full cross-classification with a "total" category in each dimension,
so each line ``total = Σ categories`` is a linear constraint. A hidden cell is recoverable
exactly when its unit vector lies in the row space of the constraint matrix restricted to the
hidden cells, i.e. when the null space of that matrix is zero in the cell's coordinate. First
every line with a single hidden cell gets a second one (the smallest published cell on it),
then the rank test finds the rarer patterns the line rule misses — the usual heuristics of
statistical disclosure control (Hundepool et al., *Statistical Disclosure Control*, Wiley
2012, ch. 4.4). Counts are never negative, which an intruder uses too: where a zero is hidden,
the feasibility interval of every hidden cell is checked as well (:func:`narrowed_by_sign`).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.linalg import null_space, svd
from scipy.optimize import linprog

DEFAULT_THRESHOLD = 5
MINIMUM_THRESHOLD = 3
TOTAL = "Totalt"

Key = tuple[str, ...]


def check_threshold(threshold: int) -> int:
    """``threshold`` if allowed (an integer ≥ 3), else ``ValueError``."""
    if isinstance(threshold, bool) or not isinstance(threshold, int):
        raise ValueError("the suppression threshold must be an integer")
    if threshold < MINIMUM_THRESHOLD:
        raise ValueError(f"the suppression threshold may not be below {MINIMUM_THRESHOLD}")
    return threshold


@dataclass(frozen=True, slots=True)
class Cell:
    """One published cell: its categories (``TOTAL`` on a margin), count, and whether hidden."""

    key: Key
    count: int
    suppressed: bool
    primary: bool

    @property
    def shown(self) -> int | None:
        """The count as published: ``None`` when suppressed."""
        return None if self.suppressed else self.count


@dataclass(frozen=True, slots=True)
class SuppressedTable:
    dimensions: tuple[str, ...]
    categories: tuple[tuple[str, ...], ...]
    cells: dict[Key, Cell]
    threshold: int

    def cell(self, *key: str) -> Cell:
        return self.cells[tuple(key)]

    @property
    def suppressed_keys(self) -> set[Key]:
        return {key for key, cell in self.cells.items() if cell.suppressed}


def full_table(counts: Mapping[Key, int], categories: Sequence[Sequence[str]]) -> dict[Key, int]:
    """All interior cells (missing = 0) plus every margin, keyed with ``TOTAL`` on margins."""
    axes = [[*cats, TOTAL] for cats in categories]
    table: dict[Key, int] = {}
    for key in itertools.product(*axes):
        interior = [[c] if c != TOTAL else list(categories[d]) for d, c in enumerate(key)]
        table[key] = sum(counts.get(k, 0) for k in itertools.product(*interior))
    return table


def constraints(keys: Sequence[Key], categories: Sequence[Sequence[str]]) -> list[list[Key]]:
    """Additivity lines ``[total, part₁, part₂, …]`` of a full table with margins."""
    lines: list[list[Key]] = []
    known = set(keys)
    for dim, cats in enumerate(categories):
        for key in keys:
            if key[dim] != TOTAL:
                continue
            parts = [(*key[:dim], c, *key[dim + 1 :]) for c in cats]
            if all(p in known for p in parts):
                lines.append([key, *parts])
    return lines


def _hidden_lines(
    index: Mapping[Key, int], lines: Sequence[Sequence[Key]], values: Mapping[Key, int]
) -> tuple[list[npt.NDArray[np.float64]], list[float]]:
    """The lines through hidden cells as equations over them: ``rows · x = rhs``, with each
    line's published cells moved to the right-hand side (``total − Σ parts = 0``)."""
    rows, rhs = [], []
    for line in lines:
        if not any(k in index for k in line):
            continue
        row, constant = np.zeros(len(index)), 0.0
        for sign, key in [(1.0, line[0])] + [(-1.0, part) for part in line[1:]]:
            if key in index:
                row[index[key]] += sign
            else:
                constant -= sign * values.get(key, 0)
        rows.append(row)
        rhs.append(constant)
    return rows, rhs


def recoverable(hidden: set[Key], lines: Sequence[Sequence[Key]]) -> set[Key]:
    """Hidden cells whose exact value follows from the published cells and the lines."""
    index = {key: i for i, key in enumerate(sorted(hidden))}
    rows, _rhs = _hidden_lines(index, lines, {})
    if not rows:
        return set()
    # x = x₀ + N·t: cell i is fixed by the constraints exactly when row i of the null space
    # basis N is zero, i.e. when its unit vector lies in the row space of the constraints —
    # when projecting it onto the row space keeps its length. The row space comes from the
    # thin SVD (a basis as long as the few lines), not the null space (as wide as the many
    # hidden cells): a table of thousands of trajectory patterns has one line.
    matrix = np.array(rows)
    _left, singular, right = svd(matrix, full_matrices=False)
    rank = int(np.sum(singular > max(matrix.shape) * np.finfo(float).eps * singular[0]))
    kept = np.sum(right[:rank] ** 2, axis=0)
    return {key for key, i in index.items() if abs(1.0 - kept[i]) < 1e-9}


def narrowed_by_sign(
    values: Mapping[Key, int], hidden: set[Key], lines: Sequence[Sequence[Key]]
) -> set[Key]:
    """Hidden cells that the published cells, the lines *and* the fact that counts are never
    negative confine to an interval narrower than one: the lines alone leave them free, but a
    line whose hidden cells sum to zero pins every one of them at zero, and a small cell beside
    such a zero may then be its line's difference.

    Two linear programmes per hidden cell (its least and its greatest value over
    ``{x ≥ 0 : lines hold}``, HiGHS via :func:`scipy.optimize.linprog`), the bounds an intruder
    can compute (Hundepool et al. 2012, ch. 4.2, "feasibility intervals"). Only a table with a
    hidden zero or more than two dimensions needs it: the lines of a one- or two-way table form
    a network matrix (totally unimodular), so with every hidden count at least one the true
    table lies inside the positive orthant, every direction the lines leave free moves it both
    ways, and the interval's ends are whole numbers; a three-way table's lines are not, and an
    interval narrower than one occurs there even without zeros (found by Hypothesis)."""
    index = {key: i for i, key in enumerate(sorted(hidden))}
    rows, rhs = _hidden_lines(index, lines, values)
    if not rows:
        return set()
    moved = _free_moves(np.array(rows), np.array([values[key] for key in index], dtype=float))
    narrow = set()
    for key, i in index.items():
        if moved[i] >= 1 + 1e-9:
            continue
        objective = np.zeros(len(index))
        objective[i] = 1.0
        low = linprog(objective, A_eq=rows, b_eq=rhs, bounds=(0, None), method="highs")
        high = linprog(-objective, A_eq=rows, b_eq=rhs, bounds=(0, None), method="highs")
        if high.status == 0 and -high.fun - low.fun < 1 - 1e-9:
            narrow.add(key)
    return narrow


def _free_moves(
    rows: npt.NDArray[np.float64], true: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64]:
    """For each hidden cell, how far the true table itself can be moved along one direction the
    lines leave free (a null-space basis vector), both ways, before a count turns negative: a
    width an intruder cannot narrow, found without a linear programme. A cell whose value so
    spans at least one unit is safe; the others are left to the linear programmes."""
    basis = null_space(rows)
    if basis.size == 0:
        return np.zeros(len(true))
    tiny = 1e-9
    up, down = np.full(basis.shape[1], np.inf), np.full(basis.shape[1], np.inf)
    for j, direction in enumerate(basis.T):
        falling, rising = direction < -tiny, direction > tiny
        if falling.any():
            up[j] = np.min(true[falling] / -direction[falling])
        if rising.any():
            down[j] = np.min(true[rising] / direction[rising])
    with np.errstate(invalid="ignore"):
        widths = np.abs(basis) * (up + down)
    widths[np.abs(basis) <= tiny] = 0.0
    return np.asarray(widths.max(axis=1))


def _cheapest(keys: set[Key], values: Mapping[Key, int]) -> Key:
    """Interior before margins (a published total says most), non-zero before zero (a hidden
    zero protects little: counts are never negative, see :func:`narrowed_by_sign`), then the
    smallest count."""
    return min(keys, key=lambda k: (k.count(TOTAL), values[k] == 0, values[k], k))


def _close_lines(
    values: Mapping[Key, int], hidden: set[Key], lines: Sequence[Sequence[Key]]
) -> None:
    """Hide cells until no line holds exactly one hidden cell (that one is its difference)."""
    changed = True
    while changed:
        changed = False
        for line in lines:
            inside = [k for k in line if k in hidden]
            if len(inside) == 1:
                hidden.add(_cheapest({k for k in line if k not in hidden}, values))
                changed = True


def suppress(
    counts: Mapping[Key, int],
    categories: Sequence[Sequence[str]],
    *,
    dimensions: Sequence[str] | None = None,
    threshold: int = DEFAULT_THRESHOLD,
) -> SuppressedTable:
    """Suppress a count table (interior cells keyed by one category per dimension).

    Returns every interior and margin cell; hidden cells have ``suppressed=True`` and
    ``primary=True`` when they are themselves small.
    """
    check_threshold(threshold)
    cats = [tuple(c) for c in categories]
    if any(TOTAL in c for c in cats):
        raise ValueError(f"{TOTAL!r} is reserved for margins")
    values = full_table(counts, cats)
    keys = list(values)
    lines = constraints(keys, cats)
    primary = {key for key, n in values.items() if 0 < n < threshold}
    hidden = set(primary)
    while True:
        _close_lines(values, hidden, lines)
        exposed = recoverable(hidden, lines)
        if not exposed and (len(cats) > 2 or any(values[key] == 0 for key in hidden)):
            exposed = narrowed_by_sign(values, hidden, lines)
        if not exposed:
            break
        # Rare after the line rule (a hidden block linked only through one line): hide the
        # cheapest published cell on a line through a recoverable cell and try again.
        neighbours = {k for line in lines if exposed & set(line) for k in line if k not in hidden}
        hidden.add(_cheapest(neighbours or set(values) - hidden, values))
    cells = {key: Cell(key, values[key], key in hidden, key in primary) for key in keys}
    names = tuple(dimensions) if dimensions else tuple(f"d{i}" for i in range(len(cats)))
    return SuppressedTable(names, tuple(cats), cells, threshold)
