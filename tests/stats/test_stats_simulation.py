"""Monte Carlo checks on simulated data with a known effect (fixed seeds).

For each estimator, 400 simulated data sets: the mean estimate must lie within 4 Monte Carlo
standard errors of the truth (unbiased), and the 95 % interval must cover the truth in
95 % ± 3 binomial standard errors of the simulations (91.7–98.3 %; an interval built on a wrong
standard error, e.g. one ignoring clustering, covers 85–90 % and fails). 400 rather than 1,000
keeps the whole suite within its time budget on a two-core machine. Slow: ``pytest -m slow``.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest

from sikt.stats import (
    EffectResult,
    before_after,
    diff_in_means,
    difference_in_differences,
    propensity_matching,
    regression_adjustment,
)

N_SIM = 400
#: The coverage band: 95 % ± 3 binomial standard errors at N_SIM data sets.
COVERAGE_BAND = 3 * math.sqrt(0.95 * 0.05 / N_SIM)
pytestmark = pytest.mark.slow


def _check(
    simulate: Callable[[np.random.Generator], tuple[EffectResult, float]], seed: int
) -> None:
    rng = np.random.default_rng(seed)
    est, covered, truths = [], 0, []
    for _ in range(N_SIM):
        r, truth = simulate(rng)
        est.append(r.estimate - truth)
        truths.append(truth)
        covered += r.ci_low <= truth <= r.ci_high
    err = np.asarray(est)
    mc_se = err.std(ddof=1) / math.sqrt(N_SIM)
    assert abs(err.mean()) < 4 * mc_se, f"bias {err.mean():.4f} (MC se {mc_se:.4f})"
    coverage = covered / N_SIM
    assert abs(coverage - 0.95) <= COVERAGE_BAND, f"coverage {coverage:.3f}"


def test_diff_in_means_rct() -> None:
    def sim(rng: np.random.Generator) -> tuple[EffectResult, float]:
        n = 120
        t = rng.permutation(np.r_[np.ones(50), np.zeros(n - 50)])
        y = 10 + 0.5 * t + rng.normal(size=n) * np.where(t == 1, 2.0, 1.0)  # unequal variances
        return diff_in_means(pd.DataFrame({"y": y, "t": t}), "y", "t"), 0.5

    _check(sim, 1)


def test_regression_adjustment_hc2() -> None:
    def sim(rng: np.random.Generator) -> tuple[EffectResult, float]:
        n = 200
        x = rng.normal(size=n)
        t = (rng.random(n) < 1 / (1 + np.exp(-x))).astype(float)  # selection on x
        y = 1 + 2 * x + 0.7 * t + rng.normal(size=n) * (0.5 + np.abs(x))  # heteroskedastic
        df = pd.DataFrame({"y": y, "t": t, "x": x})
        return regression_adjustment(df, "y", "t", ["x"]), 0.7

    _check(sim, 2)


def _observational(rng: np.random.Generator, n: int) -> tuple[pd.DataFrame, float]:
    x1 = rng.normal(size=n)
    x2 = rng.binomial(1, 0.5, n).astype(float)
    score = -1.2 + 0.8 * x1 - 0.5 * x2
    t = (rng.random(n) < 1 / (1 + np.exp(-score))).astype(float)
    tau = 1.0 + 0.5 * x1  # heterogeneous effect
    y = x1 + x2 + tau * t + rng.normal(size=n)
    return pd.DataFrame({"y": y, "t": t, "x1": x1, "x2": x2}), ATT_TRUTH


def _att_truth() -> float:
    # population ATT = 1 + 0.5·E[x1 | T = 1], by a large fixed-seed draw
    rng = np.random.default_rng(12345)
    x1 = rng.normal(size=4_000_000)
    x2 = rng.binomial(1, 0.5, x1.size)
    p = 1 / (1 + np.exp(-(-1.2 + 0.8 * x1 - 0.5 * x2)))
    return float(1.0 + 0.5 * np.sum(p * x1) / np.sum(p))


ATT_TRUTH = _att_truth()


@pytest.mark.parametrize(("replace", "k"), [(True, 1), (True, 4)])
def test_matching_with_replacement(replace: bool, k: int) -> None:
    def sim(rng: np.random.Generator) -> tuple[EffectResult, float]:
        df, truth = _observational(rng, 800)
        # no trimming, so the estimand stays the population ATT (trimming drops high-score
        # treated, whose effect is larger in this design)
        r = propensity_matching(
            df, "y", "t", ["x1", "x2"], replace=replace, neighbours=k, discard="none"
        )
        return r, truth

    _check(sim, 3 + k)


def test_matching_without_replacement() -> None:
    def sim(rng: np.random.Generator) -> tuple[EffectResult, float]:
        n = 800
        x = rng.normal(size=n)
        t = (rng.random(n) < 1 / (1 + np.exp(-(-1.5 + 0.5 * x)))).astype(float)
        y = x + 1.0 * t + rng.normal(size=n)
        return propensity_matching(pd.DataFrame({"y": y, "t": t, "x": x}), "y", "t", ["x"]), 1.0

    _check(sim, 6)


def test_did_two_way_fixed_effects_clustered() -> None:
    periods = np.arange(4)

    def sim(rng: np.random.Generator) -> tuple[EffectResult, float]:
        g_units = 100
        unit = np.repeat(np.arange(g_units), periods.size)
        per = np.tile(periods, g_units)
        grp = (unit < 40).astype(float)
        alpha = rng.normal(size=g_units)[unit] + 0.8 * grp  # groups differ in level
        e = np.zeros(unit.size)
        shocks = rng.normal(size=unit.size)
        for p in periods:  # AR(1) errors within unit: clustering matters
            idx = per == p
            e[idx] = shocks[idx] + (0.6 * e[per == p - 1] if p else 0.0)
        y = alpha + 0.3 * per + 1.0 * grp * (per >= 2) + e
        df = pd.DataFrame({"y": y, "g": grp, "u": unit, "p": per})
        return difference_in_differences(df, "y", "g", "u", "p", first_treated_period=2), 1.0

    _check(sim, 7)


def test_before_after_paired() -> None:
    def sim(rng: np.random.Generator) -> tuple[EffectResult, float]:
        n = 60
        base = rng.normal(size=n)
        y = np.r_[base + rng.normal(size=n), base + 0.4 + rng.normal(size=n)]
        df = pd.DataFrame({"id": np.r_[np.arange(n), np.arange(n)], "p": [0] * n + [1] * n,
                           "y": y})  # fmt: skip
        return before_after(df, "y", "p", unit="id"), 0.4

    _check(sim, 8)


def test_regression_cluster_robust_group_randomised() -> None:
    """Whole schools randomised: cluster-robust errors by school (40 clusters of 20)."""

    def sim(rng: np.random.Generator) -> tuple[EffectResult, float]:
        schools, size = 40, 20
        school = np.repeat(np.arange(schools), size)
        treated_school = rng.permutation(np.r_[np.ones(20), np.zeros(20)])
        t = treated_school[school]
        x = rng.normal(size=school.size)
        y = 0.3 * t + 0.5 * x + rng.normal(0, 0.6, schools)[school] + rng.normal(size=school.size)
        df = pd.DataFrame({"y": y, "t": t, "x": x, "school": school})
        return regression_adjustment(df, "y", "t", ["x"], cluster="school"), 0.3

    _check(sim, 9)
