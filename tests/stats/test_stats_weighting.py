"""IPW and the doubly robust estimator against statsmodels and an independent sandwich.

statsmodels' ``TreatmentEffect`` (which reproduces Stata's ``teffects ipw``/``teffects aipw``)
fits the same estimators and reports GMM standard errors that include the estimated propensity
score; its GMM covariance uses numerical derivatives, so standard errors agree to ~1e-7.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from statsmodels.tools.numdiff import approx_fprime
from statsmodels.treatment.treatment_effects import TreatmentEffect

from sikt.stats import (
    StatsInputError,
    WeightingResult,
    doubly_robust,
    inverse_probability_weighting,
)

TOL = 1e-8
COVS = ["x1", "x2", "x3"]


def _data(seed: int = 1, n: int = 1500, binary: bool = False, scale: float = 1.0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    x1 = rng.normal(size=n)
    x2 = rng.binomial(1, 0.4, n).astype(float)
    x3 = rng.gamma(2.0, 1.5, n)
    e = 1 / (1 + np.exp(-(-0.5 + 0.6 * x1 - 0.5 * x2 + 0.1 * x3)))
    t = (rng.random(n) < e).astype(float)
    y = 1 + 1.5 * t + x1 + 0.5 * x2 + 0.3 * x3 + 0.5 * t * x1 + rng.normal(size=n)
    x3 = x3 * scale
    if binary:
        y = (y > 2.0).astype(float)
    return pd.DataFrame({"y": y, "t": t, "x1": x1, "x2": x2, "x3": x3})


def _reference(df: pd.DataFrame) -> TreatmentEffect:
    X = sm.add_constant(df[COVS])
    select = sm.Logit(df.t, X).fit(disp=0, tol=1e-12)
    return TreatmentEffect(sm.OLS(df.y, X), df.t.to_numpy(), results_select=select)


@pytest.mark.parametrize(("estimand", "group"), [("ATE", "all"), ("ATT", 1)])
def test_ipw_equals_statsmodels_treatment_effect(estimand: str, group: object) -> None:
    df = _data()
    r = inverse_probability_weighting(df, "y", "t", COVS, estimand=estimand)
    ref = _reference(df).ipw(return_results=True, effect_group=group)
    assert r.estimate == pytest.approx(ref.effect[0], abs=TOL)
    assert r.se == pytest.approx(ref.sd[0], rel=1e-6)
    assert r.estimand == estimand and isinstance(r, WeightingResult)
    # with normalised weights the estimate is the treatment coefficient of weighted least
    # squares on [1, t] (statsmodels WLS with the IPW weights)
    e = _reference(df).prob_select
    t = df.t.to_numpy()
    w = (
        np.where(t == 1, 1 / e, 1 / (1 - e))
        if estimand == "ATE"
        else np.where(t == 1, 1, e / (1 - e))
    )
    wls = sm.WLS(df.y, sm.add_constant(df.t), weights=w).fit()
    assert r.estimate == pytest.approx(wls.params["t"], abs=TOL)


def test_aipw_ate_equals_statsmodels_treatment_effect() -> None:
    df = _data(seed=2)
    r = doubly_robust(df, "y", "t", COVS)
    te = _reference(df)
    assert r.estimate == pytest.approx(te.aipw(return_results=False)[0], abs=TOL)
    assert r.se == pytest.approx(te.aipw(return_results=True).sd[0], rel=1e-6)


def test_aipw_att_equals_hand_formula_and_numerical_sandwich() -> None:
    """ATT: the estimate from statsmodels' OLS and Logit fits by the formula of Sant'Anna &
    Zhao (2020); the SE from a generic sandwich A⁻¹BA⁻ᵀ/n of the stacked estimating equations
    with a numerical Jacobian (an implementation independent of sikt's analytic one)."""
    df = _data(seed=3, n=800)
    r = doubly_robust(df, "y", "t", COVS, estimand="ATT")
    X = sm.add_constant(df[COVS]).to_numpy()
    t, y = df.t.to_numpy(), df.y.to_numpy()
    k = X.shape[1]
    b0 = sm.OLS(y[t == 0], X[t == 0]).fit().params
    beta = sm.Logit(t, X).fit(disp=0, tol=1e-12).params

    def moments(theta: np.ndarray) -> np.ndarray:
        mu_a, mu_b, b, g = theta[0], theta[1], theta[2 : 2 + k], theta[2 + k :]
        e = 1 / (1 + np.exp(-X @ g))
        odds = (1 - t) * e / (1 - e)
        u = y - X @ b
        return np.column_stack([t * (u - mu_a), odds * (u - mu_b),
                                X * ((1 - t) * u)[:, None], X * (t - e)[:, None]])  # fmt: skip

    u0 = y - X @ b0
    e0 = 1 / (1 + np.exp(-X @ beta))
    odds0 = (1 - t) * e0 / (1 - e0)
    mu_a, mu_b = np.sum(t * u0) / t.sum(), np.sum(odds0 * u0) / odds0.sum()
    theta = np.r_[mu_a, mu_b, b0, beta]
    assert r.estimate == pytest.approx(mu_a - mu_b, abs=TOL)
    n = y.size
    psi = moments(theta)
    assert np.abs(psi.mean(axis=0)).max() < 1e-9  # θ solves the estimating equations
    A = approx_fprime(theta, lambda th: moments(th).mean(axis=0), centered=True)
    B = psi.T @ psi / n
    Ainv = np.linalg.inv(A)
    V = Ainv @ B @ Ainv.T / n
    c = np.zeros(theta.size)
    c[:2] = [1, -1]
    assert r.se == pytest.approx(math.sqrt(c @ V @ c), rel=1e-6)


@pytest.mark.parametrize("estimand", ["ATE", "ATT"])
def test_invariant_to_covariate_scale(estimand: str) -> None:
    """A covariate in kronor (×10⁴) instead of tens of thousands of kronor changes nothing:
    the logit, regressions and sandwich are affine-invariant. (statsmodels' numerical GMM
    derivatives break down on that scale, so the reference tests use the small one.)"""
    small, large = _data(seed=7), _data(seed=7, scale=1e4)
    for estimator in (inverse_probability_weighting, doubly_robust):
        a = estimator(small, "y", "t", COVS, estimand=estimand)
        b = estimator(large, "y", "t", COVS, estimand=estimand)
        assert b.estimate == pytest.approx(a.estimate, rel=1e-9)
        assert b.se == pytest.approx(a.se, rel=1e-9)


def test_weighted_balance_and_sample_sizes() -> None:
    df = _data(seed=4)
    r = inverse_probability_weighting(df, "y", "t", COVS)
    X = sm.add_constant(df[COVS])
    e = sm.Logit(df.t, X).fit(disp=0, tol=1e-12).predict(X)
    t = df.t.to_numpy()
    w = np.where(t == 1, 1 / e, 1 / (1 - e))
    row = next(b for b in r.balance if b.covariate == "x1")
    tr = t == 1
    assert row.mean_treated_after == pytest.approx(np.average(df.x1[tr], weights=w[tr]), abs=1e-10)
    assert row.mean_control_after == pytest.approx(np.average(df.x1[~tr], weights=w[~tr]))
    assert abs(row.smd_after) < 0.1 < abs(row.smd_before)
    sizes = r.sample_sizes
    assert sizes is not None and sizes.treated_used == int(t.sum())
    assert sizes.control_effective == pytest.approx(w[~tr].sum() ** 2 / (w[~tr] ** 2).sum())
    assert r.balance[-1].covariate == "logit(propensity)"
    assert r.propensity is not None and r.propensity.treated_logit.size == int(t.sum())
    json.dumps(r.to_dict(), allow_nan=False)


def test_trimming_drops_extreme_scores_and_refits() -> None:
    df = _data(seed=5)
    full = inverse_probability_weighting(df, "y", "t", COVS)
    trimmed = inverse_probability_weighting(df, "y", "t", COVS, trim=0.1)
    sizes = trimmed.sample_sizes
    assert sizes is not None
    dropped = sizes.treated_discarded + sizes.control_discarded
    assert dropped > 0 and trimmed.n_treated + trimmed.n_control == len(df) - dropped
    assert trimmed.estimate != full.estimate
    assert any("trimning" in c.sv for c in trimmed.caveats)


def test_binary_outcome_gets_a_risk_ratio_e_value() -> None:
    df = _data(seed=6, binary=True)
    r = doubly_robust(df, "y", "t", COVS)
    ev = r.sensitivity.e_value if r.sensitivity else None
    assert ev is not None and ev.measure == "risk_difference"
    mean0 = r.estimate  # the baseline is the ATE's mean without the initiative
    assert ev.risk_ratio > 1 and mean0 > 0
    assert "riskkvot på minst" in ev.text.sv


def test_bad_options_and_collinear_outcome_model() -> None:
    df = _data()
    with pytest.raises(StatsInputError, match="ATE"):
        inverse_probability_weighting(df, "y", "t", COVS, estimand="ATC")
    with pytest.raises(StatsInputError, match="trimming"):
        doubly_robust(df, "y", "t", COVS, trim=0.6)
    with pytest.raises(StatsInputError, match="at least one covariate"):
        doubly_robust(df, "y", "t", [])
    small = df.iloc[:40].assign(t=[1.0] * 4 + [0.0] * 36)
    with pytest.raises(StatsInputError, match="outcome model"):
        doubly_robust(small, "y", "t", COVS)
