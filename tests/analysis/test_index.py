"""Socio-economic index (figure 5) and correlation with its interval, checked against scipy."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from sikt.analysis.index import correlation, socioeconomic_index


def _four(areas: dict[str, tuple[float, float, float, float]]) -> dict[str, dict[str, float]]:
    names = ("education_level", "employment_share", "nordic_born_share", "earned_income")
    return {name: {a: v[i] for a, v in areas.items()} for i, name in enumerate(names)}


def test_best_area_gets_ten_worst_zero_and_equal_weights_by_default() -> None:
    values = _four(
        {
            "Centrum": (0.6, 0.85, 0.9, 320_000),
            "Norr": (0.3, 0.55, 0.5, 190_000),
            "Söder": (0.45, 0.70, 0.7, 255_000),
        }
    )
    result = socioeconomic_index(values)
    assert result.scores == {"Centrum": 10.0, "Norr": 0.0, "Söder": pytest.approx(5.0)}
    assert result.weights == (0.25, 0.25, 0.25, 0.25)


def test_weights_direction_and_missing_values() -> None:
    values = {"unemployment": {"A": 10.0, "B": 2.0, "C": 6.0}, "income": {"A": 1.0, "B": 3.0}}
    result = socioeconomic_index(
        values, variables={"unemployment": False, "income": True}, weights=[3, 1]
    )
    assert result.scores["A"] == pytest.approx(0.0)
    assert result.scores["B"] == pytest.approx(10.0)
    assert result.scores["C"] is None  # no income: no index, not a guess
    with pytest.raises(ValueError, match="weight"):
        socioeconomic_index(values, variables={"income": True}, weights=[0])


def test_pearson_and_spearman_against_scipy() -> None:
    rng = np.random.default_rng(5)
    x = rng.uniform(0, 10, 40)
    y = 40 + 4 * x + rng.normal(0, 8, 40)
    r = correlation(x, y)
    reference = stats.pearsonr(x, y)
    ci = reference.confidence_interval(0.95)
    assert r.estimate == pytest.approx(reference.statistic, abs=1e-12)
    assert (r.ci_low, r.ci_high) == pytest.approx((ci.low, ci.high), abs=1e-9)
    assert r.p_value == pytest.approx(reference.pvalue, abs=1e-12)
    rho = correlation(x, y, method="spearman", level=0.9)
    ref_rho = stats.spearmanr(x, y).statistic
    se = math.sqrt(1.06 / 37)
    z = math.atanh(ref_rho)
    assert rho.estimate == pytest.approx(ref_rho)
    assert rho.ci_low == pytest.approx(math.tanh(z - stats.norm.ppf(0.95) * se))
    with pytest.raises(ValueError, match="four"):
        correlation([1, 2, 3], [1, 2, 3])
