"""The engine's special functions agree with scipy (the independent reference)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import special, stats

from sikt.calc.special import beta_cdf, beta_ppf, normal_cdf, normal_pdf, normal_ppf


def test_normal_quantile_matches_scipy_across_the_range():
    p = np.concatenate(
        [np.logspace(-300, -1, 400), np.linspace(0.01, 0.99, 999), 1 - np.logspace(-16, -1, 200)]
    )
    assert normal_ppf(p) == pytest.approx(special.ndtri(p), rel=1e-14, abs=1e-14)
    assert normal_ppf([0.0, 1.0, -0.1, 1.5, np.nan]).tolist()[:2] == [-np.inf, np.inf]
    assert np.isnan(normal_ppf([-0.1, 1.5, np.nan])).all()


@pytest.mark.parametrize("x", [-40, -8, -1.5, 0, 0.3, 2, 9, np.inf, -np.inf])
def test_normal_cdf_and_pdf_match_scipy(x):
    assert normal_cdf(x) == pytest.approx(special.ndtr(x), rel=1e-13, abs=1e-300)
    assert normal_pdf(x) == pytest.approx(stats.norm.pdf(x), rel=1e-14, abs=1e-300)


# PERT shapes have a, b in [1, 5] with a + b = 6; the rest checks the general case.
SHAPES = [(1 + 4 * t, 5 - 4 * t) for t in np.linspace(0, 1, 9)] + [
    (0.5, 0.5),
    (0.3, 7.0),
    (12.0, 2.5),
    (40.0, 60.0),
]


@pytest.mark.parametrize(("a", "b"), SHAPES)
def test_beta_distribution_function_and_quantile_match_scipy(a, b):
    x = np.linspace(0, 1, 201)
    ours = np.array([beta_cdf(v, a, b) for v in x])
    assert ours == pytest.approx(special.betainc(a, b, x), rel=1e-12, abs=1e-15)
    q = np.concatenate([[1e-12, 1e-6], np.linspace(0.001, 0.999, 97), [1 - 1e-9]])
    ours = np.array([beta_ppf(v, a, b) for v in q])
    assert ours == pytest.approx(special.betaincinv(a, b, q), rel=1e-10, abs=1e-13)
    assert [beta_ppf(0, a, b), beta_ppf(1, a, b)] == [0, 1]
