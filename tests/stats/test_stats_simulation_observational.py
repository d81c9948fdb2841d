"""Monte Carlo checks of the observational estimators on simulated data with a known effect.

As ``test_stats_simulation.py``: 400 data sets per estimator with fixed seeds; the mean error
must lie within 4 Monte Carlo standard errors of zero and the 95 % interval must cover the
truth in 95 % ± 3 binomial standard errors of the data sets. Rosenbaum bounds are checked for
validity under a known hidden bias. Slow: run with ``pytest -m slow``.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest

from sikt.stats import (
    EffectResult,
    doubly_robust,
    inverse_probability_weighting,
    propensity_matching,
    rosenbaum_bounds,
)
from tests.stats.test_stats_simulation import N_SIM
from tests.stats.test_stats_simulation import _check as check_bias_and_coverage

pytestmark = pytest.mark.slow


def _check(
    simulate: Callable[[np.random.Generator], EffectResult], truth: float, seed: int
) -> None:
    """Bias within 4 Monte Carlo SEs and coverage 95 % ± 3 SE (the shared simulation check)."""
    check_bias_and_coverage(lambda rng: (simulate(rng), truth), seed)


def _score(x1: np.ndarray, x2: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-(-0.8 + 0.8 * x1 - 0.6 * x2)))


def _population(rng: np.random.Generator, n: int, square: bool = False) -> pd.DataFrame:
    """Selection on x1 (continuous) and x2 (0/1); effect 1 + 0.5·x1 (heterogeneous)."""
    x1 = rng.normal(size=n)
    x2 = rng.binomial(1, 0.5, n).astype(float)
    t = (rng.random(n) < _score(x1, x2)).astype(float)
    base = x1 + x2 + (0.5 * x1**2 if square else 0.0)
    y = base + (1.0 + 0.5 * x1) * t + rng.normal(size=n)
    return pd.DataFrame({"y": y, "t": t, "x1": x1, "x2": x2})


def _att_truth() -> float:
    # population ATT = 1 + 0.5·E[x1 | T = 1], by a large fixed-seed draw
    rng = np.random.default_rng(54321)
    x1 = rng.normal(size=4_000_000)
    p = _score(x1, rng.binomial(1, 0.5, x1.size).astype(float))
    return float(1.0 + 0.5 * np.sum(p * x1) / np.sum(p))


ATE_TRUTH = 1.0  # E[1 + 0.5·x1] with E[x1] = 0
ATT_TRUTH = _att_truth()


@pytest.mark.parametrize(("estimand", "truth"), [("ATE", ATE_TRUTH), ("ATT", ATT_TRUTH)])
def test_ipw(estimand: str, truth: float) -> None:
    def sim(rng: np.random.Generator) -> EffectResult:
        df = _population(rng, 1000)
        return inverse_probability_weighting(df, "y", "t", ["x1", "x2"], estimand=estimand)

    _check(sim, truth, 11 if estimand == "ATE" else 12)


@pytest.mark.parametrize(("estimand", "truth"), [("ATE", ATE_TRUTH), ("ATT", ATT_TRUTH)])
def test_aipw(estimand: str, truth: float) -> None:
    def sim(rng: np.random.Generator) -> EffectResult:
        df = _population(rng, 1000)
        return doubly_robust(df, "y", "t", ["x1", "x2"], estimand=estimand)

    _check(sim, truth, 13 if estimand == "ATE" else 14)


def test_aipw_with_a_wrong_outcome_model_is_still_right() -> None:
    """The outcome depends on x1², the outcome model is linear; the propensity model is right,
    so the doubly robust estimate stays unbiased and its interval (with the nuisance terms)
    keeps its coverage."""

    def sim(rng: np.random.Generator) -> EffectResult:
        return doubly_robust(_population(rng, 1000, square=True), "y", "t", ["x1", "x2"])

    _check(sim, ATE_TRUTH, 15)


def test_mahalanobis_matching_with_replacement_and_bias_adjustment() -> None:
    """Matching on a continuous covariate leaves a bias of the order of the matching
    discrepancy (it grows as the sample shrinks); the
    Abadie–Imbens (2011) regression adjustment removes it."""

    def sim(rng: np.random.Generator) -> EffectResult:
        df = _population(rng, 600)
        return propensity_matching(df, "y", "t", ["x1", "x2"], distance="mahalanobis",
                                   replace=True, neighbours=2, discard="none",
                                   bias_adjust=True)  # fmt: skip

    _check(sim, ATT_TRUTH, 16)


def test_exact_and_propensity_matching() -> None:
    def sim(rng: np.random.Generator) -> EffectResult:
        df = _population(rng, 600)
        return propensity_matching(df, "y", "t", ["x1", "x2"], exact=["x2"], replace=True,
                                   discard="none")  # fmt: skip

    _check(sim, ATT_TRUTH, 17)


def test_rosenbaum_bound_is_valid_under_hidden_bias() -> None:
    """No effect, but within each pair an unmeasured u (which raises the outcome) makes the
    odds of being the treated unit Γ₀ = 2 times higher. The ordinary signed-rank test (Γ = 1)
    then rejects far too often; the Γ₀ bound keeps the rejection rate at or below 5 %."""
    gamma0, pairs = 2.0, 60
    rng = np.random.default_rng(18)
    reject_naive = reject_bound = 0
    for _ in range(N_SIM):
        u = rng.binomial(1, 0.5, (pairs, 2)).astype(float)
        y = 1.5 * u + rng.normal(size=(pairs, 2))
        odds = gamma0 ** (u[:, 0] - u[:, 1])
        first = rng.random(pairs) < odds / (1 + odds)
        d = np.where(first, y[:, 0] - y[:, 1], y[:, 1] - y[:, 0])
        table = rosenbaum_bounds(d, direction="greater", gammas=(1.0, gamma0)).table
        reject_naive += table[0].p_upper < 0.05
        reject_bound += table[1].p_upper < 0.05
    assert reject_naive / N_SIM > 0.2
    assert reject_bound / N_SIM <= 0.05 + 3 * math.sqrt(0.05 * 0.95 / N_SIM)
