"""Flow analysis (*flödesanalys*): follow individuals backwards from an outcome (004 §3, figure 6).

Input: pseudonymised events, one row per placement or intervention — ``person`` (pseudonym,
or a dataset's integer key), ``start``, ``end`` (empty while ongoing) and ``kind``
(:data:`KINDS`). The analysis

1. takes the **outcome population**: everyone in an outcome kind (default HVB or SiS) on the
   reference date;
2. follows each of them **backwards** ``lookback_years`` years;
3. builds each person's **trajectory** (the sequence of placements) and counts the patterns;
4. finds every **re-placement** (*omplacering*) into an outcome kind after an earlier one and
   groups it by what lay between: directly from one outcome placement to the next, a period
   without placement, or via another placement (family home, emergency home) — the guide's
   three groups — and whether any **outpatient** intervention came in that period;
5. counts the **transitions** step by step (for a Sankey diagram) and the months from
   discharge to re-placement (the timeline of where earlier support could have come).

Two parts, split where the data becomes small. Steps 1–2 read the whole register: they are an
Ibis expression (:func:`window_events`), so they run in DuckDB (the embedded default) and
unchanged on Apache Spark or another Ibis backend for national registers, and they return only
the outcome population's events in the window, in each person's time order. Steps 3–5 are one
vectorised pass over those sorted arrays in this process (:func:`history`): person boundaries
from neighbouring rows, running counts and maxima within each person by cumulative sums and
``maximum.accumulate`` over a key that starts afresh at each person, re-placements from
neighbouring outcome rows, and trajectories as one integer per person. Why not window
functions: over a million events a relational window pass sorts and partitions in the engine
and costs several times the whole selection, while the same pass over arrays already in order
is a few linear sweeps; the outcome population is a small part of any register, so what leaves
the engine fits in memory even for a country. Nothing here suppresses:
:func:`sikt.analysis.flow_results.run` turns the counts into published tables with small
cells suppressed (:mod:`sikt.analysis.suppression`) — aggregates of individuals are never
shown raw.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

import ibis
import ibis.expr.types as ir
import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

OUTPATIENT = "outpatient"
#: Event kinds (codes in data) and their Swedish labels.
KINDS: dict[str, str] = {
    "HVB": "HVB",
    "SiS": "SiS",
    "family_home": "Familjehem",
    "emergency_home": "Jourhem",
    OUTPATIENT: "Öppenvård",
}
#: The kinds that are placements (any of them can be the outcome).
PLACEMENTS = tuple(kind for kind in KINDS if kind != OUTPATIENT)
#: The guide's outcome: everyone in HVB or SiS.
DEFAULT_OUTCOME = ("HVB", "SiS")
#: The re-placement groups of figure 6, in the guide's order (:func:`group_labels`).
GROUPS = ("direct", "gap", "via_other")
_DIRECT, _GAP, _VIA_OTHER = range(3)
#: An end date that is empty (ongoing), as days: later than any date.
_ONGOING = np.iinfo(np.int32).max
#: A running maximum over no row yet.
_NONE = np.iinfo(np.int64).min
_EPOCH = date(1970, 1, 1)

Ints = npt.NDArray[np.int64]
Flags = npt.NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class FlowSettings:
    """What to follow: the outcome, how far back, and what counts as a direct re-placement."""

    reference_date: date
    lookback_years: int = 3
    outcome_kinds: tuple[str, ...] = DEFAULT_OUTCOME
    outpatient_kinds: tuple[str, ...] = (OUTPATIENT,)
    #: A new outcome placement within this many days of the previous one's end is "direct".
    direct_days: int = 7
    max_steps: int = 6

    def __post_init__(self) -> None:
        # An outpatient intervention is not a placement: as an outcome it would be both what
        # is re-placed into and the support between, and the groups would mean nothing.
        if not self.outcome_kinds or set(self.outcome_kinds) & set(self.outpatient_kinds):
            raise ValueError("outcome kinds must be placements, at least one")

    @property
    def window_start(self) -> date:
        try:
            return self.reference_date.replace(year=self.reference_date.year - self.lookback_years)
        except ValueError:  # 29 February
            return self.reference_date.replace(
                year=self.reference_date.year - self.lookback_years, day=28
            ) + timedelta(days=1)


def group_labels(s: FlowSettings) -> dict[str, str]:
    """The groups' Swedish names for the chosen outcome, as the guide writes them: with the
    default outcome "Direkt från HVB/SiS till HVB/SiS", "HVB/SiS – ingen placering – HVB/SiS"
    and "HVB/SiS – familjehem/jourhem – HVB/SiS"."""

    def names(kinds: list[str]) -> str:
        labels = [KINDS.get(kind, kind) for kind in kinds]
        return "/".join(label.lower() if label[1:].islower() else label for label in labels)

    outcome = names(list(s.outcome_kinds))
    other = [k for k in PLACEMENTS if k not in s.outcome_kinds and k not in s.outpatient_kinds]
    labels = {
        "direct": f"Direkt från {outcome} till {outcome}",
        "gap": f"{outcome} – ingen placering – {outcome}",
        "via_other": f"{outcome} – {names(other) or 'annan placering'} – {outcome}",
    }
    return {key: label[0].upper() + label[1:] for key, label in labels.items()}


def _kinds(column: ir.StringColumn, kinds: tuple[str, ...]) -> ir.BooleanColumn:
    return column.isin(list(kinds))


def population(events: ir.Table, s: FlowSettings) -> ir.Table:
    """``person`` of everyone in an outcome kind on the reference date.

    The dates are tested first: DuckDB applies a scan's filters in the order written, and
    only the date tests can skip whole row groups of a dataset stored in time order
    (:func:`sikt.analysis.datasets.save_event_dataset`); the kind test would read them all."""
    ref = ibis.date(s.reference_date)
    current = events.filter(
        events.start <= ref,
        events.end.isnull() | (events.end >= ref),
        _kinds(events.kind, s.outcome_kinds),
    )
    return current.select("person").distinct()


def window_events(events: ir.Table, s: FlowSettings) -> ir.Table:
    """The population's events that overlap the look-back window — ``person``, ``start``,
    ``end``, ``kind`` only — in each person's time order: by start; on the same day an
    outcome placement comes first (whatever starts that day is not *before* it), then by end
    (ongoing last) and kind."""
    ref, first = ibis.date(s.reference_date), ibis.date(s.window_start)
    people = population(events, s)
    inside = events.filter(events.start <= ref, events.end.isnull() | (events.end >= first))
    chosen = inside.semi_join(people, "person").select("person", "start", "end", "kind")
    return chosen.order_by(
        [
            chosen.person,
            chosen.start,
            ibis.ifelse(_kinds(chosen.kind, s.outcome_kinds), 0, 1),
            ibis.asc(chosen.end, nulls_first=False),
            chosen.kind,
        ]
    )


def selected(events: ir.Table, s: FlowSettings) -> pa.Table:
    """:func:`window_events` executed on the events' backend, as Arrow.

    On DuckDB the query runs on Ibis's own connection and its Arrow result is taken as it is:
    Ibis would turn an ENUM kind (:func:`sikt.analysis.datasets.save_event_dataset`) into a
    string per event, which :func:`history` then encodes back into codes — a tenth of the
    whole analysis."""
    expr = window_events(events, s)
    backend = ibis.get_backend(expr)
    if backend.name == "duckdb":
        return backend.raw_sql(ibis.to_sql(expr)).to_arrow_table()
    return expr.to_pyarrow()


def _days(column: pa.ChunkedArray | pa.Array) -> npt.NDArray[np.int32]:
    """Dates as days since 1970 (an empty end: :data:`_ONGOING`)."""
    days = pc.cast(pc.cast(column, pa.date32()), pa.int32())
    return np.asarray(pc.fill_null(days, _ONGOING), dtype=np.int32)


@dataclass(frozen=True, slots=True)
class History:
    """Each event of :func:`window_events` with what came before it in the person's history,
    as arrays in that order (one element per event).

    - ``step``: the placement's number in the person's trajectory (1, 2 …; outpatient
      interventions are not placements and carry the number of the placement before them);
    - ``other_before``: the latest start (days) of a placement in another kind (family home,
      emergency home) up to this event, :data:`_NONE` if none;
    - ``support_before``: the latest end (days) of an outpatient intervention up to this
      event, :data:`_NONE` if none; at most the reference date (an ongoing one supports until
      then, and every re-placement starts by then).

    At an outcome placement — the only rows :func:`moved` reads them on — "up to" is
    "before": the event itself is neither another placement nor an intervention. Whether
    something lay between two placements is then a comparison of these with the previous
    placement's end, so nothing is joined per person.
    """

    person: pa.Array
    start: npt.NDArray[np.int32]
    end: npt.NDArray[np.int32]
    #: Index into ``kinds`` of each event's kind.
    kind: Ints
    kinds: tuple[str, ...]
    #: The first row of each person (``heads[i]`` starts the ``i``-th person's rows).
    heads: Ints
    outcome: Flags
    placement: Flags
    step: Ints
    other_before: Ints
    support_before: Ints

    @property
    def persons(self) -> int:
        return len(self.heads)


def _running_max(values: npt.NDArray[np.int32], where: Flags, low: int, offset: Ints) -> Ints:
    """The maximum of ``values`` (≥ ``low``) over each person's rows ``where`` up to and
    including each row (:data:`_NONE` before the first): one ``maximum.accumulate`` over
    ``offset`` + value, where ``offset`` puts every person's keys above all earlier persons'
    (see :func:`history`), so the maximum starts afresh at each person."""
    key = np.where(where, values, np.int64(low - 1))
    key += offset
    np.maximum.accumulate(key, out=key)
    key -= offset
    key[key < low] = _NONE
    return key


def history(window: pa.Table, s: FlowSettings) -> History:
    """The one pass over the rows of :func:`window_events` (executed, in its order)."""
    person = window.column("person").combine_chunks()
    n = len(person)
    kind_codes = pc.dictionary_encode(window.column("kind")).combine_chunks()
    kinds = tuple(str(k) for k in kind_codes.dictionary.to_pylist())
    if kind_codes.null_count:
        # An uploaded file has a kind on every row; a register read some other way may not.
        raise ValueError(f"{kind_codes.null_count} of the population's events have no kind")
    kind = np.asarray(kind_codes.indices, dtype=np.int64)
    outcome = np.array([k in s.outcome_kinds for k in kinds], dtype=bool)[kind]
    outpatient = np.array([k in s.outpatient_kinds for k in kinds], dtype=bool)[kind]
    placement = ~outpatient
    new = np.ones(n, dtype=bool)
    if n > 1:
        new[1:] = np.asarray(pc.not_equal(person.slice(1), person.slice(0, n - 1)))
    heads = np.flatnonzero(new)
    who = np.cumsum(new, dtype=np.int64) - 1
    placed = np.cumsum(placement, dtype=np.int64)
    step = placed - (placed[heads] - placement[heads])[who]
    start, end = _days(window.column("start")), _days(window.column("end"))
    until = np.minimum(end, (s.reference_date - _EPOCH).days)
    # Every person's running maxima live in their own band of keys, ``who × span`` upwards.
    low = min(int(start.min(initial=0)), int(until.min(initial=0)))
    span = max(int(start.max(initial=0)), int(until.max(initial=0))) - low + 2
    offset = who * span
    return History(
        person=person,
        start=start,
        end=end,
        kind=kind,
        kinds=kinds,
        heads=heads,
        outcome=outcome,
        placement=placement,
        step=step,
        other_before=_running_max(start, ~outcome & placement, low, offset),
        support_before=_running_max(until, outpatient, low, offset),
    )


@dataclass(frozen=True, slots=True)
class Moved:
    """Every re-placement into an outcome kind in a :class:`History`: its row there, the gap
    in days from discharge, its group (index into :data:`GROUPS`) and whether any outpatient
    intervention came between the previous outcome placement's end and this start."""

    row: Ints
    gap_days: Ints
    group: Ints
    outpatient: Flags


