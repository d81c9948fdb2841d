"""E-values and Rosenbaum bounds against published examples, scipy and brute force."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as hs
from scipy import stats as st

from sikt.stats import StatsInputError, e_value, rosenbaum_bounds

# Morton et al. (1982): blood lead of 33 children whose fathers worked in a battery factory,
# each matched to a control child of the same age and neighbourhood – Rosenbaum (2002),
# Observational Studies, ch. 4 (data as in R's rbounds::psens example and DOS2::lead).
LEAD_EXPOSED = [38, 23, 41, 18, 37, 36, 23, 62, 31, 34, 24, 14, 21, 17, 16, 20, 15, 10, 45, 39,
                22, 35, 49, 48, 44, 35, 43, 39, 34, 13, 73, 25, 27]  # fmt: skip
LEAD_CONTROL = [16, 18, 18, 24, 19, 11, 10, 15, 16, 18, 18, 13, 19, 10, 16, 16, 24, 13, 9, 14,
                21, 19, 7, 18, 19, 12, 11, 22, 25, 16, 13, 11, 13]  # fmt: skip


def test_e_value_vanderweele_ding_example() -> None:
    # VanderWeele & Ding (2017), Ann Intern Med 167:268: breastfeeding and infant death from
    # respiratory infection, RR 3.9 (95 % CI 1.8–8.7): E-value 7.2 for the estimate, 3.0 for
    # the lower limit.
    ev = e_value(3.9, (1.8, 8.7))
    assert ev.point == pytest.approx(3.9 + math.sqrt(3.9 * 2.9), abs=1e-12)
    assert round(ev.point, 2) == 7.26
    assert ev.ci_limit == pytest.approx(3.0, abs=1e-12)
    assert "7,26" in ev.text.sv and "3,00" in ev.text.sv
    assert "7.26" in ev.text.en


def test_e_value_protective_effect_uses_the_inverse() -> None:
    # R package EValue, evalues.RR(0.80, 0.71, 0.91): 1.81 for the estimate, 1.43 for the
    # upper limit (the one closest to 1)
    ev = e_value(0.80, (0.71, 0.91))
    assert ev.point == pytest.approx(1.809017, abs=1e-6)
    assert ev.ci_limit == pytest.approx(1.428571, abs=1e-6)


def test_e_value_conversions() -> None:
    # common outcome: RR ≈ √OR (VanderWeele 2017)
    assert e_value(4.0, (1.0, 9.0), measure="odds_ratio").risk_ratio == pytest.approx(2.0)
    assert e_value(4.0, measure="rare_odds_ratio").risk_ratio == pytest.approx(4.0)
    # standardised difference: RR ≈ exp(0.91 d), interval exp(0.91 d ± 1.78 se) at 95 %
    ev = e_value(0.5, measure="smd", se=0.1)
    assert ev.risk_ratio == pytest.approx(math.exp(0.455))
    lo, hi = ev.risk_ratio_ci or (0.0, 0.0)
    assert lo == pytest.approx(math.exp(0.455 - 0.91 * 1.959964 * 0.1), rel=1e-6)
    assert hi == pytest.approx(math.exp(0.455 + 0.91 * 1.959964 * 0.1), rel=1e-6)
    # a difference in proportions with its baseline risk: 0.30 → 0.20 is RR 2/3
    ev = e_value(-0.10, (-0.15, -0.05), measure="risk_difference", baseline_risk=0.30)
    assert ev.risk_ratio == pytest.approx(2 / 3)
    assert ev.point == pytest.approx(1.5 + math.sqrt(1.5 * 0.5))


def test_interval_including_no_effect() -> None:
    ev = e_value(1.3, (0.9, 1.8))
    assert ev.ci_limit == 1.0
    assert "omfattar redan ingen effekt" in ev.text.sv
    assert e_value(1.0).text.en.startswith("The estimate shows no effect")


def test_e_value_refuses_nonsense() -> None:
    with pytest.raises(StatsInputError):
        e_value(-2.0)
    with pytest.raises(StatsInputError):
        e_value(0.1, measure="risk_difference")
    with pytest.raises(StatsInputError):
        e_value(1.2, measure="hazard")
    with pytest.raises(StatsInputError):
        e_value(math.nan)


@given(rr=hs.floats(1.001, 50.0))
def test_a_confounder_as_strong_as_the_e_value_explains_the_effect_away(rr: float) -> None:
    """Ding & VanderWeele (2016): a confounder with risk ratios RR_EU and RR_UD can move an
    estimate by at most B = RR_EU·RR_UD/(RR_EU + RR_UD − 1). With both equal to the E-value,
    B is exactly the observed risk ratio; anything weaker cannot explain it away."""
    e = e_value(rr).point
    assert e * e / (2 * e - 1) == pytest.approx(rr, rel=1e-9)
    weaker = 0.99 * e
    assert weaker * weaker / (2 * weaker - 1) < rr


def test_rosenbaum_lead_example() -> None:
    d = np.array(LEAD_EXPOSED) - np.array(LEAD_CONTROL)
    r = rosenbaum_bounds(d)
    # one pair has difference 0 and is dropped: Wilcoxon's T⁺ = 499 over 32 pairs (R's
    # wilcox.test / rbounds::psens on these data)
    assert (r.pairs, r.statistic) == (32, 499.0)
    # at Γ = 1 the bound is the ordinary signed-rank test (normal approximation, no
    # continuity correction)
    ref = st.wilcoxon(d, alternative="greater", method="approx", correction=False)
    assert r.table[0].gamma == 1.0
    assert r.table[0].p_upper == pytest.approx(ref.pvalue, rel=1e-10)
    # Rosenbaum (2002, §4.3.3): the conclusion survives hidden bias of Γ = 4, not of Γ = 5
    by_gamma = {row.gamma: row for row in r.table}
    assert by_gamma[4.0].p_upper < 0.05 < by_gamma[5.0].p_upper
    assert 4.0 < r.gamma_critical < 5.0
    assert all(row.p_lower <= row.p_upper for row in r.table)
    assert "Γ = 4,43" in r.text.sv and "Γ = 4.43" in r.text.en


def test_rosenbaum_exact_equals_brute_force_and_scipy() -> None:
    d = np.array([1.5, -0.3, 2.2, 0.8, -1.1, 3.0, 0.4, 2.7, -0.6, 1.9, 0.9, 2.4])
    ranks = st.rankdata(np.abs(d))
    stat = ranks[d > 0].sum()
    for gamma in (1.0, 2.0, 3.5):
        p = gamma / (1 + gamma)
        brute = sum(
            math.prod(p if b else 1 - p for b in bits)
            for bits in itertools.product((0, 1), repeat=d.size)
            if sum(r for r, b in zip(ranks, bits, strict=True) if b) >= stat
        )
        r = rosenbaum_bounds(d, method="exact", gammas=(gamma,))
        assert r.table[0].p_upper == pytest.approx(brute, abs=1e-12)
    exact = st.wilcoxon(d, alternative="greater", method="exact")
    assert rosenbaum_bounds(d, method="exact").table[0].p_upper == pytest.approx(exact.pvalue)


def test_rosenbaum_negative_effect_and_no_significance() -> None:
    d = -(np.array(LEAD_EXPOSED) - np.array(LEAD_CONTROL))
    r = rosenbaum_bounds(d)
    assert r.direction == "less" and 4.0 < r.gamma_critical < 5.0
    noise = np.array([0.5, -0.4, 0.3, -0.2, 0.1, -0.6])
    weak = rosenbaum_bounds(noise)
    assert weak.gamma_critical == 1.0 and "inte statistiskt säkerställd" in weak.text.sv
    with pytest.raises(StatsInputError):
        rosenbaum_bounds([0.0, 0.0])
    with pytest.raises(StatsInputError):
        rosenbaum_bounds(np.arange(1.0, 80.0), method="exact")
