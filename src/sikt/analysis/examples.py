"""Generated (fictional) individual-level data for tests, the benchmark and the demo.

:func:`guide_example_events` reproduces the worked example of the guide's flow analysis
(004 §3, figure 6): 200 re-placements among young people now in HVB or SiS — group 1 (60 %,
120) directly from one HVB/SiS to the next, group 2 (30 %, 60) via a period without placement,
of whom 20 % (12) had outpatient support in that period, and group 3 (10 %, 20) via a family
or emergency home, of whom 40 % (8) had outpatient support. Around them it puts people the
analysis must leave out: placements that ended before the reference date, people now in a
family home, and earlier history outside the look-back window.
"""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

import numpy as np
import pyarrow as pa

EVENT_SCHEMA = pa.schema(
    [
        ("person", pa.string()),
        ("start", pa.date32()),
        ("end", pa.date32()),
        ("kind", pa.string()),
    ]
)
GUIDE_REFERENCE_DATE = date(2024, 12, 31)


def _person(prefix: str, index: int) -> str:
    return hashlib.sha256(f"{prefix}-{index}".encode()).hexdigest()[:32]


class _Builder:
    def __init__(self, seed: int) -> None:
        self.rng = np.random.default_rng(seed)
        self.rows: list[tuple[str, date, date | None, str]] = []

    def days(self, low: int, high: int) -> timedelta:
        return timedelta(days=int(self.rng.integers(low, high + 1)))

    def add(self, person: str, start: date, end: date | None, kind: str) -> None:
        self.rows.append((person, start, end, kind))

    def table(self) -> pa.Table:
        order = self.rng.permutation(len(self.rows))
        rows = [self.rows[i] for i in order]
        return pa.table(
            {
                "person": [r[0] for r in rows],
                "start": [r[1] for r in rows],
                "end": [r[2] for r in rows],
                "kind": [r[3] for r in rows],
            },
            schema=EVENT_SCHEMA,
        )


def guide_example_events(seed: int = 2018, reference: date = GUIDE_REFERENCE_DATE) -> pa.Table:
    """Events whose flow analysis at ``reference`` (3 years back) gives the guide's figure 6."""
    b = _Builder(seed)
    outcome = ("HVB", "SiS")
    # Group 1: 120 directly from HVB/SiS to HVB/SiS (within a week); some had outpatient
    # support long before their first placement, which must not count.
    for i in range(120):
        person = _person("direct", i)
        first = reference - b.days(200, 900)
        left = first + b.days(30, 150)
        b.add(person, first, left, outcome[i % 2])
        b.add(person, left + b.days(0, 7), None, outcome[(i + 1) % 2])
        if i % 10 == 0:
            b.add(person, first - b.days(60, 120), first - b.days(20, 50), "outpatient")
    # Group 2: 60 via a period without placement; 12 with outpatient support in the gap.
    for i in range(60):
        person = _person("gap", i)
        first = reference - b.days(500, 1000)
        left = first + b.days(30, 120)
        back = left + b.days(30, 300)
        b.add(person, first, left, outcome[i % 2])
        b.add(person, back, None, "HVB")
        if i < 12:
            b.add(person, left + b.days(1, 10), back - b.days(1, 10), "outpatient")
    # Group 3: 20 via family or emergency home; 8 with outpatient support meanwhile.
    for i in range(20):
        person = _person("via", i)
        first = reference - b.days(600, 1000)
        left = first + b.days(30, 120)
        middle_end = left + b.days(40, 200)
        back = middle_end + b.days(0, 20)
        b.add(person, first, left, "SiS" if i % 3 else "HVB")
        b.add(person, left + b.days(0, 5), middle_end, "family_home" if i % 2 else "emergency_home")
        b.add(person, back, None, "HVB")
        if i < 8:
            b.add(person, left + b.days(6, 20), middle_end - b.days(1, 10), "outpatient")
    # Not in the outcome population: re-placed, but discharged before the reference date.
    for i in range(80):
        person = _person("discharged", i)
        first = reference - b.days(500, 900)
        left = first + b.days(30, 100)
        b.add(person, first, left, "HVB")
        b.add(person, left + b.days(0, 5), reference - b.days(10, 100), "SiS")
    # Not in the outcome population: now in a family home.
    for i in range(40):
        person = _person("family", i)
        first = reference - b.days(300, 900)
        b.add(person, first, first + b.days(30, 90), "HVB")
        b.add(person, first + b.days(100, 200), None, "family_home")
    # In the population with one placement only, plus history before the look-back window.
    for i in range(30):
        person = _person("single", i)
        b.add(person, reference - b.days(2000, 2400), reference - b.days(1600, 1900), "HVB")
        b.add(person, reference - b.days(30, 400), None, "SiS")
    return b.table()


def random_events(persons: int, events_per_person: int, seed: int = 1) -> pa.Table:
    """A large random register (benchmark): ``persons × events_per_person`` events, vectorised."""
    rng = np.random.default_rng(seed)
    total = persons * events_per_person
    person_index = np.repeat(np.arange(persons), events_per_person)
    kinds = np.array(["HVB", "SiS", "family_home", "emergency_home", "outpatient"])
    kind = kinds[rng.choice(5, size=total, p=[0.25, 0.1, 0.2, 0.1, 0.35])]
    # Consecutive events per person move forward in time from a random start.
    base = rng.integers(0, 3000, persons)
    steps = rng.integers(1, 200, total).reshape(persons, events_per_person).cumsum(axis=1)
    start_days = (base[:, None] + steps).ravel()
    length = rng.integers(10, 250, total)
    epoch = np.datetime64("2015-01-01")
    start = epoch + start_days.astype("timedelta64[D]")
    end = start + length.astype("timedelta64[D]")
    ongoing = rng.random(total) < 0.05
    end_array = pa.array(end.astype("datetime64[D]"), mask=ongoing).cast(pa.date32())
    ids = np.char.add("p", person_index.astype(str))
    return pa.table(
        {
            "person": pa.array(ids),
            "start": pa.array(start.astype("datetime64[D]")).cast(pa.date32()),
            "end": end_array,
            "kind": pa.array(kind),
        },
        schema=EVENT_SCHEMA,
    )
