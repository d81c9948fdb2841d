import numpy as np
import pytest

from sikt.calc import load_case, run_monte_carlo
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
