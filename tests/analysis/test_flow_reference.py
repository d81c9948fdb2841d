"""The flow analysis against an independent, person-by-person reference (property test).

The reference below follows the method's words (004 §3, figure 6; the docstrings of
:mod:`sikt.analysis.flow`) with plain loops — each person's events in time order, each pair of
consecutive outcome placements, each person's first placements — and shares no code with the
selection or the vectorised pass. The events go through
:func:`sikt.analysis.datasets.save_event_dataset` as an upload does (integer person keys, an
ENUM kind, rows in end order), so the storage is checked too; the outcome kinds vary.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from sikt.analysis import examples, flow
from sikt.analysis.datasets import dataset_table, save_event_dataset
from sikt.analysis.store import IndicatorStore

Event = tuple[str, date, date | None, str]
REFERENCE = date(2024, 1, 1)
#: Three steps, so that the trajectories of the examples' longer histories are cut.
SETTINGS = flow.FlowSettings(reference_date=REFERENCE, lookback_years=2, direct_days=7, max_steps=3)
PLACEMENTS = [kind for kind in flow.KINDS if kind != flow.OUTPATIENT]
FAR = date.max


def _windows(events: list[Event], s: flow.FlowSettings) -> dict[str, list[Event]]:
    """Each person of the outcome population: their events in the window, in time order."""
    first = s.window_start
    found = {}
    for person in sorted({e[0] for e in events}):
        own = [e for e in events if e[0] == person]
        if not any(
            e[3] in s.outcome_kinds
            and e[1] <= s.reference_date
            and (e[2] or FAR) >= s.reference_date
            for e in own
        ):
            continue
        window = [e for e in own if e[1] <= s.reference_date and (e[2] or FAR) >= first]
        window.sort(key=lambda e: (e[1], e[3] not in s.outcome_kinds, e[2] or FAR, e[3]))
        found[person] = window
    return found


def reference_trajectories(events: list[Event], s: flow.FlowSettings) -> Counter[tuple[str, ...]]:
    """The kinds of each person's first ``max_steps`` placements, counted."""
    return Counter(
        tuple([e[3] for e in window if e[3] not in s.outpatient_kinds][: s.max_steps])
        for window in _windows(events, s).values()
    )


def reference_replacements(events: list[Event], s: flow.FlowSettings) -> Counter[tuple[Any, ...]]:
    """(person, start, kind, gap days, group, outpatient) of every re-placement, counted."""
    first = s.window_start
    found: Counter[tuple[Any, ...]] = Counter()
    for person, window in _windows(events, s).items():
        outcome_at = [i for i, e in enumerate(window) if e[3] in s.outcome_kinds]
        for previous, current in pairwise(outcome_at):
            this, before = window[current], window[previous]
            if this[1] < first:
                continue
            left_at = min(before[2] or this[1], this[1])
            gap = (this[1] - left_at).days
            earlier = window[:current]
            via_other = any(
                e[3] not in s.outcome_kinds and e[3] not in s.outpatient_kinds and e[1] >= left_at
                for e in earlier
            )
            group = "via_other" if via_other else "direct" if gap <= s.direct_days else "gap"
            supported = any(
                e[3] in s.outpatient_kinds and (e[2] or s.reference_date) >= left_at
                for e in earlier
            )
            found[(person, this[1], this[3], gap, group, supported)] += 1
    return found


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> IndicatorStore:
    return IndicatorStore(Path(tmp_path_factory.mktemp("flow")) / "store.duckdb")


def _event(person: int, start: int, length: int | None, kind: str) -> Event:
    begin = REFERENCE - timedelta(days=start)
    return (
        f"{person:032x}",
        begin,
        None if length is None else begin + timedelta(days=length),
        kind,
    )


D = date


def _on(kind: str, start: date, end: date | None = None, person: str = "a") -> Event:
    return (person * 32, start, end, kind)


#: Dates on a coarse grid (whole months back, lengths of 0–4 months or a few days), so that
#: ties — two events on one day, a start on the day another ends — are common; two persons,
#: most of them in an ongoing placement on the reference date (the outcome population).
event_strategy = st.builds(
    _event,
    st.integers(0, 1),
    st.integers(-1, 18).map(lambda months: 30 * months),
    st.one_of(
        st.none(),
        st.integers(0, 4).map(lambda months: 30 * months),
        st.integers(1, 9),
    ),
    st.sampled_from(list(flow.KINDS)),
)
current_strategy = st.builds(
    _event,
    st.integers(0, 1),
    st.integers(0, 6).map(lambda m: 30 * m),
    st.none(),
    st.sampled_from(PLACEMENTS),
)
events_strategy = st.builds(
    lambda events, current: events + current,
    st.lists(event_strategy, min_size=3, max_size=30),
    st.lists(current_strategy, max_size=2),
)


