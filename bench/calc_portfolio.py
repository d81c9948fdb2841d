"""Benchmark: a portfolio of 50 initiatives × 20 years × 10 outcomes × 3 bearers, 10 000 draws.

Prints the machine, the wall time and peak traced memory of ``sikt.calc`` Monte Carlo for the
whole portfolio, and the ratio to a minimal numpy kernel doing the same arithmetic on the same
shapes in the same run (draw inputs, stock with drop-off and duration, value per bearer,
discounting). The engine computes present values directly (the stock reduced over years in closed
form, see ``sikt.calc.engine``), so the kernel ``kernel`` uses that same formulation: the ratio
compares like with like. The engine runs with its default (one thread) and with two threads;
the kernel runs on one thread, on whole 10 000-draw arrays (the issue's shapes) and, for
reference, in the engine's chunks. The former yearly-recurrence kernel (``kernel_yearly``) is
timed too, for reference. Each figure is the best and the median of ``REPEATS`` interleaved
runs. Also reports peak traced memory at 10 000 and 100 000 draws kept in memory (chunked), and
of a whole run (``run_monte_carlo``, streaming summaries) at 10 000 to 1 000 000 draws, which
must not grow with the number of draws. Not a test.

Run: ``uv run python bench/calc_portfolio.py``
"""

from __future__ import annotations

import os
import platform
import statistics
import time
import tracemalloc
from collections.abc import Callable

import numpy as np

from sikt.calc import load_case, load_unit_cost_library, run_monte_carlo
from sikt.calc.money import discount_factors
from sikt.calc.montecarlo import DEFAULT_CHUNK, simulate_npv

INITIATIVES, YEARS, OUTCOMES, BEARERS, DRAWS = 50, 20, 10, 3, 10_000
BEARER_KEYS = ["ks", "sn", "staten"]
REPEATS = 3


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
    """The engine's arithmetic for one initiative as bare numpy on the same shapes, one thread.

    Same formulation as ``sikt.calc.engine.present_values``: draw the inputs, reduce the stock
    over years in closed form (``Σ_t D_t S_t = effect × Σ_{a<D} keep^a c_a`` with
    ``c_a = Σ_{s+a<T} ramp_s D_{s+a}``, Horner in ``keep``), value per bearer, subtract the
    discounted costs. Returns NPV per bearer ``(draws, bearers)``.
    """
    effect = rng.triangular(0, 1, 5, (draws, OUTCOMES))
    keep = 1 - rng.uniform(0, 0.3, (draws, OUTCOMES))
    unit = rng.normal(1000, 100, (draws, OUTCOMES)) * 10
    costs = np.zeros((draws, BEARERS))
    costs[:, 0] = rng.uniform(9e4, 1.1e5, (draws, 3)) @ factors[:3]
    duration = 1 + np.arange(OUTCOMES) % 4
    lags = int(duration.max())
    tails = np.array([factors[a:].sum() for a in range(lags)])
    c = np.where(np.arange(lags)[None, :] < duration[:, None], tails[None, :], 0.0)
    acc = np.broadcast_to(c[:, -1], (draws, OUTCOMES))
    for a in range(lags - 2, -1, -1):
        acc = acc * keep + c[:, a]
    stock = effect * acc  # (draws, outcomes): Σ_t D_t S_t
    values = unit[:, :, None] * np.array([0.2, 0.5, 0.3])[None, None, :]
    return np.einsum("nob,no->nb", values, stock) - costs


def kernel_yearly(rng: np.random.Generator, draws: int, factors: np.ndarray) -> np.ndarray:
    """The engine's former formulation (for reference only): yearly stock by a recurrence over
    years with drop-off and duration, ``(draws, outcomes, years)`` arrays, then discounting."""
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
    print(f"cpu count: {os.cpu_count()}  numpy {np.__version__}  chunk {DEFAULT_CHUNK} draws")
    library = load_unit_cost_library()
    cases = [load_case(portfolio_case(i), library) for i in range(INITIATIVES)]
    factors = discount_factors(0.035, YEARS)

    def engine(workers: int) -> None:
        for case in cases:
            simulate_npv(case, DRAWS, seed=1, library=library, workers=workers)

    def bare(
        step: Callable[[np.random.Generator, int, np.ndarray], np.ndarray], chunk: int = DRAWS
    ) -> None:
        rng = np.random.default_rng(1)
        for _ in cases:
            for start in range(0, DRAWS, chunk):
                step(rng, min(chunk, DRAWS - start), factors)

    rows: dict[str, list[float]] = {}
    for _ in range(REPEATS):  # interleaved, so background load hits every figure alike
        for label, run in (
            ("engine", lambda: engine(1)),
            ("engine, 2 threads", lambda: engine(2)),
            ("kernel", lambda: bare(kernel)),
            (f"kernel, chunks of {DEFAULT_CHUNK}", lambda: bare(kernel, DEFAULT_CHUNK)),
            ("kernel, yearly recurrence", lambda: bare(kernel_yearly)),
        ):
            start = time.perf_counter()
            run()
            rows.setdefault(label, []).append(time.perf_counter() - start)

    tracemalloc.start()
    simulate_npv(cases[0], DRAWS, seed=1, library=library)
    peak_10k = tracemalloc.get_traced_memory()[1]
    tracemalloc.reset_peak()
    simulate_npv(cases[0], 100_000, seed=1, library=library)
    peak_100k = tracemalloc.get_traced_memory()[1]
    streamed = {}
    for draws in (10_000, 100_000, 1_000_000):  # what a run keeps: summaries, not draws
        tracemalloc.reset_peak()
        run_monte_carlo(cases[0], draws, seed=1, library=library)
        streamed[draws] = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()

    print(
        f"portfolio: {INITIATIVES} initiatives × {YEARS} years × {OUTCOMES} outcomes"
        f" × {BEARERS} bearers, {DRAWS} draws; best / median of {REPEATS} runs"
    )
    for label, times in rows.items():
        print(f"{label:<27} {min(times):6.3f} s  {statistics.median(times):6.3f} s")
    for label in ("engine", "engine, 2 threads"):
        for reference in ("kernel", f"kernel, chunks of {DEFAULT_CHUNK}"):
            best = min(rows[label]) / min(rows[reference])
            median = statistics.median(rows[label]) / statistics.median(rows[reference])
            print(f"ratio {label} / {reference}: best {best:.2f}×  median {median:.2f}×")
    print(f"peak traced memory, one initiative, 10 000 draws:  {peak_10k / 1e6:.1f} MB")
    print(f"peak traced memory, one initiative, 100 000 draws: {peak_100k / 1e6:.1f} MB (chunked)")
    for draws, peak in streamed.items():
        print(
            f"peak traced memory, run_monte_carlo (streaming summaries), {draws:>9,} draws: "
            f"{peak / 1e6:.1f} MB"
        )


if __name__ == "__main__":
    main()
