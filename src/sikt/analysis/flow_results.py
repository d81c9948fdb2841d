"""Running a flow analysis and publishing it safely: counts, shares and small-cell suppression.

:func:`run` executes the selection of :mod:`sikt.analysis.flow` on whatever backend the events
table is bound to (DuckDB, Spark …), makes the pass over the selected events and turns the
counts into plain values. Every
count comes from individuals, so each table is suppressed (:func:`~sikt.analysis.suppression.
suppress`): the re-placement groups as a group × outpatient table with its margins, the
trajectory patterns and the timeline as tables with totals, and Sankey links below the
threshold are left out (node sizes are drawn from the published links only).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import pairwise

import ibis.expr.types as ir

from sikt.analysis import flow
from sikt.analysis.suppression import DEFAULT_THRESHOLD, TOTAL, check_threshold, suppress

YES, NO = "ja", "nej"
#: Months from discharge to re-placement are grouped by quarter (0–2, 3–5, 6–8, 9–11, 12+):
#: single months of a municipality's few hundred re-placements would be almost all below the
#: suppression threshold and the timeline empty. The last bucket is "this or more".
MONTH_STEP = 3
MONTH_BUCKETS = 5


@dataclass(frozen=True, slots=True)
class GroupRow:
    key: str
    label: str
    n: int | None
    share: float | None
    with_outpatient: int | None
    outpatient_share: float | None


@dataclass(frozen=True, slots=True)
class PatternRow:
    steps: tuple[str, ...]
    n: int
    share: float


@dataclass(frozen=True, slots=True)
class Link:
    step: int
    source: str
    target: str
    n: int


@dataclass(frozen=True, slots=True)
class MonthRow:
    """Re-placements ``months`` to ``months + MONTH_STEP - 1`` whole months after discharge
    (the last row: ``months`` or more)."""

    months: int
    with_outpatient: int | None
    without_outpatient: int | None


@dataclass(frozen=True, slots=True)
class FlowResult:
    settings: flow.FlowSettings
    threshold: int
    replacements: int | None
    groups: list[GroupRow]
    patterns: list[PatternRow]
    hidden_patterns: int
    links: list[Link]
    hidden_links: int
    months: list[MonthRow]


def _share(part: int | None, whole: int | None) -> float | None:
    if part is None or not whole:
        return None
    return part / whole


def _groups(
    counts: Counter[tuple[str, bool, int]], threshold: int, settings: flow.FlowSettings
) -> tuple[int | None, list[GroupRow]]:
    keys = list(flow.GROUPS)
    labels = flow.group_labels(settings)
    cells: dict[tuple[str, ...], int] = {(key, answer): 0 for key in keys for answer in (YES, NO)}
    for (group, outpatient, _months), count in counts.items():
        cells[(group, YES if outpatient else NO)] += count
    table = suppress(cells, [keys, [YES, NO]], threshold=threshold)
    total = table.cell(TOTAL, TOTAL).shown
    result = []
    for key in keys:
        n = table.cell(key, TOTAL).shown
        yes = table.cell(key, YES).shown
        result.append(
            GroupRow(
                key,
                labels[key],
                n,
                _share(n, total),
                yes,
                _share(yes, n) if key != "direct" else None,
            )
        )
    return total, result


def _months(counts: Counter[tuple[str, bool, int]], threshold: int) -> list[MonthRow]:
    cells: dict[tuple[str, ...], int] = {}
    for (group, outpatient, months), n in counts.items():
        if group == "direct":
            continue
        bucket = str(min(months // MONTH_STEP, MONTH_BUCKETS - 1) * MONTH_STEP)
        key = (bucket, YES if outpatient else NO)
        cells[key] = cells.get(key, 0) + n
    buckets = [str(m * MONTH_STEP) for m in range(MONTH_BUCKETS)]
    table = suppress(cells, [buckets, [YES, NO]], threshold=threshold)
    return [MonthRow(int(b), table.cell(b, YES).shown, table.cell(b, NO).shown) for b in buckets]


def _patterns(counts: Counter[tuple[str, ...]], threshold: int) -> tuple[list[PatternRow], int]:
    if not counts:
        return [], 0
    keys = sorted(" → ".join(steps) for steps in counts)
    table = suppress(
        {(" → ".join(steps),): n for steps, n in counts.items()}, [keys], threshold=threshold
    )
    total = table.cell(TOTAL).count
    shown = [
        PatternRow(tuple(key.split(" → ")), table.cell(key).count, table.cell(key).count / total)
        for key in keys
        if not table.cell(key).suppressed
    ]
    shown.sort(key=lambda p: (-p.n, p.steps))
    return shown, len(keys) - len(shown)


def _links(counts: Counter[tuple[str, ...]], threshold: int) -> tuple[list[Link], int]:
    """Step-to-step moves, read off the trajectory patterns: every move between two of the
    first ``max_steps`` placements lies in exactly one person's pattern."""
    moves: dict[tuple[int, str, str], int] = {}
    for steps, n in counts.items():
        for step, (source, target) in enumerate(pairwise(steps), start=1):
            moves[(step, source, target)] = moves.get((step, source, target), 0) + n
    links = [Link(step, source, target, n) for (step, source, target), n in moves.items()]
    shown = sorted(
        (link for link in links if link.n >= threshold),
        key=lambda link: (link.step, link.source, link.target),
    )
    return shown, len(links) - len(shown)


def run(
    events: ir.Table, settings: flow.FlowSettings, *, threshold: int = DEFAULT_THRESHOLD
) -> FlowResult:
    """Execute the flow analysis on ``events`` (any Ibis backend) and suppress small cells."""
    check_threshold(threshold)
    events_history = flow.history(flow.selected(events, settings), settings)
    counts = flow.replacement_counts(flow.moved(events_history, settings))
    pattern_counts = flow.trajectory_patterns(events_history, settings)
    total, groups = _groups(counts, threshold, settings)
    months = _months(counts, threshold)
    patterns, hidden_patterns = _patterns(pattern_counts, threshold)
    links, hidden_links = _links(pattern_counts, threshold)
    return FlowResult(
        settings, threshold, total, groups, patterns, hidden_patterns, links, hidden_links, months
    )
