"""Benchmark: the doubly robust estimator (AIPW) in ``sikt.stats`` vs a statsmodels baseline.

Default size: 1,000,000 records with 10 covariates (issue 11; target ≤ 5 s). Prints the machine,
wall and CPU times (first run and median of ``--repeat`` runs, alternating the two
implementations so background load hits both alike), peak traced memory and the ratio to the
baseline measured in the same run. Not part of the test suite.

    uv run python bench/stats_doubly_robust.py            # full size
    uv run python bench/stats_doubly_robust.py --small    # 100,000 records (quick check)
    uv run python bench/stats_doubly_robust.py --n 300000 --covariates 5 --estimand ATT

The baseline is a straightforward statsmodels implementation of the *same* estimator: the
propensity score by ``sm.Logit``, one ``sm.OLS`` outcome regression per group, the AIPW formula
and the plain influence-function standard error. Sikt additionally includes the estimation of
the three models in the standard error (so the interval holds when only one model is right), the
weighted balance table, Kish's effective sample sizes and the E-value. Both start from the same
pandas DataFrame, so the baseline's design matrices count against it as Sikt's validation does.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys

os.environ.setdefault("OMP_NUM_THREADS", "2")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "2")
os.environ.setdefault("MKL_NUM_THREADS", "2")

import numpy as np
import pandas as pd
import statsmodels
import statsmodels.api as sm

from sikt.stats import doubly_robust
from stats_matching import machine, peak_memory, timed

# Both libraries are imported before timing: the figures are for the estimation, not imports.


def make_data(n: int, k: int, seed: int) -> pd.DataFrame:
    """Register-like data: normal covariates, yearly earnings in SEK, a 0/1 dummy; ~10 %
    take part, more so with low earnings; a heterogeneous effect of 2."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, k))
    if k >= 2:
        X[:, k - 1] = (X[:, k - 1] > 0.5).astype(float)  # one 0/1 covariate
    if k >= 3:
        X[:, k - 2] = np.exp(12.5 + 0.5 * X[:, k - 2])  # earnings in kronor
    z = (X - X.mean(axis=0)) / X.std(axis=0)
    beta = np.linspace(-0.4, 0.4, k)
    t = (rng.random(n) < 1 / (1 + np.exp(-(-2.3 + z @ beta)))).astype(float)
    y = z @ np.linspace(0.5, 1.0, k) + t * (2.0 + 0.3 * z[:, 0]) + rng.normal(size=n)
    frame = pd.DataFrame(X, columns=[f"x{i + 1}" for i in range(k)])
    frame["y"] = y
    frame["t"] = t
    return frame


def sikt_aipw(frame: pd.DataFrame, covariates: list[str], estimand: str) -> tuple[float, float]:
    r = doubly_robust(frame, "y", "t", covariates, estimand=estimand)
    return r.estimate, r.se


def baseline_aipw(frame: pd.DataFrame, covariates: list[str], estimand: str) -> tuple[float, float]:
    X = sm.add_constant(frame[covariates].to_numpy())
    t = frame["t"].to_numpy()
    y = frame["y"].to_numpy()
    e = sm.Logit(t, X).fit(disp=0).predict(X)
    treated = t == 1
    m0 = sm.OLS(y[~treated], X[~treated]).fit().predict(X)
    if estimand == "ATE":
        m1 = sm.OLS(y[treated], X[treated]).fit().predict(X)
        psi = m1 - m0 + t * (y - m1) / e - (1 - t) * (y - m0) / (1 - e)
        tau = float(psi.mean())
        return tau, float(psi.std(ddof=0) / np.sqrt(y.size))
    odds = (1 - t) * e / (1 - e)
    a = t * (y - m0)
    b = odds * (y - m0)
    mu_a, mu_b = a.sum() / t.sum(), b.sum() / odds.sum()
    infl = (a - t * mu_a) / t.mean() - (b - odds * mu_b) / odds.mean()
    return float(mu_a - mu_b), float(np.sqrt(infl @ infl) / y.size)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--covariates", type=int, default=10)
    parser.add_argument("--estimand", default="ATE", choices=["ATE", "ATT"])
    parser.add_argument("--small", action="store_true", help="100,000 records")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each (median)")
    args = parser.parse_args()
    if args.small:
        args.n = 100_000
    print(f"machine: {machine()} | statsmodels {statsmodels.__version__}")
    print(f"load average before the run: {os.getloadavg()[0]:.2f} (1 min)")
    print(f"size: {args.n:,} records, {args.covariates} covariates, estimand {args.estimand}")
    frame = make_data(args.n, args.covariates, args.seed)
    print(f"share treated: {frame.t.mean():.3f}")
    covariates = [f"x{i + 1}" for i in range(args.covariates)]
    funcs = {"sikt": sikt_aipw, "baseline": baseline_aipw}
    order = ["sikt"] if args.no_baseline else ["sikt", "baseline"]
    runs: dict[str, list[float]] = {name: [] for name in order}
    cpus: dict[str, list[float]] = {name: [] for name in order}
    results: dict[str, tuple[float, float]] = {}
    for _ in range(args.repeat):  # alternate, so background load hits both alike
        for name in order:
            results[name], wall, cpu = timed(funcs[name], frame, covariates, args.estimand)
            runs[name].append(wall)
            cpus[name].append(cpu)
    peaks = {name: peak_memory(funcs[name], frame, covariates, args.estimand) for name in order}
    label = {"sikt": "sikt.stats", "baseline": "baseline (statsmodels)"}
    for name in order:
        w = runs[name]
        est, se = results[name]
        print(
            f"{label[name]}: {args.estimand} {est:.5f} (SE {se:.5f})  wall first {w[0]:.2f} s, "
            f"median {statistics.median(w):.2f} s, min {min(w):.2f} s over {len(w)} runs; CPU "
            f"median {statistics.median(cpus[name]):.2f} s; peak traced memory "
            f"{peaks[name]:,.0f} MiB"
        )
    if not args.no_baseline:
        med = statistics.median(runs["sikt"]) / statistics.median(runs["baseline"])
        cpu = statistics.median(cpus["sikt"]) / statistics.median(cpus["baseline"])
        mem = peaks["sikt"] / peaks["baseline"]
        print(f"ratio sikt/baseline: wall median {med:.2f}, CPU median {cpu:.2f}; memory {mem:.2f}")
    wall = statistics.median(runs["sikt"])
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process peak RSS (whole run incl. data): {rss:,.0f} MiB")
    print(f"target ≤ 5 s: {'met' if wall <= 5 else 'NOT met'} (median wall {wall:.2f} s)")


if __name__ == "__main__":
    sys.exit(main())
