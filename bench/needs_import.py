"""Benchmark: importing a 1,000,000-row indicator CSV with full validation (sikt.analysis).

Prints rows per second against the target (≥ 200,000 rows/s) and the machine. The file is
generated (Swedish style: semicolons, decimal commas, Kolada sex codes) and imported into a
fresh DuckDB file, validation included. Baseline in the same run: Python's csv module reading
and parsing the same file row by row (no validation, no writing).

    .venv/bin/python bench/needs_import.py [--rows 1000000]
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import platform
import tempfile
import time
from pathlib import Path

import duckdb
import numpy as np

from sikt.analysis.importers import import_indicator_values
from sikt.analysis.store import IndicatorDefinition, IndicatorStore


def generate(rows: int, seed: int = 1) -> bytes:
    rng = np.random.default_rng(seed)
    indicators = np.array([f"N{i:05d}" for i in range(20)])
    areas = np.array([f"{i:04d}" for i in range(114, 2600, 2)])[:1250]
    sexes = np.array(["T", "K", "M"])
    ind = indicators[rng.integers(0, len(indicators), rows)]
    # Unique keys: row i gets area/period/sex/category from its index.
    index = np.arange(rows)
    area = areas[index % len(areas)]
    period = 2000 + (index // len(areas)) % 25
    sex = sexes[(index // (len(areas) * 25)) % 3]
    category = (index // (len(areas) * 25 * 3)).astype(str)
    values = np.char.replace(np.round(rng.normal(50, 15, rows), 2).astype(str), ".", ",")
    lines = ["indikator;område;år;kön;dimension;kategori;värde"]
    body = np.char.add(ind, ";")
    for column in (area, period.astype(str), sex, np.full(rows, "Grupp"), category, values):
        body = np.char.add(np.char.add(body, column), ";")
    lines.extend(line[:-1] for line in body.tolist())
    return ("\n".join(lines) + "\n").encode("utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    data = generate(args.rows)
    before = os.getloadavg()[0]
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, DuckDB {duckdb.__version__}, load average {before:.1f}"
    )
    print(f"file: {args.rows:,} rows, {len(data) / 1e6:.1f} MB")

    started = time.perf_counter()
    reader = csv.reader(io.StringIO(data.decode("utf-8")), delimiter=";")
    next(reader)
    for row in reader:
        float(row[-1].replace(",", "."))
    baseline = time.perf_counter() - started

    with tempfile.TemporaryDirectory() as directory:
        store = IndicatorStore(Path(directory) / "bench.duckdb")
        store.define([IndicatorDefinition(f"N{i:05d}", f"Indikator {i}") for i in range(20)])
        import_indicator_values(store, "warm-up.csv", generate(100))  # a running server's state
        started, cpu = time.perf_counter(), time.process_time()
        summary = import_indicator_values(store, "bench.csv", data)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        assert summary.rows == args.rows == store.count()
    rate = args.rows / elapsed
    print(f"import with validation: {elapsed:.2f} s, {rate:,.0f} rows/s (target ≥ 200,000)")
    print(
        f"  CPU time {cpu:.2f} s (all threads; wall time suffers when other work shares the cores)"
    )
    print(f"  load average before/after: {before:.1f} / {os.getloadavg()[0]:.1f}")
    print(f"baseline, csv module parse only: {baseline:.2f} s ({args.rows / baseline:,.0f} rows/s)")
    print(f"ratio: {baseline / elapsed:.1f}× the baseline's speed")


if __name__ == "__main__":
    main()
