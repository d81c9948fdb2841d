"""Benchmark: a portfolio of 50 initiatives × 20 years × 10 outcomes × 3 bearers, 10 000 draws.

Prints the machine, the wall time and peak traced memory of ``sikt.calc`` Monte Carlo for the
whole portfolio, and the ratio to a minimal numpy kernel doing the same arithmetic on the same
shapes in the same run (draw inputs, events, stock recurrence with drop-off and duration, value
per bearer, discounting). Also reports peak memory at 100 000 draws (chunked). Not a test.

Run: ``uv run python bench/calc_portfolio.py``
"""

from __future__ import annotations

import os
import platform
import time
import tracemalloc

import numpy as np

from sikt.calc import load_case, load_unit_cost_library
from sikt.calc.money import discount_factors
from sikt.calc.montecarlo import simulate_npv

INITIATIVES, YEARS, OUTCOMES, BEARERS, DRAWS = 50, 20, 10, 3, 10_000
BEARER_KEYS = ["ks", "sn", "staten"]


def portfolio_case(i: int) -> dict[str, object]:
    """A synthetic initiative with every outcome input uncertain."""
    outcomes = []
    for o in range(OUTCOMES):
        outcomes.append(
            {
                "key": f"o{o}",
                "name": f"Outcome {o}",
                "effect": {"dist": "triangular", "low": 0, "mode": 1 + o % 3, "high": 5},
                "duration_years": 1 + o % 4,
                "drop_off": {"dist": "uniform", "low": 0.0, "high": 0.3},
                "valuation": [
                    {
                        "unit_cost": f"u{o}",
                        "quantity": 10,
                        "shares": {"ks": 0.2, "sn": 0.5, "staten": 0.3},
                    }
                ],
            }
        )
    return {
        "key": f"p{i}",
        "name": f"Initiative {i}",
        "base_year": 2025,
        "horizon_years": YEARS,
        "bearers": [
            {"key": "ks", "name": "KS", "kind": "committee"},
            {"key": "sn", "name": "SN", "kind": "committee"},
            {"key": "staten", "name": "Staten", "kind": "state"},
        ],
        "unit_costs": [
            {
                "key": f"u{o}",
                "name": f"u{o}",
                "amount": {"dist": "normal", "mean": 1000, "sd": 100},
                "price_year": 2025,
            }
            for o in range(OUTCOMES)
        ],
        "costs": [
            {
                "name": "c",
                "bearer": "ks",
                "amounts": [{"dist": "uniform", "low": 9e4, "high": 1.1e5}] * 3,
            }
        ],
        "outcomes": outcomes,
    }


def kernel(rng: np.random.Generator, draws: int, factors: np.ndarray) -> np.ndarray:
    """The same arithmetic for one initiative, written as bare numpy on the same shapes."""
    effect = rng.triangular(0, 1, 5, (draws, OUTCOMES))
    keep = 1 - rng.uniform(0, 0.3, (draws, OUTCOMES))
    unit = rng.normal(1000, 100, (draws, OUTCOMES)) * 10
    costs = np.zeros((draws, BEARERS, YEARS))
    costs[:, 0, :3] = rng.uniform(9e4, 1.1e5, (draws, 3))
    events = np.broadcast_to(effect[:, :, None], (draws, OUTCOMES, YEARS))
    duration = 1 + np.arange(OUTCOMES) % 4
    tail = keep**duration
    stock = np.empty((draws, OUTCOMES, YEARS))
    previous = np.zeros((draws, OUTCOMES))
    for t in range(YEARS):
        current = previous * keep + events[:, :, t]
        leaving = t - duration
        mask = leaving >= 0
        current[:, mask] -= tail[:, mask] * events[:, mask, 0]
        stock[:, :, t] = current
        previous = current
    values = unit[:, :, None] * np.array([0.2, 0.5, 0.3])[None, None, :]
    benefits = np.matmul(values.transpose(0, 2, 1), stock)
    return (benefits - costs) @ factors


def main() -> None:
    print(f"platform: {platform.platform()}  python {platform.python_version()}")
    print(f"cpu count: {os.cpu_count()}  numpy {np.__version__}")
    library = load_unit_cost_library()
    cases = [load_case(portfolio_case(i), library) for i in range(INITIATIVES)]
    factors = discount_factors(0.035, YEARS)

    start = time.perf_counter()
    for case in cases:
        simulate_npv(case, DRAWS, seed=1, library=library)
    engine = time.perf_counter() - start

    rng = np.random.default_rng(1)
    start = time.perf_counter()
    for _ in cases:
        kernel(rng, DRAWS, factors)
    bare = time.perf_counter() - start

    tracemalloc.start()
    simulate_npv(cases[0], DRAWS, seed=1, library=library)
    peak_10k = tracemalloc.get_traced_memory()[1]
    tracemalloc.reset_peak()
    simulate_npv(cases[0], 100_000, seed=1, library=library)
    peak_100k = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()

    print(
        f"portfolio: {INITIATIVES} initiatives × {YEARS} years × {OUTCOMES} outcomes"
        f" × {BEARERS} bearers"
    )
    print(f"sikt.calc Monte Carlo, {DRAWS} draws: {engine:.3f} s wall")
    print(f"minimal numpy kernel, same shapes:    {bare:.3f} s wall")
    print(f"ratio engine / kernel: {engine / bare:.2f}×")
    print(f"peak traced memory, one initiative, 10 000 draws:  {peak_10k / 1e6:.1f} MB")
    print(f"peak traced memory, one initiative, 100 000 draws: {peak_100k / 1e6:.1f} MB (chunked)")


if __name__ == "__main__":
    main()
