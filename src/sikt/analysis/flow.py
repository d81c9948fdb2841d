"""Flow analysis (*flödesanalys*): follow individuals backwards from an outcome (004 §3, figure 6).

Input: pseudonymised events, one row per placement or intervention — ``person`` (pseudonym),
``start``, ``end`` (empty while ongoing) and ``kind`` (:data:`KINDS`). The analysis

1. takes the **outcome population**: everyone in an outcome kind (default HVB or SiS) on the
   reference date;
2. follows each of them **backwards** ``lookback_years`` years;
3. builds each person's **trajectory** (the sequence of placements) and counts the patterns;
4. finds every **re-placement** (*omplacering*) into an outcome kind after an earlier one and
   groups it by what lay between: directly from one HVB/SiS to the next, a period without
   placement, or via another placement (family home, emergency home) — the guide's three
   groups — and whether any **outpatient** intervention came in that period;
5. counts the **transitions** step by step (for a Sankey diagram) and the months from
   discharge to re-placement (the timeline of where earlier support could have come).

Every step is an Ibis expression, so the same code runs on DuckDB (the embedded default) and
unchanged on Apache Spark or another Ibis backend for national registers. The functions take
and return Ibis tables and never execute anything; :func:`run` executes and suppresses small
cells (:mod:`sikt.analysis.suppression`) — aggregates of individuals are never shown raw.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import ibis
import ibis.expr.types as ir

OUTPATIENT = "outpatient"
#: Event kinds (codes in data) and their Swedish labels.
KINDS: dict[str, str] = {
    "HVB": "HVB",
    "SiS": "SiS",
    "family_home": "Familjehem",
    "emergency_home": "Jourhem",
    OUTPATIENT: "Öppenvård",
}
#: The re-placement groups of figure 6, in the guide's order.
GROUPS: dict[str, str] = {
    "direct": "Direkt från HVB/SiS till HVB/SiS",
    "gap": "HVB/SiS – ingen placering – HVB/SiS",
    "via_other": "HVB/SiS – familjehem/jourhem – HVB/SiS",
}


@dataclass(frozen=True, slots=True)
class FlowSettings:
    """What to follow: the outcome, how far back, and what counts as a direct re-placement."""

    reference_date: date
    lookback_years: int = 3
    outcome_kinds: tuple[str, ...] = ("HVB", "SiS")
    outpatient_kinds: tuple[str, ...] = (OUTPATIENT,)
    #: A new outcome placement within this many days of the previous one's end is "direct".
    direct_days: int = 7
    max_steps: int = 6

    @property
    def window_start(self) -> date:
        try:
            return self.reference_date.replace(year=self.reference_date.year - self.lookback_years)
        except ValueError:  # 29 February
            return self.reference_date.replace(
                year=self.reference_date.year - self.lookback_years, day=28
            ) + timedelta(days=1)


def _kinds(column: ir.StringColumn, kinds: tuple[str, ...]) -> ir.BooleanColumn:
    return column.isin(list(kinds))


def population(events: ir.Table, s: FlowSettings) -> ir.Table:
    """``person`` of everyone in an outcome kind on the reference date."""
    ref = ibis.date(s.reference_date)
    current = events.filter(
        _kinds(events.kind, s.outcome_kinds),
        events.start <= ref,
        events.end.isnull() | (events.end >= ref),
    )
    return current.select("person").distinct()


def window_events(events: ir.Table, s: FlowSettings) -> ir.Table:
    """The population's events that overlap the look-back window."""
    ref, first = ibis.date(s.reference_date), ibis.date(s.window_start)
    people = population(events, s)
    inside = events.filter(events.start <= ref, events.end.isnull() | (events.end >= first))
    return inside.semi_join(people, "person")


def placements(events: ir.Table, s: FlowSettings) -> ir.Table:
    """Placements in the window, numbered per person in time order (``step`` from 1)."""
    window = window_events(events, s)
    placed = window.filter(~_kinds(window.kind, s.outpatient_kinds))
    order = ibis.window(group_by=placed.person, order_by=[placed.start, placed.end, placed.kind])
    return placed.mutate(step=ibis.row_number().over(order) + 1)


