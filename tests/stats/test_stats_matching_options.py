"""Matching options of the reference tools (MatchIt, Matching, teffects): Mahalanobis distance
(also within a propensity caliper), exact matching, k:1, discarding outside common support –
checked against brute-force loops with scipy's distance functions."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from scipy.spatial.distance import cdist

from sikt.stats import MatchingResult, StatsInputError, propensity_matching


def _data(seed: int = 0, n: int = 400) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    x1 = rng.normal(size=n)
    x2 = rng.normal(size=n) * 3 + 0.5 * x1
    kon = rng.binomial(1, 0.5, n).astype(float)
    kommun = rng.choice(["Uppsala", "Tierp", "Enköping"], n)
    t = (rng.random(n) < 1 / (1 + np.exp(-(-1.0 + 0.7 * x1 + 0.1 * x2 - 0.4 * kon)))).astype(float)
    y = x1 + 0.2 * x2 + kon + t + rng.normal(size=n)
    return pd.DataFrame({"y": y, "t": t, "x1": x1, "x2": x2, "kon": kon, "kommun": kommun})


def _pooled_inverse(X: np.ndarray, t: np.ndarray) -> np.ndarray:
    x1, x0 = X[t == 1], X[t == 0]
    s = np.cov(x1, rowvar=False) * (len(x1) - 1) + np.cov(x0, rowvar=False) * (len(x0) - 1)
    return np.linalg.inv(s / (len(X) - 2))


def _logit(r: MatchingResult, df: pd.DataFrame, covs: list[str]) -> np.ndarray:
    coef = r.details["propensity_coefficients"]
    return coef["const"] + sum(coef[c] * df[c].to_numpy() for c in covs)


def _att(df: pd.DataFrame, pairs: dict[int, list[int]]) -> float:
    y = df.y.to_numpy()
    return float(np.mean([y[i] - y[js].mean() for i, js in pairs.items()]))


def test_mahalanobis_with_replacement_equals_brute_force() -> None:
    df = _data()
    covs = ["x1", "x2"]
    r = propensity_matching(df, "y", "t", covs, distance="mahalanobis", replace=True,
                            neighbours=2, discard="none")  # fmt: skip
    X, t = df[covs].to_numpy(), df.t.to_numpy()
    D = cdist(X[t == 1], X[t == 0], metric="mahalanobis", VI=_pooled_inverse(X, t))
    treated, controls = np.flatnonzero(t == 1), np.flatnonzero(t == 0)
    pairs = {int(i): controls[np.argsort(D[row])[:2]] for row, i in enumerate(treated)}
    assert r.estimate == pytest.approx(_att(df, pairs), abs=1e-12)
    assert r.n_treated == t.sum()


def test_mahalanobis_greedy_without_replacement_and_within_caliper() -> None:
    df = _data(seed=1)
    covs = ["x1", "x2"]
    r = propensity_matching(df, "y", "t", covs, distance="mahalanobis", caliper=0.1,
                            discard="none")  # fmt: skip
    X, t = df[covs].to_numpy(), df.t.to_numpy()
    score = _logit(r, df, covs)
    treated, controls = np.flatnonzero(t == 1), np.flatnonzero(t == 0)
    D = cdist(X[treated], X[controls], metric="mahalanobis", VI=_pooled_inverse(X, t))
    width = r.details["caliper_logit"]
    free = np.ones(controls.size, dtype=bool)
    pairs: dict[int, list[int]] = {}
    for row in np.argsort(-score[treated], kind="stable"):  # largest score first (MatchIt)
        ok = free & (np.abs(score[controls] - score[treated[row]]) <= width)
        if ok.any():
            j = np.flatnonzero(ok)[np.argmin(D[row, ok])]
            free[j] = False
            pairs[int(treated[row])] = [int(controls[j])]
    assert r.estimate == pytest.approx(_att(df, pairs), abs=1e-12)
    assert r.n_treated == len(pairs) < t.sum()
    assert r.sample_sizes is not None and r.sample_sizes.treated_unmatched == t.sum() - len(pairs)
    assert "within a propensity-score caliper" in r.method_name.en


def test_exact_matching_never_crosses_strata() -> None:
    df = _data(seed=2)
    # nobody in Tierp is a control: its treated have no one to be matched with
    df.loc[(df.kommun == "Tierp"), "t"] = 1.0
    r = propensity_matching(df, "y", "t", ["x1", "x2"], exact=["kon", "kommun"], replace=True,
                            neighbours=3, discard="none")  # fmt: skip
    n_tierp = int((df.kommun == "Tierp").sum())
    assert r.n_treated == int(df.t.sum()) - n_tierp
    assert r.sample_sizes is not None and r.sample_sizes.treated_unmatched == n_tierp
    assert any("exakta grupp" in c.sv for c in r.caveats)
    # brute force: nearest 3 on the score among controls of the same kön and kommun
    score = _logit(r, df, ["x1", "x2"])
    y = df.y.to_numpy()
    effects = []
    for i in np.flatnonzero((df.t == 1) & (df.kommun != "Tierp")):
        same = np.flatnonzero((df.t == 0) & (df.kon == df.kon[i]) & (df.kommun == df.kommun[i]))
        near = same[np.argsort(np.abs(score[same] - score[i]), kind="stable")[:3]]
        effects.append(y[i] - y[near].mean())
    assert r.estimate == pytest.approx(np.mean(effects), abs=1e-12)
    # the numeric exact column is in the balance table, and balanced exactly
    kon = next(b for b in r.balance if b.covariate == "kon")
    assert kon.smd_after == pytest.approx(0.0, abs=1e-12)
    assert "exakt på kon, kommun" in r.method_name.sv


def test_k_to_1_without_replacement_uses_k_distinct_controls() -> None:
    df = _data(seed=3, n=600)
    r = propensity_matching(df, "y", "t", ["x1", "x2"], neighbours=3)
    assert r.n_control == 3 * r.n_treated
    assert r.sensitivity is not None and r.sensitivity.rosenbaum is None  # pairs only
    assert r.sensitivity.e_value is not None


def test_discard_options() -> None:
    df = _data(seed=4)
    none, both, control = (
        propensity_matching(df, "y", "t", ["x1", "x2"], discard=d, replace=True)
        for d in ("none", "both", "control")
    )
    assert none.sample_sizes is not None and both.sample_sizes is not None
    assert none.sample_sizes.treated_discarded == none.sample_sizes.control_discarded == 0
    assert control.sample_sizes is not None and control.sample_sizes.control_discarded > 0
    assert control.sample_sizes.treated_discarded == 0
    assert both.sample_sizes.control_discarded == control.sample_sizes.control_discarded
    assert any("jämförelsegruppen låg utanför" in c.sv for c in control.caveats)
    with pytest.raises(StatsInputError, match="discard"):
        propensity_matching(df, "y", "t", ["x1"], discard="all")
    with pytest.raises(StatsInputError, match="distance"):
        propensity_matching(df, "y", "t", ["x1"], distance="euclid")


def test_result_has_what_an_evaluation_page_needs() -> None:
    df = _data(seed=5)
    r = propensity_matching(df, "y", "t", ["x1", "x2"], distance="mahalanobis", caliper=0.2)
    d = r.to_dict()
    json.dumps(d, allow_nan=False)
    assert {b["covariate"] for b in d["balance"]} == {"x1", "x2", "logit(propensity)"}
    hist = d["propensity"]["histogram"]
    assert sum(hist["treated_before"]) == df.t.sum()
    assert sum(hist["control_before"]) == (df.t == 0).sum()
    assert sum(hist["treated_after"]) == pytest.approx(r.n_treated)
    assert d["sample_sizes"]["treated_used"] == r.n_treated
    sens = d["sensitivity"]
    assert sens["rosenbaum"]["gamma_critical"] > 1 and "Γ" in sens["rosenbaum"]["text"]["sv"]
    assert "riskkvot" in sens["e_value"]["text"]["sv"]
    assert "AI2006" not in json.dumps(d) and "Abadie & Imbens (2006)" in d["details"]["se_method"]
    # the 2016 adjustment is for the score distance only; the result says which was used
    assert any("2016" in c.en and "known-score" in c.en for c in r.caveats)


def test_bias_adjustment_equals_weighted_regression_among_matched_controls() -> None:
    """Abadie & Imbens (2011): each imputed Ŷᵢ(0) is corrected by μ̂₀(Xᵢ) − μ̂₀(Xⱼ), with μ̂₀
    the least-squares fit among the matched controls weighted by their use Kⱼ (statsmodels
    WLS here)."""
    import statsmodels.api as sm

    df = _data(seed=6)
    covs = ["x1", "x2"]
    plain = propensity_matching(df, "y", "t", covs, distance="mahalanobis", replace=True,
                                discard="none")  # fmt: skip
    adjusted = propensity_matching(df, "y", "t", covs, distance="mahalanobis", replace=True,
                                   discard="none", bias_adjust=True)  # fmt: skip
    X, t = df[covs].to_numpy(), df.t.to_numpy()
    D = cdist(X[t == 1], X[t == 0], metric="mahalanobis", VI=_pooled_inverse(X, t))
    controls = np.flatnonzero(t == 0)
    nearest = controls[D.argmin(axis=1)]
    uses = np.bincount(nearest, minlength=len(df)).astype(float)
    fit = sm.WLS(df.y[uses > 0], sm.add_constant(X[uses > 0]), weights=uses[uses > 0]).fit()
    mu = sm.add_constant(X) @ fit.params
    y = df.y.to_numpy()
    treated = np.flatnonzero(t == 1)
    expected = np.mean(y[treated] - (y[nearest] + mu[treated] - mu[nearest]))
    assert adjusted.estimate == pytest.approx(expected, abs=1e-10)
    assert adjusted.estimate != pytest.approx(plain.estimate, abs=1e-6)
    assert adjusted.details["bias_adjust"] is True
