"""sikt.stats against independent implementations (scipy, statsmodels) to 1e-8."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import stats as st

from sikt.stats import (
    StatsInputError,
    before_after,
    compare_with_earlier,
    diff_in_means,
    difference_in_differences,
    fit_logit,
    fit_ols,
    regression_adjustment,
)

TOL = 1e-8


def _cross_section(seed: int = 3, n: int = 300) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    x1 = rng.normal(size=n)
    x2 = rng.binomial(1, 0.4, n).astype(float)
    x3 = rng.gamma(2.0, 1.5, n)
    t = rng.binomial(1, 1 / (1 + np.exp(-(0.4 * x1 - 0.5 * x2 + 0.1 * x3 - 0.2))))
    y = 1 + 1.5 * t + x1 + 0.5 * x2 + 0.3 * x3 + rng.normal(size=n) * (1 + 0.5 * t + 0.3 * x2)
    school = rng.integers(0, 25, n)
    return pd.DataFrame({"y": y, "t": t, "x1": x1, "x2": x2, "x3": x3, "school": school})


def test_welch_equals_scipy() -> None:
    df = _cross_section()
    r = diff_in_means(df, "y", "t")
    y1, y0 = df.y[df.t == 1], df.y[df.t == 0]
    ref = st.ttest_ind(y1, y0, equal_var=False)
    ci = ref.confidence_interval(0.95)
    assert r.estimate == pytest.approx(y1.mean() - y0.mean(), abs=TOL)
    assert r.estimate / r.se == pytest.approx(ref.statistic, abs=TOL)
    assert r.df == pytest.approx(ref.df, abs=TOL)
    assert r.p_value == pytest.approx(ref.pvalue, abs=TOL)
    assert (r.ci_low, r.ci_high) == pytest.approx((ci.low, ci.high), abs=TOL)
    r90 = diff_in_means(df, "y", "t", level=0.9)
    ci90 = ref.confidence_interval(0.9)
    assert (r90.ci_low, r90.ci_high) == pytest.approx((ci90.low, ci90.high), abs=TOL)


@pytest.mark.parametrize("se_type", ["classical", "HC0", "HC1", "HC2", "HC3"])
def test_regression_equals_statsmodels(se_type: str) -> None:
    df = _cross_section()
    r = regression_adjustment(df, "y", "t", ["x1", "x2", "x3"], se_type=se_type)
    X = sm.add_constant(df[["t", "x1", "x2", "x3"]])
    cov = "nonrobust" if se_type == "classical" else se_type
    ref = sm.OLS(df.y, X).fit(cov_type=cov, use_t=True)
    assert r.estimate == pytest.approx(ref.params["t"], abs=TOL)
    assert r.se == pytest.approx(ref.bse["t"], abs=TOL)
    lo, hi = ref.conf_int().loc["t"]
    assert (r.ci_low, r.ci_high) == pytest.approx((lo, hi), abs=TOL)
    assert r.p_value == pytest.approx(ref.pvalues["t"], abs=TOL)


def test_cluster_robust_equals_statsmodels() -> None:
    df = _cross_section()
    r = regression_adjustment(df, "y", "t", ["x1", "x2"], cluster="school")
    X = sm.add_constant(df[["t", "x1", "x2"]])
    ref = sm.OLS(df.y, X).fit(cov_type="cluster", cov_kwds={"groups": df.school}, use_t=True)
    assert r.estimate == pytest.approx(ref.params["t"], abs=TOL)
    assert r.se == pytest.approx(ref.bse["t"], abs=TOL)
    lo, hi = ref.conf_int().loc["t"]  # t with G - 1 degrees of freedom in both
    assert (r.ci_low, r.ci_high) == pytest.approx((lo, hi), abs=TOL)


def test_hc2_without_covariates_is_welch_variance() -> None:
    df = _cross_section()
    y, t = df.y.to_numpy(), df.t.to_numpy(dtype=float)
    fit = fit_ols(np.column_stack([np.ones_like(y), t]), y, "HC2")
    assert fit.bse[1] == pytest.approx(diff_in_means(df, "y", "t").se, abs=1e-12)


def test_logit_equals_statsmodels() -> None:
    df = _cross_section(n=2000)
    X = sm.add_constant(df[["x1", "x2", "x3"]]).to_numpy()
    t = df.t.to_numpy(dtype=float)
    beta, eta = fit_logit(X, t)
    ref = sm.Logit(t, X).fit(disp=0, tol=1e-12, maxiter=100)
    np.testing.assert_allclose(beta, ref.params, atol=TOL, rtol=0)
    np.testing.assert_allclose(eta, X @ ref.params, atol=TOL, rtol=0)


def _panel(n_units: int = 120, periods: tuple[int, ...] = (2019, 2020, 2021, 2022)) -> pd.DataFrame:
    rng = np.random.default_rng(11)
    rows = []
    for u in range(n_units):
        g = int(u < n_units * 0.4)
        a = rng.normal()
        for p in periods:
            post = p >= 2021
            rows.append((u, p, g, a + 0.3 * (p - 2019) + 2.0 * g * post + rng.normal()))
    df = pd.DataFrame(rows, columns=["unit", "year", "g", "y"])
    return df.sample(frac=1.0, random_state=1).iloc[5:]  # shuffled and unbalanced


def test_did_equals_dummy_regression_with_clusters() -> None:
    df = _panel()
    r = difference_in_differences(df, "y", "g", "unit", "year", first_treated_period=2021)
    d = (df.g * (df.year >= 2021)).astype(float)
    X = pd.concat(
        [
            d.rename("d"),
            pd.get_dummies(df.year, prefix="p", drop_first=True, dtype=float),
            pd.get_dummies(df.unit, prefix="u", dtype=float),
        ],
        axis=1,
    )
    ref = sm.OLS(df.y, X).fit(
        cov_type="cluster", cov_kwds={"groups": df.unit, "use_correction": False}
    )
    assert r.estimate == pytest.approx(ref.params["d"], abs=TOL)
    # Same sandwich (Frisch–Waugh–Lovell); Sikt adds G/(G-1)(N-1)/(N-K), K = non-absorbed.
    g, n, k = df.unit.nunique(), len(df), 1 + df.year.nunique() - 1
    assert r.se == pytest.approx(ref.bse["d"] * np.sqrt(g / (g - 1) * (n - 1) / (n - k)), abs=TOL)
    assert r.n_treated == 48 and r.n_control == 72


def test_two_period_did_equals_difference_of_mean_changes() -> None:
    df = _panel(periods=(2020, 2021))
    df = df[df.unit.map(df.unit.value_counts()) == 2]  # balanced
    r = difference_in_differences(df, "y", "g", "unit", "year")
    m = df.groupby(["g", "year"]).y.mean()
    classic = (m[1, 2021] - m[1, 2020]) - (m[0, 2021] - m[0, 2020])
    assert r.estimate == pytest.approx(classic, abs=TOL)
    status = df.assign(d=df.g * (df.year == 2021))
    r2 = difference_in_differences(status, "y", "d", "unit", "year")
    assert r2.estimate == pytest.approx(classic, abs=TOL)
    assert r2.se == pytest.approx(r.se, abs=TOL)


def test_before_after_paired_equals_ttest_rel() -> None:
    rng = np.random.default_rng(5)
    pre = rng.normal(10, 2, 40)
    post = pre + 0.8 + rng.normal(0, 1, 40)
    df = pd.DataFrame(
        {"id": np.r_[np.arange(40), np.arange(40)], "when": ["före"] * 40 + ["efter"] * 40,
         "y": np.r_[pre, post]}
    )  # fmt: skip
    r = before_after(df, "y", "when", unit="id")
    ref = st.ttest_rel(post, pre)
    ci = ref.confidence_interval()
    assert r.estimate / r.se == pytest.approx(ref.statistic, abs=TOL)
    assert (r.ci_low, r.ci_high) == pytest.approx((ci.low, ci.high), abs=TOL)
    unpaired = before_after(df, "y", "when")
    ref2 = st.ttest_ind(post, pre, equal_var=False)
    assert unpaired.p_value == pytest.approx(ref2.pvalue, abs=TOL)
    assert any("Svagaste" in c.sv for c in r.caveats)
    both = pd.concat([df.assign(g=1), df.assign(g=0, id=df.id + 100, y=df.y * 3)])
    only_treated = before_after(both, "y", "when", unit="id", treatment="g")
    assert only_treated.estimate == pytest.approx(r.estimate, abs=TOL)


def test_compare_with_earlier_equals_ttest_from_stats() -> None:
    df = _cross_section()
    y = df.y[df.t == 1]
    r = compare_with_earlier(df, "y", treatment="t", earlier_mean=2.0, earlier_sd=1.4, earlier_n=90)
    ref = st.ttest_ind_from_stats(y.mean(), y.std(ddof=1), len(y), 2.0, 1.4, 90, equal_var=False)
    assert r.estimate / r.se == pytest.approx(ref.statistic, abs=TOL)
    assert r.p_value == pytest.approx(ref.pvalue, abs=TOL)


def test_logit_warm_start_path_equals_statsmodels(monkeypatch: pytest.MonkeyPatch) -> None:
    import sikt.stats.logit as logit

    monkeypatch.setattr(logit, "WARM_START_ROWS", 300)  # large-data path on small data
    df = _cross_section(seed=8, n=3000)
    X = sm.add_constant(df[["x1", "x2", "x3"]]).to_numpy()
    t = df.t.to_numpy(dtype=float)
    beta, _ = fit_logit(X, t)
    ref = sm.Logit(t, X).fit(disp=0, tol=1e-12, maxiter=100)
    np.testing.assert_allclose(beta, ref.params, atol=TOL, rtol=0)


def test_logit_with_large_covariate_means_equals_statsmodels() -> None:
    df = _cross_section(seed=12, n=2000)
    X = np.column_stack([np.ones(len(df)), df.x1 * 1000 + 250_000, df.x3 + 2020])
    t = df.t.to_numpy(dtype=float)
    beta, _ = fit_logit(X, t)
    ref = sm.Logit(t, X).fit(disp=0, tol=1e-12, maxiter=200)
    np.testing.assert_allclose(X @ beta, X @ ref.params, atol=1e-8, rtol=0)


def test_did_warns_on_staggered_start_and_few_clusters() -> None:
    rng = np.random.default_rng(3)
    rows = []
    for u in range(12):
        start = 2021 if u < 3 else (2022 if u < 6 else 9999)
        for p in (2020, 2021, 2022, 2023):
            rows.append((u, p, int(p >= start), rng.normal() + (p >= start)))
    df = pd.DataFrame(rows, columns=["unit", "year", "d", "y"])
    r = difference_in_differences(df, "y", "d", "unit", "year")
    texts = " ".join(c.en for c in r.caveats)
    assert "different times" in texts and "Fewer than 30 clusters" in texts
    assert r.n_treated == 6 and r.n_control == 6


def test_before_after_period_labels() -> None:
    df = pd.DataFrame({"när": ["efter", "före"] * 5, "y": np.arange(10.0)})
    r = before_after(df, "y", "när")
    assert r.details["before"] == "före" and r.estimate == pytest.approx(-1.0)
    with pytest.raises(StatsInputError, match="before and which is after"):
        before_after(df.assign(när=df.när.map({"efter": "x", "före": "y"})), "y", "när")