def replacements(events: ir.Table, s: FlowSettings) -> ir.Table:
    """One row per re-placement into an outcome kind: person, start, gap in days, ``group``
    (``direct``, ``gap``, ``via_other``) and ``outpatient`` (any outpatient intervention
    between the previous outcome placement's end and this start)."""
    window = window_events(events, s)
    placed = window.filter(~_kinds(window.kind, s.outpatient_kinds))
    outcome = placed.filter(_kinds(placed.kind, s.outcome_kinds))
    order = ibis.window(group_by=outcome.person, order_by=[outcome.start, outcome.end])
    outcome = outcome.mutate(
        previous_start=outcome.start.lag().over(order),
        previous_end=outcome.end.lag().over(order),
    )
    moved = outcome.filter(outcome.previous_start.notnull(), outcome.start >= s.window_start)
    moved = moved.select(
        "person",
        "start",
        "kind",
        # An earlier placement still open when the next started is a direct move.
        left_at=ibis.least(moved.previous_end.fill_null(moved.start), moved.start),
    )
    others = placed.filter(~_kinds(placed.kind, s.outcome_kinds)).select(
        person_other="person", other_start="start"
    )
    between = (
        moved.join(others, moved.person == others.person_other)
        .filter(lambda t: (t.other_start >= t.left_at) & (t.other_start < t.start))
        .group_by(["person", "start", "kind"])
        .agg(placements_between=lambda t: t.count())
    )
    support = window.filter(_kinds(window.kind, s.outpatient_kinds)).select(
        person_support="person", support_start="start", support_end="end"
    )
    ref = ibis.date(s.reference_date)
    helped = (
        moved.join(support, moved.person == support.person_support)
        .filter(lambda t: (t.support_start < t.start) & (t.support_end.fill_null(ref) >= t.left_at))
        .group_by(["person", "start", "kind"])
        .agg(supports=lambda t: t.count())
    )
    joined = moved.left_join(between, ["person", "start", "kind"]).left_join(
        helped, ["person", "start", "kind"]
    )
    gap = joined.start.delta(joined.left_at, unit="day")
    intermediate = joined.placements_between.fill_null(0)
    group = ibis.cases(
        (intermediate > 0, "via_other"),
        (gap <= s.direct_days, "direct"),
        else_="gap",
    )
    return joined.select(
        "person",
        "start",
        "kind",
        gap_days=gap,
        group=group,
        outpatient=joined.supports.fill_null(0) > 0,
    )


def replacement_groups(events: ir.Table, s: FlowSettings) -> ir.Table:
    """Re-placements per group: ``n`` and ``with_outpatient``."""
    return group_counts(replacements(events, s))


def group_counts(moved: ir.Table) -> ir.Table:
    """:func:`replacement_groups` from already computed :func:`replacements`."""
    return moved.group_by("group").agg(
        n=moved.count(), with_outpatient=moved.outpatient.cast("int64").sum()
    )


def trajectory_patterns(events: ir.Table, s: FlowSettings) -> ir.Table:
    """Each distinct sequence of placement kinds (up to ``max_steps``) and how many had it."""
    placed = placements(events, s)
    placed = placed.filter(placed.step <= s.max_steps)
    wide = placed.group_by("person").agg(
        **{f"s{i}": placed.kind.max(where=placed.step == i) for i in range(1, s.max_steps + 1)}
    )
    columns = [f"s{i}" for i in range(1, s.max_steps + 1)]
    return wide.group_by(columns).agg(n=wide.count())


def transitions(events: ir.Table, s: FlowSettings) -> ir.Table:
    """Moves from step ``i`` to step ``i + 1``: ``step``, ``source``, ``target``, ``n``."""
    placed = placements(events, s).select("person", "step", "kind")
    nxt = placed.select(person_next="person", step_next="step", kind_next="kind")
    pairs = placed.join(
        nxt, (placed.person == nxt.person_next) & (placed.step + 1 == nxt.step_next)
    ).filter(lambda t: t.step < s.max_steps)
    return (
        pairs.group_by(["step", "kind", "kind_next"])
        .agg(n=pairs.count())
        .rename(source="kind", target="kind_next")
    )


def discharge_months(events: ir.Table, s: FlowSettings) -> ir.Table:
    """Re-placements after a gap, by whole months from discharge and outpatient support."""
    return month_counts(replacements(events, s))


def month_counts(moved: ir.Table) -> ir.Table:
    """:func:`discharge_months` from already computed :func:`replacements`."""
    gap = moved.filter(moved.group != "direct")
    months = (gap.gap_days // 30).cast("int64")
    return gap.group_by([months.name("months"), "outpatient"]).agg(n=gap.count())
