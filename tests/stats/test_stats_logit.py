"""The propensity logit converges wherever statsmodels' Logit does, and refuses only separation.

Issue 8 item 11: with ~1 % treated among tens of thousands of controls, yearly earnings (~10⁵
SEK) next to 0/1 dummies and rows sorted by group, plain Newton from the intercept-only start
ran off and the data were refused as "perfect separation" although statsmodels converges.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

import sikt.stats.logit as logit
from sikt.stats import SeparationError, StatsInputError, fit_logit, propensity_matching


def _register_like(seed: int, n: int, strength: float) -> tuple[np.ndarray, np.ndarray]:
    """Rare participation in an employment programme: earnings in SEK, age, 0/1 dummies."""
    rng = np.random.default_rng(seed)
    unemployed = rng.binomial(1, 0.1, n).astype(float)
    earnings = np.where(
        unemployed == 1, rng.exponential(20_000, n), rng.lognormal(np.log(300_000), 0.5, n)
    )
    age = rng.integers(18, 65, n).astype(float)
    woman = rng.binomial(1, 0.5, n).astype(float)
    born_abroad = rng.binomial(1, 0.2, n).astype(float)
    eta = -6.5 + strength * (
        unemployed - 0.5 * (earnings - 3e5) / 1e5 + 0.3 * woman + 0.5 * born_abroad
        - 0.02 * (age - 40)
    )  # fmt: skip
    t = (rng.random(n) < 1 / (1 + np.exp(-eta))).astype(float)
    order = np.argsort(-t, kind="stable")  # treated rows first, as an export sorted by group
    X = np.column_stack([np.ones(n), earnings, age, woman, born_abroad, unemployed])
    return X[order], t[order]


@pytest.mark.parametrize(("seed", "strength"), [(0, 2.0), (1, 3.0), (2, 1.0)])
def test_rare_treatment_mixed_scales_sorted_rows_equals_statsmodels(
    seed: int, strength: float
) -> None:
    X, t = _register_like(seed, 30_000, strength)
    assert 0.003 < t.mean() < 0.1
    ref = sm.Logit(t, X).fit(method="newton", disp=0, tol=1e-12, maxiter=200)
    assert ref.mle_retvals["converged"]
    beta, eta = fit_logit(X, t)
    np.testing.assert_allclose(beta, ref.params, rtol=1e-8, atol=0)
    np.testing.assert_allclose(1 / (1 + np.exp(-eta)), ref.predict(X), rtol=0, atol=1e-10)


def test_warm_start_on_rows_sorted_by_group_equals_statsmodels(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(logit, "WARM_START_ROWS", 2_000)  # large-data path on 20,000 rows
    X, t = _register_like(5, 20_000, 2.5)
    ref = sm.Logit(t, X).fit(method="newton", disp=0, tol=1e-12, maxiter=200)
    beta, _ = fit_logit(X, t)
    np.testing.assert_allclose(beta, ref.params, rtol=1e-8, atol=0)


def test_matching_accepts_such_data() -> None:
    X, t = _register_like(0, 30_000, 2.0)
    cols = ["earnings", "age", "woman", "born_abroad", "unemployed"]
    df = pd.DataFrame(X[:, 1:], columns=cols).assign(t=t, y=X[:, 5] + t)
    r = propensity_matching(df, "y", "t", cols, replace=True)
    assert r.n_treated > 0.9 * t.sum()


def test_quasi_complete_separation_is_refused_naming_the_covariate() -> None:
    rng = np.random.default_rng(3)
    n = 5_000
    x = rng.normal(size=n)
    d = rng.binomial(1, 0.05, n).astype(float)
    t = (rng.random(n) < 1 / (1 + np.exp(-(-2 + x)))).astype(float)
    t[d == 1] = 0.0  # nobody with d = 1 took part: d predicts non-participation perfectly
    X = np.column_stack([np.ones(n), x * 1e5, d])
    with pytest.raises(SeparationError) as info:
        fit_logit(X, t)
    assert info.value.columns == (2,)
    assert info.value.n_rows == int(d.sum())
    df = pd.DataFrame({"y": x, "t": t, "inkomst": x * 1e5, "kommun_x": d})
    with pytest.raises(StatsInputError, match="No overlap") as err:
        propensity_matching(df, "y", "t", ["inkomst", "kommun_x"])
    assert "kommun_x" in err.value.text.sv and "inkomst" not in err.value.text.sv
    assert str(int(d.sum())) in err.value.text.en


def test_complete_separation_is_refused() -> None:
    x = np.linspace(-3, 3, 400)
    t = (x > 0.5).astype(float)
    X = np.column_stack([np.ones_like(x), x, np.sin(x)])
    with pytest.raises(SeparationError) as info:
        fit_logit(X, t)
    # the separating line found may pass through one point: "at least" that many rows
    assert info.value.columns == (1,) and info.value.n_rows >= x.size - 1


def test_collinear_covariates_are_not_called_separation() -> None:
    rng = np.random.default_rng(4)
    x = rng.normal(size=500)
    t = (rng.random(500) < 0.3).astype(float)
    X = np.column_stack([np.ones(500), x, 2 * x + 1])
    with pytest.raises(np.linalg.LinAlgError) as info:
        fit_logit(X, t)
    assert not isinstance(info.value, SeparationError)
    df = pd.DataFrame({"y": x, "t": t, "a": x, "b": 2 * x + 1})
    with pytest.raises(StatsInputError, match="collinear"):
        propensity_matching(df, "y", "t", ["a", "b"])
