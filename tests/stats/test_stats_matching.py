"""Propensity matching: hand-checked examples, balance (Austin 2009), refusal on no overlap."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs

from sikt.stats import (
    StatsInputError,
    balance_table,
    match_on_score,
    propensity_matching,
    standardised_mean_difference,
)


def _pairs(m: object) -> set[tuple[int, int, float]]:
    return {
        (int(i), int(j), round(float(w), 12))
        for i, j, w in zip(m.pair_treated, m.pair_control, m.pair_weight, strict=True)  # type: ignore[attr-defined]
    }


def test_tie_shares_weight_equally() -> None:
    m = match_on_score(np.array([0.0]), np.array([-1.0, 1.0, 3.0]), 1, replace=True)
    assert _pairs(m) == {(0, 0, 0.5), (0, 1, 0.5)}
    np.testing.assert_allclose(m.control_weight, [0.5, 0.5, 0.0])


def test_with_replacement_reuses_controls() -> None:
    m = match_on_score(np.array([0.0, 0.1]), np.array([2.0, 0.05]), 1, replace=True)
    assert _pairs(m) == {(0, 1, 1.0), (1, 1, 1.0)}
    np.testing.assert_allclose(m.control_weight, [0.0, 2.0])
    np.testing.assert_allclose(m.control_weight_sq, [0.0, 2.0])


def test_k_neighbours_and_ties_at_kth_distance() -> None:
    m = match_on_score(np.array([0.0]), np.array([-0.5, 0.2, 0.3, 1.0]), 2, replace=True)
    assert _pairs(m) == {(0, 1, 0.5), (0, 2, 0.5)}
    m = match_on_score(np.array([0.0]), np.array([-0.3, 0.2, 0.3, 1.0]), 2, replace=True)
    third = round(1 / 3, 12)
    assert _pairs(m) == {(0, 0, third), (0, 1, third), (0, 2, third)}


def test_caliper_drops_treated_without_close_control() -> None:
    m = match_on_score(np.array([0.0, 5.0]), np.array([0.1, 0.3]), 1, replace=True, caliper=0.5)
    assert m.matched.tolist() == [True, False]
    assert _pairs(m) == {(0, 0, 1.0)}
    # with k = 2 only the controls inside the caliper are used
    m = match_on_score(np.array([0.0]), np.array([0.1, 0.9]), 2, replace=True, caliper=0.5)
    assert _pairs(m) == {(0, 0, 1.0)}


def test_greedy_without_replacement_highest_score_first() -> None:
    m = match_on_score(np.array([0.0, 0.1]), np.array([0.05, 0.5]), 1, replace=False)
    assert _pairs(m) == {(1, 0, 1.0), (0, 1, 1.0)}
    m = match_on_score(np.array([0.0, 0.1]), np.array([0.05, 0.5]), 1, replace=False, caliper=0.2)
    assert m.matched.tolist() == [False, True]
    # equal distance below and above: the lower score wins
    m = match_on_score(np.array([0.0]), np.array([0.5, -0.5]), 1, replace=False)
    assert _pairs(m) == {(0, 1, 1.0)}
    # 1:2 without replacement never reuses a control
    m = match_on_score(np.array([0.0, 0.01]), np.array([0.0, 0.02, 0.03, 1.0]), 2, replace=False)
    assert np.all(m.control_weight <= 1.0)
    assert _pairs(m) == {(1, 1, 0.5), (1, 0, 0.5), (0, 2, 0.5), (0, 3, 0.5)}


def test_binary_covariate_matching_is_exact_stratification() -> None:
    # One 0/1 covariate: the logit score takes two values, every control in the same stratum
    # ties, so the ATT is the treated-weighted difference of stratum means.
    rng = np.random.default_rng(0)
    x = np.r_[np.zeros(60), np.ones(40)]
    t = np.r_[np.ones(20), np.zeros(40), np.ones(25), np.zeros(15)]
    y = 1 + 2 * x + 1.5 * t + rng.normal(size=100)
    df = pd.DataFrame({"y": y, "t": t, "x": x})
    r = propensity_matching(df, "y", "t", ["x"], replace=True)
    expected = 0.0
    for s in (0, 1):
        sel = df[df.x == s]
        n1 = (sel.t == 1).sum()
        expected += n1 / 45 * (sel.y[sel.t == 1].mean() - sel.y[sel.t == 0].mean())
    assert r.estimate == pytest.approx(expected, abs=1e-10)
    assert r.n_treated == 45 and r.n_control == 55
    assert all(abs(b.smd_after) < 1e-10 for b in r.balance)


def _brute_force_ai(
    ts: np.ndarray, cs: np.ndarray, y1: np.ndarray, y0: np.ndarray, k: int
) -> tuple[float, float]:
    """Abadie–Imbens ATT and SE by explicit loops (reference for the vectorised code)."""
    n1, n0 = ts.size, cs.size
    w = np.zeros((n1, n0))
    for i in range(n1):
        d = np.abs(cs - ts[i])
        dk = np.sort(d)[k - 1]
        sel = d <= dk + 1e-12
        w[i, sel] = 1 / sel.sum()
    eff = y1 - w @ y0
    tau = eff.mean()
    kj = w.sum(axis=0)
    k2 = (w**2).sum(axis=0)
    sig2 = np.zeros(n0)
    for j in range(n0):
        d = np.abs(cs - cs[j])
        d[j] = np.inf
        nb = np.argsort(d, kind="stable")[:2]
        sig2[j] = 2 / 3 * (y0[j] - y0[nb].mean()) ** 2
    var = (np.sum((eff - tau) ** 2) + np.sum((kj**2 - k2) * sig2)) / n1**2
    return float(tau), math.sqrt(var)


@pytest.mark.parametrize("k", [1, 3])
def test_abadie_imbens_se_matches_brute_force(k: int) -> None:
    rng = np.random.default_rng(42 + k)
    n = 160
    x = rng.normal(size=n)
    t = (rng.random(n) < 1 / (1 + np.exp(-x))).astype(float)
    y = x + t + rng.normal(size=n)
    df = pd.DataFrame({"y": y, "t": t, "x": x})
    r = propensity_matching(
        df, "y", "t", ["x"], replace=True, neighbours=k, discard="none", se_method="ai2006"
    )
    coef = r.details["propensity_coefficients"]
    s = coef["const"] + coef["x"] * x
    tau, se = _brute_force_ai(s[t == 1], s[t == 0], y[t == 1], y[t == 0], k)
    assert r.estimate == pytest.approx(tau, abs=1e-10)
    assert r.se == pytest.approx(se, rel=1e-6)


def test_without_replacement_se_is_paired_variance() -> None:
    rng = np.random.default_rng(9)
    x = rng.normal(size=300)
    t = (rng.random(300) < 0.3).astype(float)
    df = pd.DataFrame({"y": x + t + rng.normal(size=300), "t": t, "x": x})
    r = propensity_matching(df, "y", "t", ["x"], se_method="ai2006")
    coef = r.details["propensity_coefficients"]
    s = coef["const"] + coef["x"] * x
    m = match_on_score(s[t == 1], s[t == 0], 1, replace=False)
    y1, y0 = df.y[t == 1].to_numpy(), df.y[t == 0].to_numpy()
    eff = y1[m.pair_treated] - y0[m.pair_control]
    assert r.estimate == pytest.approx(eff.mean(), abs=1e-10)
    assert r.se == pytest.approx(math.sqrt(np.sum((eff - eff.mean()) ** 2)) / eff.size, abs=1e-10)


def test_smd_formulas_austin_2009() -> None:
    # continuous: (3 − 2) / sqrt((1 + 2.5) / 2)
    assert standardised_mean_difference(np.array([2.0, 3, 4]), np.arange(5.0)) == pytest.approx(
        1 / math.sqrt(1.75)
    )
    # binary: (0.5 − 0.25) / sqrt((0.25 + 0.1875) / 2)
    smd = standardised_mean_difference(np.array([1.0, 1, 0, 0]), np.array([1.0, 0, 0, 0]))
    assert smd == pytest.approx(0.25 / math.sqrt(0.21875))
    X = np.array([[2.0], [3.0], [4.0], [0.0], [1.0], [2.0], [3.0], [4.0]])
    treated = np.array([True] * 3 + [False] * 5)
    rows = balance_table(X, ["x"], treated, np.ones(3, bool), np.array([0, 0, 1, 1, 1.0]))
    assert rows[0].smd_before == pytest.approx(1 / math.sqrt(1.75))
    assert rows[0].mean_control_after == pytest.approx(3.0)
    assert rows[0].smd_after == pytest.approx(0.0)


def test_caliper_and_common_support_are_reported() -> None:
    rng = np.random.default_rng(1)
    x = np.r_[rng.normal(1.5, 1, 100), rng.normal(0, 1, 300)]
    t = np.r_[np.ones(100), np.zeros(300)]
    df = pd.DataFrame({"y": x + t + rng.normal(size=400), "t": t, "x": x})
    r = propensity_matching(df, "y", "t", ["x"], caliper=0.05)
    dropped = r.details["dropped_caliper"] + r.details["dropped_common_support"]
    assert dropped > 0 and r.n_treated == 100 - dropped
    assert any("uteslöts" in c.sv for c in r.caveats)
    assert r.to_dict()["balance"][0]["covariate"] == "x"


def test_refuses_when_groups_do_not_overlap() -> None:
    x = np.r_[np.linspace(5, 6, 20), np.linspace(0, 1, 30)]
    t = np.r_[np.ones(20), np.zeros(30)]
    df = pd.DataFrame({"y": x, "t": t, "x": x})
    with pytest.raises(StatsInputError, match="No overlap") as info:
        propensity_matching(df, "y", "t", ["x"])
    assert info.value.column == "t"
    assert "överlappning" in info.value.text.sv


def test_refuses_when_caliper_leaves_nobody() -> None:
    rng = np.random.default_rng(2)
    x = rng.normal(size=40)
    t = np.r_[np.ones(3), np.zeros(37)]
    x[:3] = [3.1, 3.3, 3.6]
    x[3:] = np.linspace(-1, 3.4, 37)
    df = pd.DataFrame({"y": x, "t": t, "x": x})
    with pytest.raises(StatsInputError, match="caliper"):
        propensity_matching(df, "y", "t", ["x"], caliper=1e-9)


def test_estimated_score_adjustment_changes_se_and_is_reported() -> None:
    rng = np.random.default_rng(21)
    x = rng.normal(size=(500, 2))
    t = (rng.random(500) < 1 / (1 + np.exp(-(x[:, 0] - 0.5)))).astype(float)
    df = pd.DataFrame({"y": x.sum(axis=1) + t + rng.normal(size=500), "t": t,
                       "a": x[:, 0], "b": x[:, 1]})  # fmt: skip
    known = propensity_matching(df, "y", "t", ["a", "b"], replace=True, se_method="ai2006")
    adjusted = propensity_matching(df, "y", "t", ["a", "b"], replace=True)
    assert adjusted.estimate == known.estimate
    assert adjusted.se != known.se and adjusted.se > 0
    assert "2016" in adjusted.details["se_method"]
    with pytest.raises(StatsInputError):
        propensity_matching(df, "y", "t", ["a"], se_method="bootstrap")


@settings(max_examples=25, deadline=None)
@given(seed=hs.integers(0, 10_000), shift=hs.floats(-1e3, 1e3), k=hs.integers(1, 3))
def test_matching_invariances(seed: int, shift: float, k: int) -> None:
    """Row order does not matter; shifting the outcome leaves the effect and SE unchanged."""
    rng = np.random.default_rng(seed)
    n = 120
    x = rng.normal(size=n)
    t = (rng.random(n) < 1 / (1 + np.exp(-x))).astype(float)
    t[:3], t[3:6] = 1.0, 0.0
    df = pd.DataFrame({"y": x + t + rng.normal(size=n), "t": t, "x": x})
    base = propensity_matching(df, "y", "t", ["x"], replace=True, neighbours=k)
    shuffled = df.sample(frac=1.0, random_state=seed)
    again = propensity_matching(shuffled, "y", "t", ["x"], replace=True, neighbours=k)
    assert again.estimate == pytest.approx(base.estimate, abs=1e-9)
    assert again.se == pytest.approx(base.se, rel=1e-6)
    moved = propensity_matching(df.assign(y=df.y + shift), "y", "t", ["x"], replace=True,
                                neighbours=k)  # fmt: skip
    assert moved.estimate == pytest.approx(base.estimate, abs=1e-8)
    assert moved.se == pytest.approx(base.se, rel=1e-5)


@pytest.mark.parametrize("k", [1, 3])
def test_engine_finds_the_same_neighbours_as_scikit_learn(k: int) -> None:
    neighbors = pytest.importorskip("sklearn.neighbors")
    rng = np.random.default_rng(k)
    ts, cs = rng.normal(size=500), rng.normal(size=20_000)
    m = match_on_score(ts, cs, k, replace=True)
    _, idx = neighbors.NearestNeighbors(n_neighbors=k).fit(cs[:, None]).kneighbors(ts[:, None])
    ours = sorted(zip(m.pair_treated.tolist(), m.pair_control.tolist(), strict=True))
    theirs = sorted((i, int(j)) for i in range(ts.size) for j in idx[i])
    assert ours == theirs
