import numpy as np
import pytest
from pydantic import TypeAdapter, ValidationError
from scipy import stats

from sikt.calc.distributions import Uncertain

ADAPTER = TypeAdapter(Uncertain)
CASES = [
    {"dist": "uniform", "low": 2, "high": 6},
    {"dist": "triangular", "low": 0, "mode": 1, "high": 5},
    {"dist": "pert", "low": 0, "mode": 1, "high": 5},
    {"dist": "normal", "mean": 10, "sd": 3, "low": 8},
    {"dist": "lognormal", "mean": 10, "sd": 4},
]


@pytest.mark.parametrize("spec", CASES, ids=lambda s: s["dist"])
def test_sample_mean_matches_stated_mean(spec):
    dist = ADAPTER.validate_python(spec)
    draws = dist.sample(np.random.default_rng(3), 200_000)
    assert draws.mean() == pytest.approx(dist.mean(), abs=4 * draws.std() / np.sqrt(len(draws)))


@pytest.mark.parametrize("spec", CASES, ids=lambda s: s["dist"])
def test_quantile_matches_empirical_quantile(spec):
    dist = ADAPTER.validate_python(spec)
    draws = dist.sample(np.random.default_rng(4), 200_000)
    assert dist.quantile(0.9) == pytest.approx(np.quantile(draws, 0.9), rel=0.02)


def test_published_means():
    # PERT mean (low + 4·mode + high)/6 and triangular (low+mode+high)/3 (Vose, Risk Analysis)
    assert ADAPTER.validate_python(CASES[2]).mean() == pytest.approx(1.5)
    assert ADAPTER.validate_python(CASES[1]).mean() == pytest.approx(2.0)
    truncated = ADAPTER.validate_python(CASES[3])
    assert truncated.mean() == pytest.approx(stats.truncnorm(-2 / 3, np.inf, 10, 3).mean())


def test_number_is_fixed_and_serialises_back_to_a_number():
    value = ADAPTER.validate_python(4.5)
    assert value.mean() == 4.5
    assert ADAPTER.dump_python(value) == 4.5


def test_bad_bounds_rejected():
    with pytest.raises(ValidationError, match="low"):
        ADAPTER.validate_python({"dist": "triangular", "low": 5, "mode": 1, "high": 4})
