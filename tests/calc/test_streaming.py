"""Streaming summaries agree with numpy on draws that fit in memory, within the stated bound."""

from __future__ import annotations

import numpy as np
import pytest

from sikt.calc import load_case, run_monte_carlo
from sikt.calc.montecarlo import MAX_DRAWS, PERCENTILES, simulate_npv
from sikt.calc.streaming import BINS, StreamSummary

SHAPES = {
    "normal": lambda rng, n: rng.normal(1e6, 3e5, n),
    "heavy right tail": lambda rng, n: rng.lognormal(12, 1.2, n) - 2e5,
    "bimodal": lambda rng, n: np.where(rng.random(n) < 0.3, -5e5, 2e6) + rng.normal(0, 1e5, n),
    "narrow pilot, wide later": lambda rng, n: rng.normal(0, 1, n) * np.linspace(1, 1e4, n),
    "constant": lambda rng, n: np.full(n, 42.0),
}


def _streamed(values: np.ndarray, chunk: int = 2_500) -> StreamSummary:
    stream = StreamSummary()
    for start in range(0, len(values), chunk):
        stream.add(values[start : start + chunk])
    return stream


@pytest.mark.parametrize("shape", SHAPES, ids=list(SHAPES))
def test_summary_matches_numpy_within_one_bin(shape):
    values = SHAPES[shape](np.random.default_rng(3), 200_001)
    stream = _streamed(values)
    assert stream.count == len(values)
    assert stream.mean == pytest.approx(values.mean(), rel=1e-12, abs=1e-9)
    assert stream.sd == pytest.approx(values.std(ddof=1), rel=1e-9, abs=1e-9)
    assert (stream.minimum, stream.maximum) == (values.min(), values.max())
    assert stream.positive == np.count_nonzero(values > 0)
    spread = values.max() - values.min()
    assert stream.bin_width <= max(8 * spread / BINS, 1e-6)
    for q in (*PERCENTILES, 0, 0.1, 1, 99, 99.9, 100):
        exact = np.percentile(values, q)
        assert abs(stream.percentile(q) - exact) <= stream.bin_width, q
    edges, counts = stream.histogram()
    assert sum(counts) == len(values) and len(counts) <= 40
    assert edges[0] == values.min() and edges[-1] == values.max()
    assert len(edges) == len(counts) + 1 and edges == sorted(edges)
    inner = np.asarray(edges[1:-1])
    assert counts == np.histogram(values, bins=[values.min(), *inner, values.max()])[0].tolist()


def test_monte_carlo_summary_matches_numpy_on_the_same_draws(case_dict, library):
    data = case_dict()
    data["outcomes"][0]["effect"] = {"dist": "pert", "low": 0, "mode": 1, "high": 4}
    data["outcomes"][0]["deadweight"] = {
        "dist": "normal",
        "mean": 0.2,
        "sd": 0.1,
        "low": 0,
        "high": 1,
    }
    case = load_case(data)
    summary = run_monte_carlo(case, 30_000, seed=5, library=library)
    values = simulate_npv(case, 30_000, seed=5, library=library)
    for distribution in summary.perspectives:
        exact = values[distribution.key]
        assert distribution.mean == pytest.approx(exact.mean(), rel=1e-12, abs=1e-6)
        assert distribution.sd == pytest.approx(exact.std(ddof=1), rel=1e-9, abs=1e-6)
        assert distribution.probability_positive == np.mean(exact > 0)
        spread = exact.max() - exact.min()
        for q, value in distribution.percentiles.items():
            assert abs(value - np.percentile(exact, q)) <= max(4 * spread / BINS, 1e-6)


def test_draws_are_limited(case_dict, library):
    case = load_case(case_dict())
    with pytest.raises(ValueError, match="draws"):
        run_monte_carlo(case, MAX_DRAWS + 1, library=library)
    with pytest.raises(ValueError, match="draws"):
        run_monte_carlo(case, 1, library=library)