def moved(h: History, s: FlowSettings) -> Moved:
    """The re-placements of :func:`replacements` from an already computed :func:`history`."""
    rows = np.flatnonzero(h.outcome)
    first = (s.window_start - _EPOCH).days
    same_person = np.zeros(len(rows), dtype=bool)
    if len(rows) > 1:
        same_person[1:] = np.asarray(pc.equal(h.person.take(rows[1:]), h.person.take(rows[:-1])))
    later = np.flatnonzero(same_person & (h.start[rows] >= first))
    current, previous = rows[later], rows[later - 1]
    start = h.start[current].astype(np.int64)
    # An earlier placement still open when the next started is a direct move.
    left_at = np.minimum(h.end[previous], start)
    gap = start - left_at
    group = np.where(
        h.other_before[current] >= left_at,
        _VIA_OTHER,
        np.where(gap <= s.direct_days, _DIRECT, _GAP),
    )
    return Moved(current, gap, group, h.support_before[current] >= left_at)


def replacements(events: ir.Table, s: FlowSettings) -> pa.Table:
    """One row per re-placement into an outcome kind: person, start, kind, gap in days,
    ``group`` (``direct``, ``gap``, ``via_other``) and ``outpatient`` (any outpatient
    intervention between the previous outcome placement's end and this start)."""
    h = history(selected(events, s), s)
    m = moved(h, s)
    return pa.table(
        {
            "person": h.person.take(m.row),
            "start": pa.array(h.start[m.row], pa.int32()).cast(pa.date32()),
            "kind": pa.array([h.kinds[k] for k in h.kind[m.row]], pa.string()),
            "gap_days": pa.array(m.gap_days, pa.int64()),
            "group": pa.array([GROUPS[g] for g in m.group], pa.string()),
            "outpatient": pa.array(m.outpatient, pa.bool_()),
        }
    )


