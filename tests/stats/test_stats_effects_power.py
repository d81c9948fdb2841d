"""Effect sizes, the effect → number-of-people conversion, and power/sample size."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as hs
from statsmodels.stats.contingency_tables import Table2x2
from statsmodels.stats.power import NormalIndPower, TTestIndPower, TTestPower
from statsmodels.stats.proportion import confint_proportions_2indep

from sikt.stats import (
    StatsInputError,
    change_in_count,
    cohens_d,
    cohens_h,
    design_effect,
    hedges_g,
    minimum_detectable_effect,
    odds_ratio,
    power_for,
    risk_difference,
    risk_ratio,
    sample_size,
)

TOL = 1e-8


def test_ratio_measures_equal_statsmodels_table2x2() -> None:
    table = Table2x2(np.array([[30, 70], [45, 55]]))
    rr = risk_ratio(30, 100, 45, 100)
    assert rr.estimate == pytest.approx(table.riskratio, abs=TOL)
    assert (rr.ci_low, rr.ci_high) == pytest.approx(table.riskratio_confint(), abs=TOL)
    orr = odds_ratio(30, 100, 45, 100)
    assert orr.estimate == pytest.approx(table.oddsratio, abs=TOL)
    assert (orr.ci_low, orr.ci_high) == pytest.approx(table.oddsratio_confint(), abs=TOL)


def test_risk_difference_equals_statsmodels_wald() -> None:
    rd = risk_difference(30, 100, 45, 120)
    ref = confint_proportions_2indep(30, 100, 45, 120, method="wald", compare="diff")
    assert rd.estimate == pytest.approx(0.3 - 0.375, abs=TOL)
    assert (rd.ci_low, rd.ci_high) == pytest.approx(ref, abs=TOL)


def test_zero_cell_gets_haldane_correction() -> None:
    r = odds_ratio(0, 20, 5, 20)
    assert r.estimate == pytest.approx((0.5 * 15.5) / (20.5 * 5.5))
    assert r.caveats


def test_cohens_d_and_hedges_g() -> None:
    a = np.array([5.0, 6, 7, 8, 9])
    b = np.array([3.0, 4, 5, 6, 7, 8])
    sp = math.sqrt((4 * a.var(ddof=1) + 5 * b.var(ddof=1)) / 9)
    d = cohens_d(a, b)
    assert d.estimate == pytest.approx((7 - 5.5) / sp)
    assert d.se == pytest.approx(math.sqrt(11 / 30 + d.estimate**2 / 22))
    g = hedges_g(a, b)
    j = math.gamma(4.5) / (math.sqrt(4.5) * math.gamma(4.0))  # exact J, m = 9
    assert g.estimate == pytest.approx(j * d.estimate)
    assert abs(j - (1 - 3 / (4 * 9 - 1))) < 2e-3  # Hedges' approximation is close


def test_change_in_count_for_each_measure() -> None:
    # 400 pupils, 20 % expected to leave without eligibility; RR 0.8 → 16 fewer.
    c = change_in_count(0.8, measure="risk_ratio", baseline_risk=0.2, target_group_size=400)
    assert c.change == pytest.approx(-16.0)
    assert c.baseline_count == pytest.approx(80.0) and c.expected_count == pytest.approx(64.0)
    assert change_in_count(
        -0.05, measure="risk_difference", baseline_risk=0.2, target_group_size=400
    ).change == pytest.approx(-20.0)
    p1 = 0.5 * 0.2 / (1 - 0.2 + 0.5 * 0.2)
    assert change_in_count(
        0.5, measure="odds_ratio", baseline_risk=0.2, target_group_size=400
    ).change == pytest.approx(400 * (p1 - 0.2))
    # d = 0 changes nothing; d moves a latent normal: Φ(Φ⁻¹(0.5) + 0.2) = Φ(0.2)
    assert change_in_count(
        0.2, measure="cohens_d", baseline_risk=0.5, target_group_size=1000
    ).change == pytest.approx(1000 * (0.5792597094391030 - 0.5), abs=1e-9)


def test_change_in_count_carries_interval() -> None:
    rr = risk_ratio(30, 100, 45, 100)
    c = change_in_count(rr, baseline_risk=0.45, target_group_size=200)
    assert c.measure == "risk_ratio"
    assert c.ci_low is not None and c.ci_high is not None
    assert c.ci_low <= c.change <= c.ci_high
    assert c.ci_low == pytest.approx(200 * 0.45 * (rr.ci_low - 1))


@given(
    p0=hs.floats(0.01, 0.99),
    n=hs.floats(0, 1e6),
    measure=hs.sampled_from(["risk_ratio", "odds_ratio", "cohens_d"]),
)
def test_null_effect_changes_nobody(p0: float, n: float, measure: str) -> None:
    null = 0.0 if measure == "cohens_d" else 1.0
    c = change_in_count(null, measure=measure, baseline_risk=p0, target_group_size=n)
    assert c.change == pytest.approx(0.0, abs=1e-6 * max(n, 1))


def test_change_in_count_rejects_nonsense() -> None:
    with pytest.raises(StatsInputError):
        change_in_count(0.8, measure="nonsense", baseline_risk=0.2, target_group_size=10)
    with pytest.raises(StatsInputError):
        change_in_count(0.8, measure="risk_ratio", baseline_risk=1.2, target_group_size=10)


# Cohen (1988), Table 2.4.1: n per group for a two-sided t-test, α = .05, power = .80.
@pytest.mark.parametrize(("d", "n"), [(0.2, 393), (0.5, 64), (0.8, 26)])
def test_sample_size_matches_cohen_table_2_4_1(d: float, n: int) -> None:
    # Cohen's entries are rounded; Sikt reports the ceiling (n_treated) and the exact value.
    assert round(sample_size(d).n_treated_exact) == n


# Cohen (1988), Table 6.4.1: n per group for h, two-sided α = .05, power = .80 (rounded).
@pytest.mark.parametrize(("h", "n"), [(0.2, 392), (0.5, 63), (0.8, 25)])
def test_proportions_match_cohen_table_6_4_1(h: float, n: int) -> None:
    assert round(sample_size(h, distribution="normal").n_treated_exact) == n


@pytest.mark.parametrize(
    ("d", "ratio", "alpha", "power"), [(0.3, 1.0, 0.05, 0.8), (0.25, 2.0, 0.01, 0.9)]
)
def test_sample_size_equals_statsmodels(d: float, ratio: float, alpha: float, power: float) -> None:
    ref = TTestIndPower().solve_power(effect_size=d, alpha=alpha, power=power, ratio=ratio)
    r = sample_size(d, ratio=ratio, alpha=alpha, power=power)
    assert r.n_treated_exact == pytest.approx(ref, abs=1e-6)
    assert power_for(d, 80, ratio=ratio, alpha=alpha).power == pytest.approx(
        TTestIndPower().power(effect_size=d, nobs1=80, alpha=alpha, ratio=ratio), abs=TOL
    )
    h = cohens_h(0.35, 0.25)
    ref_n = NormalIndPower().solve_power(effect_size=h, alpha=alpha, power=power, ratio=ratio)
    assert sample_size(h, ratio=ratio, alpha=alpha, power=power, distribution="normal")\
        .n_treated_exact == pytest.approx(ref_n, abs=1e-6)  # fmt: skip


def test_before_after_is_paired_one_sample_t() -> None:
    rho, d = 0.6, 0.3
    dz = d / math.sqrt(2 * (1 - rho))
    ref = TTestPower().solve_power(effect_size=dz, alpha=0.05, power=0.8)
    r = sample_size(d, design="before_after", rho=rho)
    assert r.n_treated_exact == pytest.approx(ref, abs=1e-6)
    assert r.n_total == r.n_treated


def test_design_effect_and_variance_factors_closed_form() -> None:
    assert design_effect(0.05, 21) == pytest.approx(2.0)
    assert design_effect(0.05, 20, 0.5) == pytest.approx(1 + (1.25 * 20 - 1) * 0.05)
    base = sample_size(0.3, distribution="normal").n_treated_exact
    clustered = sample_size(0.3, distribution="normal", icc=0.05, cluster_size=21)
    assert clustered.n_treated_exact == pytest.approx(2.0 * base, rel=1e-9)
    assert clustered.clusters_treated == math.ceil(clustered.n_treated / 21)
    adj = sample_size(0.3, design="regression", r2=0.36, distribution="normal")
    assert adj.n_treated_exact == pytest.approx(0.64 * base, rel=1e-9)
    did = sample_size(0.3, design="did", rho=0.75, distribution="normal")
    assert did.n_treated_exact == pytest.approx(0.5 * base, rel=1e-9)  # 2(1 − ρ)
    did3 = sample_size(0.3, design="did", rho=0.5, periods_before=3, periods_after=3,
                       distribution="normal")  # fmt: skip
    assert did3.n_treated_exact == pytest.approx(0.5 * (2 / 3) * base, rel=1e-9)


def test_minimum_detectable_effect_inverts_power() -> None:
    mde = minimum_detectable_effect(150, icc=0.02, cluster_size=25)
    assert power_for(mde.effect_size, 150, icc=0.02, cluster_size=25).power == pytest.approx(0.8)
    assert mde.effect_size > minimum_detectable_effect(150).effect_size


def test_power_rejects_nonsense() -> None:
    with pytest.raises(StatsInputError):
        sample_size(0.3, design="astrology")
    with pytest.raises(StatsInputError):
        sample_size(0.0)
    with pytest.raises(StatsInputError):
        power_for(0.3, 2)