HVB_SIS = ("HVB", "SiS")


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    events=events_strategy,
    outcome=st.sets(st.sampled_from(PLACEMENTS), min_size=1).map(lambda k: tuple(sorted(k))),
)
# The boundaries, which random dates seldom hit exactly (the window start is 2022-01-01):
# another placement starting on the day the previous one ended;
@example(
    events=[
        _on("HVB", D(2023, 1, 1), D(2023, 2, 1)),
        _on("family_home", D(2023, 2, 1), D(2023, 3, 1)),
        _on("SiS", D(2023, 6, 1)),
    ],
    outcome=HVB_SIS,
)
# outpatient support ending on that day;
@example(
    events=[
        _on("HVB", D(2023, 1, 1), D(2023, 2, 1)),
        _on("outpatient", D(2022, 12, 1), D(2023, 2, 1)),
        _on("SiS", D(2023, 6, 1)),
    ],
    outcome=HVB_SIS,
)
# a gap of exactly the direct threshold, and one day more;
@example(
    events=[_on("HVB", D(2023, 1, 1), D(2023, 2, 1)), _on("SiS", D(2023, 2, 8))], outcome=HVB_SIS
)
@example(
    events=[_on("HVB", D(2023, 1, 1), D(2023, 2, 1)), _on("SiS", D(2023, 2, 9))], outcome=HVB_SIS
)
# a re-placement on the first day of the look-back window, and one the day before;
@example(
    events=[_on("HVB", D(2021, 10, 1), D(2022, 2, 1)), _on("SiS", D(2022, 1, 1))], outcome=HVB_SIS
)
@example(
    events=[
        _on("HVB", D(2021, 10, 1), D(2021, 12, 25)),
        _on("SiS", D(2021, 12, 31), D(2022, 3, 1)),
        _on("HVB", D(2022, 5, 1)),
    ],
    outcome=HVB_SIS,
)
# the first person's family home and outpatient support lie between the second person's
# placements in time, but not in their history (the running maxima start afresh per person);
@example(
    events=[
        _on("HVB", D(2023, 1, 1), D(2023, 2, 1)),
        _on("family_home", D(2023, 3, 1), D(2023, 4, 1)),
        _on("outpatient", D(2023, 2, 10), D(2023, 3, 1)),
        _on("SiS", D(2023, 6, 1)),
        _on("HVB", D(2023, 1, 1), D(2023, 2, 1), person="b"),
        _on("SiS", D(2023, 6, 1), person="b"),
    ],
    outcome=HVB_SIS,
)
# family homes as the outcome, so that an HVB placement between them is "another placement";
@example(
    events=[
        _on("family_home", D(2023, 1, 1), D(2023, 2, 1)),
        _on("HVB", D(2023, 2, 10), D(2023, 3, 1)),
        _on("family_home", D(2023, 6, 1)),
    ],
    outcome=("family_home",),
)
# nobody in the outcome on the reference date (nothing to follow);
@example(events=[_on("HVB", D(2023, 1, 1), D(2023, 2, 1))], outcome=HVB_SIS)
# a history longer than the steps followed.
@example(
    events=[
        _on("HVB", D(2022, 2, 1), D(2022, 3, 1)),
        _on("emergency_home", D(2022, 3, 1), D(2022, 4, 1)),
        _on("SiS", D(2022, 5, 1), D(2022, 6, 1)),
        _on("outpatient", D(2022, 6, 1), D(2022, 9, 1)),
        _on("family_home", D(2022, 7, 1), D(2022, 8, 1)),
        _on("HVB", D(2023, 1, 1)),
    ],
    outcome=HVB_SIS,
)
def test_flow_equals_the_person_by_person_reference(
    store: IndicatorStore, events: list[Event], outcome: tuple[str, ...]
) -> None:
    s = replace(SETTINGS, outcome_kinds=outcome)
    table = pa.table(
        {name: [e[i] for e in events] for i, name in enumerate(examples.EVENT_SCHEMA.names)},
        schema=examples.EVENT_SCHEMA,
    )
    save_event_dataset(store, "reference", table)
    with dataset_table(store, "reference") as stored:
        keys = {
            r["person"]: r["pseudonym"]
            for r in stored.select("person", "pseudonym").distinct().to_pyarrow().to_pylist()
        }
        rows = flow.replacements(stored, s).to_pylist()
        window = flow.window_events(stored, s).to_pyarrow()
    computed = Counter(
        (keys[r["person"]], r["start"], r["kind"], r["gap_days"], r["group"], r["outpatient"])
        for r in rows
    )
    assert computed == reference_replacements(events, s)
    assert flow.trajectory_patterns(flow.history(window, s), s) == reference_trajectories(events, s)
