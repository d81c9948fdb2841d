"""Benchmark: flow analysis over 1,000,000 persons and 10,000,000 events (sikt.analysis.flow).

The register is generated (:func:`sikt.analysis.examples.random_events`, persons named by
32-character hexadecimal pseudonyms as an upload's keyed pseudonyms are; not timed) and then
loaded, timed on its own: into the indicator store's DuckDB file as an uploaded event file is
kept (:func:`sikt.analysis.datasets.save_event_dataset`: integer person keys, end order), and
into a pandas DataFrame as the file is. The analysis
is then timed on the loaded data, ``--repeat`` times each (minimum and median printed): Sikt's
flow analysis (:func:`sikt.analysis.flow_results.run`: the selection in DuckDB, the pass over
the outcome population's events in numpy; re-placement groups with outpatient support,
trajectory patterns, Sankey transitions, timeline — with suppression) and a straightforward
pandas implementation of the same analysis in the same run, with the ratio of the medians;
pandas is also timed with integer person keys, so the ratio that storage choice accounts for
shows.
Wall time, CPU time (all threads), peak memory and the load average before and after are
printed. Targets: < 2 s, ≥ 10× faster than pandas, < 4 GiB.

    .venv/bin/python bench/needs_flow.py [--persons 1000000] [--events-per-person 10]
        [--repeat 3] [--no-pandas]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import resource
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from sikt.analysis import examples, flow
from sikt.analysis.datasets import dataset_table, save_event_dataset
from sikt.analysis.flow_results import run
from sikt.analysis.store import IndicatorStore

REFERENCE = date(2024, 6, 30)
PAGE = os.sysconf("SC_PAGE_SIZE")


class PeakMemory:
    """Peak resident memory of this process while a block runs (sampled every 10 ms)."""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()

    @staticmethod
    def rss() -> int:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * PAGE

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self.rss())
            time.sleep(0.01)

    def __enter__(self) -> PeakMemory:
        self.peak = self.rss()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def pandas_flow(events: pd.DataFrame, s: flow.FlowSettings) -> dict[str, Any]:
    """The same analysis written plainly in pandas (the baseline)."""
    ref, first = pd.Timestamp(s.reference_date), pd.Timestamp(s.window_start)
    outcome = events["kind"].isin(s.outcome_kinds)
    current = outcome & (events["start"] <= ref) & (events["end"].isna() | (events["end"] >= ref))
    people = events.loc[current, "person"].unique()
    window = events[
        events["person"].isin(people)
        & (events["start"] <= ref)
        & (events["end"].isna() | (events["end"] >= first))
    ]
    # In time order; on the same day an outcome placement comes first.
    placed = window[~window["kind"].isin(s.outpatient_kinds)]
    placed = placed.assign(later=~placed["kind"].isin(s.outcome_kinds)).sort_values(
        ["person", "start", "later", "end", "kind"]
    )
    placed = placed.assign(step=placed.groupby("person").cumcount() + 1)
    # Re-placements.
    out = placed[placed["kind"].isin(s.outcome_kinds)].copy()
    grouped = out.groupby("person")
    out["previous_start"] = grouped["start"].shift()
    out["previous_end"] = grouped["end"].shift()
    moved = out[out["previous_start"].notna() & (out["start"] >= first)].copy()
    moved["left_at"] = moved["previous_end"].fillna(moved["start"]).clip(upper=moved["start"])
    others = placed[~placed["kind"].isin(s.outcome_kinds)][["person", "start"]]
    pairs = moved[["person", "start", "kind", "left_at"]].merge(
        others.rename(columns={"start": "other_start"}), on="person"
    )
    pairs = pairs[
        (pairs["other_start"] >= pairs["left_at"]) & (pairs["other_start"] < pairs["start"])
    ]
    between = pairs.groupby(["person", "start", "kind"]).size().rename("between")
    support = window[window["kind"].isin(s.outpatient_kinds)][["person", "start", "end"]]
    helps = moved[["person", "start", "kind", "left_at"]].merge(
        support.rename(columns={"start": "s_start", "end": "s_end"}), on="person"
    )
    helps = helps[
        (helps["s_start"] < helps["start"]) & (helps["s_end"].fillna(ref) >= helps["left_at"])
    ]
    helped = helps.groupby(["person", "start", "kind"]).size().rename("supports")
    moved = moved.set_index(["person", "start", "kind"]).join(between).join(helped).reset_index()
    gap = (moved["start"] - moved["left_at"]).dt.days
    moved["group"] = "gap"
    moved.loc[gap <= s.direct_days, "group"] = "direct"
    moved.loc[moved["between"].fillna(0) > 0, "group"] = "via_other"
    moved["outpatient"] = moved["supports"].fillna(0) > 0
    groups = moved.groupby("group").agg(n=("person", "size"), with_outpatient=("outpatient", "sum"))
    # Trajectory patterns, transitions and timeline.
    first_steps = placed[placed["step"] <= s.max_steps]
    wide = first_steps.pivot(index="person", columns="step", values="kind")
    patterns = wide.fillna("").groupby(list(wide.columns)).size()
    nxt = placed[["person", "step", "kind"]].assign(step=placed["step"] - 1)
    links = placed.merge(nxt, on=["person", "step"], suffixes=("", "_next"))
    links = links[links["step"] < s.max_steps].groupby(["step", "kind", "kind_next"]).size()
    late = moved[moved["group"] != "direct"]
    months = late.groupby([(gap[late.index] // 30), late["outpatient"]]).size()
    return {"groups": groups, "patterns": patterns, "links": links, "months": months}


def timed(label: str, work: Callable[[], Any]) -> tuple[float, int, Any]:
    with PeakMemory() as memory:
        started, cpu = time.perf_counter(), time.process_time()
        result = work()
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"{label}: {elapsed:.2f} s (CPU {cpu:.2f} s), peak memory {memory.peak / 2**30:.2f} GiB")
    return elapsed, memory.peak, result


def repeated(label: str, work: Callable[[], Any], times: int) -> tuple[float, int, Any]:
    """``work`` timed ``times`` times: the median wall time, the highest peak memory and the
    last result; each run and the minimum and median are printed."""
    runs = [timed(f"  {label}, run {i + 1}", work) for i in range(times)]
    walls = [wall for wall, _peak, _result in runs]
    median = statistics.median(walls)
    print(f"  {label}: min {min(walls):.2f} s, median {median:.2f} s")
    return median, max(peak for _wall, peak, _result in runs), runs[-1][2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--events-per-person", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-pandas", action="store_true")
    args = parser.parse_args()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, "
        f"{os.sysconf('SC_PHYS_PAGES') * PAGE / 2**30:.0f} GiB, "
        f"Python {platform.python_version()}, DuckDB {duckdb.__version__}, "
        f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}"
    )
    events = _pseudonymised(examples.random_events(args.persons, args.events_per_person))
    print(f"register: {args.persons:,} persons, {events.num_rows:,} events (generated, not timed)")
    settings = flow.FlowSettings(reference_date=REFERENCE)
    print("Loading (timed apart from the analysis):")
    with tempfile.TemporaryDirectory() as directory:
        store = IndicatorStore(Path(directory) / "store.duckdb")
        timed(
            "  into the store's DuckDB file, as an upload is kept",
            lambda: save_event_dataset(store, "bench", events),
        )
        frame = timed("  into a pandas DataFrame", lambda: _frame(events))[2]
        print("Analysis on the loaded data:")
        with dataset_table(store, "bench") as table:
            elapsed, peak, result = repeated(
                "Sikt (DuckDB and numpy)", lambda: run(table, settings), args.repeat
            )
    print(
        f"  outcome population's re-placements: {result.replacements}, groups "
        + ", ".join(f"{g.key}={g.n}" for g in result.groups)
    )
    if not args.no_pandas:
        baseline, _peak, base = repeated(
            "pandas baseline", lambda: pandas_flow(frame, settings), args.repeat
        )
        print("  pandas groups:", ", ".join(f"{k}={n}" for k, n in base["groups"]["n"].items()))
        frame["person"] = frame["person"].astype("category").cat.codes
        keyed = repeated(
            "pandas, integer person keys", lambda: pandas_flow(frame, settings), args.repeat
        )[0]
        print(
            f"ratio of medians: Sikt is {baseline / elapsed:.1f}× faster than pandas on the file "
            f"as uploaded (target ≥ 10×), {keyed / elapsed:.1f}× than pandas with integer keys"
        )
    print(
        f"targets: wall < 2 s ({'met' if elapsed < 2 else 'NOT met'}), memory < 4 GiB "
        f"({'met' if peak < 4 * 2**30 else 'NOT met'})"
    )
    print(f"process peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20:.2f} GiB")
    print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


def _pseudonymised(events: pa.Table) -> pa.Table:
    """``events`` with each person named by a 32-character hexadecimal pseudonym (the length
    of :func:`sikt.analysis.identity.pseudonymise`'s), the same for all of a person's events."""
    codes = pc.dictionary_encode(events.column("person")).combine_chunks()
    names = pa.array(
        hashlib.blake2b(str(i).encode(), digest_size=16).hexdigest()
        for i in range(len(codes.dictionary))
    )
    return events.set_column(0, "person", names.take(codes.indices))


def _frame(events: pa.Table) -> pd.DataFrame:
    frame = events.to_pandas()
    frame["start"] = pd.to_datetime(frame["start"])
    frame["end"] = pd.to_datetime(frame["end"])
    return frame


if __name__ == "__main__":
    main()