def replacement_counts(m: Moved) -> Counter[tuple[str, bool, int]]:
    """Re-placements (:func:`moved`) counted by group, outpatient support and whole months
    from discharge."""
    months = m.gap_days // 30
    width = int(months.max(initial=0)) + 1
    found, n = np.unique((m.group * 2 + m.outpatient) * width + months, return_counts=True)
    return Counter(
        {
            (GROUPS[cell // width // 2], bool(cell // width % 2), cell % width): count
            for cell, count in zip(found.tolist(), n.tolist(), strict=True)
        }
    )


def trajectory_patterns(h: History, s: FlowSettings) -> Counter[tuple[str, ...]]:
    """Each distinct sequence of placement kinds (the first ``max_steps``) in a
    :func:`history` and how many people had it.

    A person's sequence is one integer — the digits, base ``len(kinds) + 1``, are the kinds of
    placements 1 … ``max_steps`` (0 where there are fewer) — so counting sequences is counting
    integers."""
    base = len(h.kinds) + 1
    if base**s.max_steps >= 2**62:
        raise ValueError(f"too many kinds ({len(h.kinds)}) for {s.max_steps} steps")
    if not h.persons:
        return Counter()
    digit = base ** np.arange(s.max_steps - 1, -1, -1, dtype=np.int64)
    counted = h.placement & (h.step <= s.max_steps)
    place = digit[np.clip(h.step, 1, s.max_steps) - 1]
    codes = np.add.reduceat(np.where(counted, (h.kind + 1) * place, 0), h.heads)
    found, n = np.unique(codes, return_counts=True)
    patterns: Counter[tuple[str, ...]] = Counter()
    for code, count in zip(found.tolist(), n.tolist(), strict=True):
        steps = []
        for position in digit.tolist():
            if code // position % base:
                steps.append(h.kinds[code // position % base - 1])
        patterns[tuple(steps)] += count
    return patterns
