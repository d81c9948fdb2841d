"""Benchmark: propensity-score matching in ``sikt.stats`` vs a scikit-learn/pandas baseline.

Default size: 10,000 treated against 1,000,000 comparison records with 10 covariates (issue 5;
target < 10 s). Prints the machine, wall times (first run and median of ``--repeat`` runs,
alternating the two implementations so background load hits both alike), peak traced memory
and the ratio to the baseline measured in the same run. Not part of the test suite.

    uv run python bench/stats_matching.py            # full size
    uv run python bench/stats_matching.py --small    # 1,000 vs 100,000 (quick check)
    uv run python bench/stats_matching.py --treated 5000 --controls 200000 --covariates 5

The baseline is a straightforward implementation of the *same* matching (logit propensity
model, 1-nearest neighbour with replacement on the logit score, ATT, SMD balance before/after)
with ``sklearn.linear_model.LogisticRegression`` (no penalty), ``sklearn.neighbors.
NearestNeighbors`` and pandas. Sikt additionally computes the Abadie–Imbens standard errors
(with the 2016 adjustment for the estimated score) and common-support diagnostics.

The two ATTs differ slightly because scikit-learn's L-BFGS stops short of the maximum-likelihood
logit (about 5e-7 on the logit scale even at ``tol=1e-10``; Sikt's Newton fit agrees with
statsmodels to ~1e-14), which changes a few nearest neighbours among a million controls. Given
identical scores, the two find identical neighbours (``tests/stats/test_stats_matching.py``).
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import resource
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

os.environ.setdefault("OMP_NUM_THREADS", "2")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "2")
os.environ.setdefault("MKL_NUM_THREADS", "2")

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.neighbors import NearestNeighbors

from sikt.stats import propensity_matching

# Both libraries are imported before timing: the figures are for the matching, not imports.


def make_data(n_treated: int, n_controls: int, k: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    n = n_treated + n_controls
    t = np.r_[np.ones(n_treated), np.zeros(n_controls)]
    X = rng.normal(size=(n, k))
    X[:n_treated] += 0.3  # treated differ on every covariate
    if k >= 2:
        X[:, k - 1] = (X[:, k - 1] > 0.5).astype(float)  # one 0/1 covariate
    beta = np.linspace(0.5, 1.0, k)
    y = X @ beta + 2.0 * t + rng.normal(size=n)
    frame = pd.DataFrame(X, columns=[f"x{i + 1}" for i in range(k)])
    frame["y"] = y
    frame["t"] = t
    return frame


def sikt_matching(frame: pd.DataFrame, covariates: list[str]) -> float:
    r = propensity_matching(frame, "y", "t", covariates, replace=True, neighbours=1)
    return r.estimate


def baseline_matching(frame: pd.DataFrame, covariates: list[str]) -> float:
    X = frame[covariates].to_numpy()
    t = frame["t"].to_numpy()
    model = LogisticRegression(C=np.inf, max_iter=1000).fit(X, t)
    frame = frame.assign(logit=model.decision_function(X))
    treated = frame[frame.t == 1]
    controls = frame[frame.t == 0].reset_index(drop=True)
    nn = NearestNeighbors(n_neighbors=1).fit(controls[["logit"]].to_numpy())
    _, idx = nn.kneighbors(treated[["logit"]].to_numpy())
    matched = controls.iloc[idx[:, 0]]
    att = float((treated["y"].to_numpy() - matched["y"].to_numpy()).mean())
    # balance: SMD before and after, pooled pre-matching SD (Austin 2009)
    sd = np.sqrt((treated[covariates].var() + controls[covariates].var()) / 2)
    _before = (treated[covariates].mean() - controls[covariates].mean()) / sd
    _after = (treated[covariates].mean() - matched[covariates].mean()) / sd
    return att


def timed(func: Callable[..., float], *args: Any) -> tuple[float, float, float]:
    """Result, wall seconds and CPU seconds (all threads) of one call."""
    gc.collect()
    cpu = time.process_time()
    start = time.perf_counter()
    value = func(*args)
    return value, time.perf_counter() - start, time.process_time() - cpu


def peak_memory(func: Callable[..., float], *args: Any) -> float:
    """Peak traced memory (MiB) of one call, measured apart from timing: tracemalloc slows
    Python-level allocation, which would penalise the pandas-heavy baseline."""
    gc.collect()
    tracemalloc.start()
    func(*args)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def machine() -> str:
    cpu = platform.processor() or "?"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    import sklearn

    skl = sklearn.__version__
    return (
        f"{platform.system()} {platform.release()} | {cpu} | {os.cpu_count()} logical CPUs "
        f"(affinity {len(os.sched_getaffinity(0))}) | Python {sys.version.split()[0]} | "
        f"numpy {np.__version__} | pandas {pd.__version__} | scikit-learn {skl}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--treated", type=int, default=10_000)
    parser.add_argument("--controls", type=int, default=1_000_000)
    parser.add_argument("--covariates", type=int, default=10)
    parser.add_argument("--small", action="store_true", help="1,000 vs 100,000")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each (median)")
    parser.add_argument(
        "--baseline-first", action="store_true", help="run the baseline before sikt.stats"
    )
    args = parser.parse_args()
    if args.small:
        args.treated, args.controls = 1_000, 100_000
    print(f"machine: {machine()}")
    print(f"load average before the run: {os.getloadavg()[0]:.2f} (1 min)")
    print(
        f"size: {args.treated:,} treated vs {args.controls:,} comparison records, "
        f"{args.covariates} covariates"
    )
    frame = make_data(args.treated, args.controls, args.covariates, args.seed)
    covariates = [f"x{i + 1}" for i in range(args.covariates)]
    runs: dict[str, list[float]] = {"sikt": [], "baseline": []}
    cpus: dict[str, list[float]] = {"sikt": [], "baseline": []}
    atts: dict[str, float] = {}
    order = ["baseline", "sikt"] if args.baseline_first else ["sikt", "baseline"]
    if args.no_baseline:
        order = ["sikt"]
    funcs = {"sikt": sikt_matching, "baseline": baseline_matching}
    for _ in range(args.repeat):  # alternate, so background load hits both alike
        for name in order:
            atts[name], wall, cpu = timed(funcs[name], frame, covariates)
            runs[name].append(wall)
            cpus[name].append(cpu)
    peaks = {name: peak_memory(funcs[name], frame, covariates) for name in order}
    label = {"sikt": "sikt.stats", "baseline": "baseline (scikit-learn/pandas)"}
    for name in order:
        w = runs[name]
        print(
            f"{label[name]}: ATT {atts[name]:.4f}  wall first {w[0]:.2f} s, median "
            f"{statistics.median(w):.2f} s, min {min(w):.2f} s over {len(w)} runs; CPU median "
            f"{statistics.median(cpus[name]):.2f} s; peak traced memory {peaks[name]:,.0f} MiB"
        )
    if not args.no_baseline:
        med = statistics.median(runs["sikt"]) / statistics.median(runs["baseline"])
        first = runs["sikt"][0] / runs["baseline"][0]
        mem = peaks["sikt"] / peaks["baseline"]
        print(
            f"ratio sikt/baseline: wall median {med:.2f}, first run {first:.2f}; memory {mem:.2f}"
        )
    wall = statistics.median(runs["sikt"])
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process peak RSS (whole run incl. data): {rss:,.0f} MiB")
    print(f"target < 10 s: {'met' if wall < 10 else 'NOT met'}")


if __name__ == "__main__":
    main()
