"""Flow analysis: the guide's worked example (004 §3, figure 6), on DuckDB and on Spark.

The same Ibis expressions run on both backends; the Spark tests (marker ``spark``, local mode,
one session for the module) assert results identical to DuckDB's.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from typing import Any

import ibis
import pyarrow as pa
import pytest

from sikt.analysis import examples, flow
from sikt.analysis.flow_results import run

SETTINGS = flow.FlowSettings(reference_date=examples.GUIDE_REFERENCE_DATE)


@pytest.fixture(scope="module")
def guide_events() -> pa.Table:
    return examples.guide_example_events()


@pytest.fixture(scope="module")
def duckdb_events(guide_events: pa.Table) -> Any:
    return ibis.duckdb.connect().create_table("events", guide_events)


def _small(rows: list[tuple[str, date, date | None, str]]) -> Any:
    table = pa.table(
        {
            "person": [r[0] for r in rows],
            "start": [r[1] for r in rows],
            "end": [r[2] for r in rows],
            "kind": [r[3] for r in rows],
        },
        schema=examples.EVENT_SCHEMA,
    )
    return ibis.duckdb.connect().create_table("events", table)


def test_reproduces_the_guides_three_groups(duckdb_events: Any) -> None:
    result = run(duckdb_events, SETTINGS)
    assert result.replacements == 200
    groups = {g.key: g for g in result.groups}
    assert (groups["direct"].n, groups["gap"].n, groups["via_other"].n) == (120, 60, 20)
    assert (groups["direct"].share, groups["gap"].share, groups["via_other"].share) == (
        pytest.approx(0.6),
        pytest.approx(0.3),
        pytest.approx(0.1),
    )
    assert (groups["gap"].with_outpatient, groups["gap"].outpatient_share) == (12, 0.2)
    assert (groups["via_other"].with_outpatient, groups["via_other"].outpatient_share) == (8, 0.4)
    assert groups["direct"].outpatient_share is None


def test_outcome_population_and_window(duckdb_events: Any) -> None:
    people = flow.population(duckdb_events, SETTINGS).count().execute()
    # 120 + 60 + 20 re-placed, 30 with a single placement in the window; not the 80
    # discharged before the reference date nor the 40 now in a family home.
    assert people == 230
    patterns = run(duckdb_events, SETTINGS).patterns
    # The 30 with an HVB placement before the window have only their SiS placement left.
    assert {p.steps: p.n for p in patterns}[("SiS",)] == 30


def test_trajectories_transitions_and_timeline(duckdb_events: Any) -> None:
    result = run(duckdb_events, SETTINGS)
    by_steps = {p.steps: p.n for p in result.patterns}
    assert by_steps[("HVB", "SiS")] + by_steps[("SiS", "HVB")] + by_steps[("HVB", "HVB")] == 180
    assert sum(p.n for p in result.patterns) <= 230
    first_moves = {(link.source, link.target): link.n for link in result.links if link.step == 1}
    assert first_moves[("HVB", "SiS")] == 60
    assert all(link.n >= 5 for link in result.links)
    assert sum((m.with_outpatient or 0) + (m.without_outpatient or 0) for m in result.months) <= 80
    # By quarter (0–2, 3–5, … 12+ months), so that the timeline is not all hidden cells.
    assert [m.months for m in result.months] == [0, 3, 6, 9, 12]
    shown = [n for m in result.months for n in (m.with_outpatient, m.without_outpatient) if n]
    assert shown and all(n >= 5 for n in shown)


def test_small_groups_are_suppressed() -> None:
    ref = date(2024, 1, 1)
    rows: list[tuple[str, date, date | None, str]] = []
    for i in range(7):  # 7 direct re-placements
        rows += [(f"d{i}", date(2023, 1, 1), date(2023, 2, 1), "HVB")]
        rows += [(f"d{i}", date(2023, 2, 2), None, "SiS")]
    for i in range(2):  # 2 after a gap, one with outpatient support
        rows += [(f"g{i}", date(2022, 1, 1), date(2022, 2, 1), "HVB")]
        rows += [(f"g{i}", date(2023, 1, 1), None, "HVB")]
    rows += [("g0", date(2022, 5, 1), date(2022, 6, 1), "outpatient")]
    result = run(_small(rows), flow.FlowSettings(reference_date=ref))
    groups = {g.key: g for g in result.groups}
    assert groups["gap"].n is None and groups["gap"].with_outpatient is None
    # Total minus the published groups would give the gap group away, so it is hidden too.
    assert result.replacements is None or groups["direct"].n is None


def test_direct_threshold_and_ongoing_previous_placement() -> None:
    rows: list[tuple[str, date, date | None, str]] = [
        ("a", date(2023, 1, 1), None, "HVB"),  # still open when the next one starts
        ("a", date(2023, 5, 1), None, "SiS"),
        ("b", date(2023, 1, 1), date(2023, 2, 1), "SiS"),
        ("b", date(2023, 2, 20), None, "SiS"),  # 19 days later
    ]
    events = _small(rows)
    ref = date(2024, 1, 1)
    groups = lambda days: {  # noqa: E731
        r["person"]: r["group"]
        for r in flow.replacements(events, flow.FlowSettings(ref, direct_days=days)).to_pylist()
    }
    assert groups(7) == {"a": "direct", "b": "gap"}
    assert groups(30) == {"a": "direct", "b": "direct"}


def test_what_starts_on_the_day_of_the_replacement_is_not_between() -> None:
    rows: list[tuple[str, date, date | None, str]] = [
        ("a", date(2023, 1, 1), date(2023, 2, 1), "HVB"),
        ("a", date(2023, 6, 1), None, "SiS"),
        ("a", date(2023, 6, 1), date(2023, 7, 1), "outpatient"),
        ("a", date(2023, 6, 1), date(2023, 6, 20), "family_home"),
        ("b", date(2023, 1, 1), date(2023, 2, 1), "HVB"),
        ("b", date(2023, 5, 31), date(2023, 6, 1), "outpatient"),
        ("b", date(2023, 5, 31), date(2023, 6, 1), "emergency_home"),
        ("b", date(2023, 6, 1), None, "SiS"),
    ]
    events = _small(rows)
    s = flow.FlowSettings(reference_date=date(2024, 1, 1))
    moved = {
        r["person"]: (r["group"], r["outpatient"], r["gap_days"])
        for r in flow.replacements(events, s).to_pylist()
    }
    assert moved == {"a": ("gap", False, 120), "b": ("via_other", True, 120)}
    window = flow.window_events(events, s).to_pyarrow()
    patterns = set(flow.trajectory_patterns(flow.history(window, s), s))
    # On the same day the HVB/SiS placement comes first.
    assert patterns == {("HVB", "SiS", "family_home"), ("HVB", "emergency_home", "SiS")}


def test_an_event_without_a_kind_is_refused() -> None:
    rows: list[tuple[str, date, date | None, str]] = [
        ("a", date(2023, 1, 1), None, "HVB"),
        ("a", date(2022, 1, 1), date(2022, 2, 1), None),  # type: ignore[list-item]
    ]
    with pytest.raises(ValueError, match="1 of the population's events have no kind"):
        run(_small(rows), flow.FlowSettings(reference_date=date(2024, 1, 1)))


# -- the same on Apache Spark (local mode) ------------------------------------------------


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    pytest.importorskip("pyspark")
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("sikt-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def _spark_events(spark: Any, table: pa.Table, name: str) -> Any:
    frame = spark.createDataFrame(
        [tuple(row.values()) for row in table.to_pylist()],
        schema="person string, start date, `end` date, kind string",
    )
    frame.createOrReplaceTempView(name)
    return ibis.pyspark.connect(spark).table(name)


@pytest.mark.spark
def test_spark_gives_identical_results(
    spark: Any, guide_events: pa.Table, duckdb_events: Any
) -> None:
    on_spark = run(_spark_events(spark, guide_events, "guide_events"), SETTINGS)
    on_duckdb = run(duckdb_events, SETTINGS)
    assert on_spark == on_duckdb
    assert on_spark.replacements == 200


@pytest.mark.spark
def test_spark_replacement_rows_match_duckdb(
    spark: Any, guide_events: pa.Table, duckdb_events: Any
) -> None:
    columns = ["person", "start", "kind", "gap_days", "group", "outpatient"]

    def rows(events: Any) -> list[tuple[Any, ...]]:
        table = flow.replacements(events, SETTINGS).select(columns)
        return sorted(tuple(r.values()) for r in table.to_pylist())

    assert rows(_spark_events(spark, guide_events, "guide_rows")) == rows(duckdb_events)
