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


def _scipy(spec):
    """The same distribution in scipy.stats (the independent reference)."""
    if spec["dist"] == "uniform":
        return stats.uniform(spec["low"], spec["high"] - spec["low"])
    if spec["dist"] == "triangular":
        span = spec["high"] - spec["low"]
        return stats.triang((spec["mode"] - spec["low"]) / span, spec["low"], span)
    if spec["dist"] == "pert":
        span = spec["high"] - spec["low"]
        a = 1 + 4 * (spec["mode"] - spec["low"]) / span
        return stats.beta(a, 6 - a, spec["low"], span)
    if spec["dist"] == "normal":
        low, high = spec.get("low", -np.inf), spec.get("high", np.inf)
        mean, sd = spec["mean"], spec["sd"]
        return stats.truncnorm((low - mean) / sd, (high - mean) / sd, mean, sd)
    sigma = np.sqrt(np.log(1 + (spec["sd"] / spec["mean"]) ** 2))
    return stats.lognorm(sigma, scale=spec["mean"] * np.exp(-(sigma**2) / 2))


REFERENCE_CASES = [
    *CASES,
    {"dist": "triangular", "low": 0, "mode": 0, "high": 5},
    {"dist": "pert", "low": 0.08, "mode": 0.15, "high": 0.25},
    {"dist": "pert", "low": 10, "mode": 10, "high": 20},
    {"dist": "normal", "mean": 0.2, "sd": 0.1, "low": 0, "high": 1},
    {"dist": "normal", "mean": 0, "sd": 1, "low": 3, "high": 9},  # upper tail only
    {"dist": "normal", "mean": 5, "sd": 2, "high": 1},  # lower tail only
    {"dist": "normal", "mean": 100, "sd": 15},
]


@pytest.mark.parametrize("spec", REFERENCE_CASES, ids=lambda s: s["dist"])
def test_quantiles_means_and_truncated_draws_match_scipy(spec):
    dist = ADAPTER.validate_python(spec)
    reference = _scipy(spec)
    q = np.array([0.001, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.999])
    ours = np.array([dist.quantile(v) for v in q])
    assert ours == pytest.approx(reference.ppf(q), rel=1e-10, abs=1e-12)
    assert dist.mean() == pytest.approx(reference.mean(), rel=1e-10, abs=1e-12)
    if spec["dist"] == "normal" and ("low" in spec or "high" in spec):
        # same generator, same uniform draws: the same values scipy's truncnorm.rvs gives
        ours = dist.sample(np.random.default_rng(8), 1_000)
        theirs = reference.rvs(size=1_000, random_state=np.random.default_rng(8))
        assert ours == pytest.approx(theirs, rel=1e-10, abs=1e-12)
