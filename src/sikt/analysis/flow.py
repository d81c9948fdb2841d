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
unchanged on Apache Spark or another Ibis backend for national registers. It is set-based:
one pass of window functions over each person's events in time order (:func:`history`)
answers what lay between two placements, so there is no per-person join; the patterns are one
aggregation, and the step-to-step transitions are read off them. The functions take and return
Ibis tables and never execute anything; :func:`sikt.analysis.flow_results.run` executes and
suppresses small cells (:mod:`sikt.analysis.suppression`) — aggregates of individuals are
never shown raw.
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


def history(window: ir.Table, s: FlowSettings) -> ir.Table:
    """Each event of :func:`window_events` with what came before it in the person's history.

    One pass over each person's events in time order — by start; on the same day an outcome
    placement comes first (whatever starts that day is not *before* it), then by end (ongoing
    last) and kind — adds

    - ``outcome``: whether it is a placement in an outcome kind;
    - ``step``: the placement's number in the person's trajectory (1, 2 …; outpatient
      interventions are not placements and carry the number of the placement before them);
    - ``other_before``: the latest start of a placement in another kind (family home,
      emergency home) up to this event;
    - ``support_before``: the latest end (the reference date while ongoing) of an outpatient
      intervention up to this event.

    At an outcome placement — the only rows :func:`moved` reads them on — "up to" is "before":
    the event itself is neither another placement nor an intervention. Whether something lay
    between two placements is then a comparison of these with the previous placement's end,
    so no per-person join is needed. All three are running aggregates over the same window
    (from the person's first event to this one), which a backend computes in one streaming
    pass; a frame ending at the row before would need a segment tree per aggregate.
    """
    outcome = _kinds(window.kind, s.outcome_kinds)
    outpatient = _kinds(window.kind, s.outpatient_kinds)
    order = [
        window.start,
        ibis.ifelse(outcome, 0, 1),
        ibis.asc(window.end, nulls_first=False),
        window.kind,
    ]
    upto = ibis.window(group_by=window.person, order_by=order, rows=(None, 0))
    ref = ibis.date(s.reference_date)
    return window.mutate(
        outcome=outcome,
        step=(~outpatient).cast("int64").sum().over(upto),
        other_before=window.start.max(where=~outcome & ~outpatient).over(upto),
        support_before=window.end.fill_null(ref).max(where=outpatient).over(upto),
    )


def replacements(events: ir.Table, s: FlowSettings) -> ir.Table:
    """One row per re-placement into an outcome kind: person, start, gap in days, ``group``
    (``direct``, ``gap``, ``via_other``) and ``outpatient`` (any outpatient intervention
    between the previous outcome placement's end and this start)."""
    return moved(history(window_events(events, s), s), s)


def moved(events_history: ir.Table, s: FlowSettings) -> ir.Table:
    """:func:`replacements` from an already computed :func:`history`."""
    outcome = events_history.filter(events_history.outcome)
    order = ibis.window(
        group_by=outcome.person,
        order_by=[outcome.start, ibis.asc(outcome.end, nulls_first=False), outcome.kind],
    )
    outcome = outcome.mutate(
        previous_start=outcome.start.lag().over(order),
        previous_end=outcome.end.lag().over(order),
    )
    later = outcome.filter(outcome.previous_start.notnull(), outcome.start >= s.window_start)
    # An earlier placement still open when the next started is a direct move.
    left_at = ibis.least(later.previous_end.fill_null(later.start), later.start)
    gap = later.start.delta(left_at, unit="day")
    group = ibis.cases(
        ((later.other_before >= left_at).fill_null(False), "via_other"),
        (gap <= s.direct_days, "direct"),
        else_="gap",
    )
    return later.select(
        "person",
        "start",
        "kind",
        gap_days=gap,
        group=group,
        outpatient=(later.support_before >= left_at).fill_null(False),
    )


def replacement_counts(moved: ir.Table) -> ir.Table:
    """Re-placements (:func:`replacements`) counted by ``group``, ``outpatient`` and whole
    ``months`` from discharge: ``n``."""
    months = (moved.gap_days // 30).cast("int64")
    return moved.group_by(["group", "outpatient", months.name("months")]).agg(n=moved.count())


def trajectory_patterns(events_history: ir.Table, s: FlowSettings) -> ir.Table:
    """Each distinct sequence of placement kinds (``s1`` … up to ``max_steps``) in a
    :func:`history` and how many people had it."""
    placed = events_history.filter(
        ~_kinds(events_history.kind, s.outpatient_kinds), events_history.step <= s.max_steps
    )
    wide = placed.group_by("person").agg(
        **{f"s{i}": placed.kind.max(where=placed.step == i) for i in range(1, s.max_steps + 1)}
    )
    columns = [f"s{i}" for i in range(1, s.max_steps + 1)]
    return wide.group_by(columns).agg(n=wide.count())
