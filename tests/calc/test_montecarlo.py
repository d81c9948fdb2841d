import numpy as np
import pytest

from sikt.calc import example_case_paths, load_case, run_deterministic, run_monte_carlo
from sikt.calc.engine import Draws, present_values, simulate
from sikt.calc.money import discount_factors
from sikt.calc.montecarlo import simulate_npv


@pytest.fixture
def uncertain_case(case_dict):
    data = case_dict()
    data["outcomes"][0]["effect"] = {"dist": "triangular", "low": 0, "mode": 1, "high": 4}
    return load_case(data)


def test_same_seed_same_result_other_seed_differs(uncertain_case, library):
    first = run_monte_carlo(uncertain_case, 500, seed=7, library=library)
    assert first == run_monte_carlo(uncertain_case, 500, seed=7, library=library)
    assert first != run_monte_carlo(uncertain_case, 500, seed=8, library=library)


def test_probability_positive_matches_threshold(uncertain_case, library):
    # Organisation NPV = effect × 250 000 − 200 000 ≥ 0 ⇔ effect ≥ 0.8 (triangular 0, 1, 4)
    # P(effect > 0.8) = 1 − 0.8²/(4·1) = 0.84
    summary = run_monte_carlo(uncertain_case, 20_000, seed=1, library=library).perspective(
        "organisation"
    )
    assert summary.probability_positive == pytest.approx(
        0.84, abs=4 * summary.probability_standard_error
    )
    assert sum(summary.histogram.counts) == 20_000
    assert summary.percentiles[5] < summary.percentiles[50] < summary.percentiles[95]


def test_chunks_cover_every_draw(uncertain_case, library):
    values = simulate_npv(uncertain_case, 1001, seed=3, library=library, chunk_size=100)
    assert values["society"].shape == (1001,)
    assert np.isfinite(values["society"]).all()
    assert len(np.unique(values["society"])) > 900  # every chunk drew fresh values


def test_result_for_a_seed_does_not_depend_on_worker_count(uncertain_case, library):
    runs = [
        simulate_npv(uncertain_case, 1001, seed=11, library=library, chunk_size=100, workers=w)
        for w in (1, 2, 3)
    ]
    for other in runs[1:]:
        assert other.keys() == runs[0].keys()
        for key, values in runs[0].items():
            assert np.array_equal(values, other[key])
    summaries = [
        run_monte_carlo(uncertain_case, 600, seed=4, library=library, workers=w) for w in (1, 2)
    ]
    assert summaries[0] == summaries[1]


def test_rejects_empty_chunks(uncertain_case, library):
    with pytest.raises(ValueError, match="chunk_size"):
        simulate_npv(uncertain_case, 10, seed=1, library=library, chunk_size=0)


def _every_feature(case_dict):
    """All inputs fixed; durations beyond the horizon, drop-off, ramp-up, probability effect,
    participant costs, a type case, a rate schedule and mid-year timing."""
    data = case_dict(
        horizon_years=8,
        discounting={"schedule": [0.035, 0.03, 0.025], "timing": "mid"},
        target_group={"size_per_year": [10, 20, 15]},
        adjustments={"deadweight": 0.1, "cost_uplift": 0.05},
    )
    data["costs"].append(
        {"name": "Per deltagare", "bearer": "sn", "amounts": [500, 600], "per_participant": True}
    )
    data["outcomes"][0].update(duration_years=3, drop_off=0.2, ramp_up=[0.25, 0.5])
    data["outcomes"].append(
        {
            "key": "vard",
            "name": "Ökad vård",
            "effect": 0.05,
            "effect_kind": "probability",
            "direction": "added",
            "duration_years": 12,
            "drop_off": 0.1,
            "confidence": "C",
            "attribution": 0.3,
            "valuation": [
                {"unit_cost": "dygn", "quantity": 7, "shares": {"sn": 0.4, "staten": 0.6}}
            ],
        }
    )
    data["type_cases"] = [
        {
            "key": "typ",
            "name": "Typfall",
            "persons_per_year": [1, 2],
            "lines": [
                {"unit_cost": "dygn", "without": [30, 20, 10], "with": [10, 5, 0], "bearer": "ks"}
            ],
        }
    ]
    return load_case(data)


def test_vectorised_equals_deterministic_when_inputs_are_fixed(case_dict, library):
    case = _every_feature(case_dict)
    deterministic = run_deterministic(case, library)
    values = simulate_npv(case, 7, seed=5, library=library, chunk_size=3, workers=2)
    for key, npvs in values.items():
        expected = deterministic.perspective(key).npv
        assert expected != 0
        assert npvs == pytest.approx(np.full(7, expected), rel=1e-12)


@pytest.mark.parametrize("path", example_case_paths(), ids=lambda p: p.stem)
def test_present_values_equal_discounted_yearly_flows(path, library):
    # Random draws of every input: the closed-form present values equal the yearly flows
    # discounted afterwards, draw by draw (same inputs: the same seed, the same draw order).
    case = load_case(path, library)
    rate = case.discounting.schedule or case.discounting.rate
    factors = discount_factors(rate, case.horizon_years, case.discounting.timing)
    yearly = simulate(case, library, Draws(n=200, rng=np.random.default_rng(9)))
    pv = present_values(case, library, Draws(n=200, rng=np.random.default_rng(9)), factors)
    for name in ("costs", "gross_benefits", "adjusted_benefits"):
        expected = getattr(yearly, name) @ factors
        assert getattr(pv, name) == pytest.approx(expected, rel=1e-11, abs=1e-6)
    deterministic = run_deterministic(case, library)
    at_means = present_values(case, library, Draws(n=3), factors)
    society = (at_means.adjusted_benefits - at_means.costs).sum(axis=1)
    assert society == pytest.approx(np.full(3, deterministic.perspective("society").npv), rel=1e-12)
