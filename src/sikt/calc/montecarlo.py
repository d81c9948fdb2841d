"""Monte Carlo simulation: the distribution of NPV per perspective.

Why: a steering group asks "how likely is it that this pays off?". WSIPP reports the "chance
benefits will exceed costs" from a Monte Carlo simulation over all uncertain inputs (Technical
Documentation ch. 7); the Green Book (annex A5) asks for the same. Inputs are drawn
independently (a stated simplification), reproducibly from ``seed``, in chunks of draws so memory
stays bounded for any number of draws. Each chunk has its own random stream
(``SeedSequence(seed).spawn``), so chunks can run on several threads (numpy releases the GIL in
its array loops and random generators) and the result for a seed does not depend on how many.
One thread is the default: with the present-value formulation a chunk is short numpy calls
dominated by random draws, and on the portfolio benchmark (``bench/calc_portfolio.py``) two
threads used ~1.9× the CPU time for no gain in wall time (GIL hand-offs, allocator contention).
Only present values are needed here, so the engine discounts before it expands to yearly detail
(:func:`sikt.calc.engine.present_values`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from pydantic import BaseModel

from sikt.calc.case import Case
from sikt.calc.engine import Draws, present_values
from sikt.calc.money import discount_factors
from sikt.calc.results import perspective_groups
from sikt.calc.unit_costs import UnitCostLibrary, load_unit_cost_library
from sikt.text import Text

PERCENTILES = (5, 10, 25, 50, 75, 90, 95)
DEFAULT_CHUNK = 2_500  # ~200 kB per (outcomes × draws) array: stays in cache, no page faults


class Histogram(BaseModel):
    """Counts of NPV draws per bin; ``edges`` has one more element than ``counts``."""

    edges: list[float]
    counts: list[int]


class NpvDistribution(BaseModel):
    """Summary of the simulated NPV (SEK, price year of the case) for one perspective."""

    key: str
    name: Text
    mean: float
    sd: float
    standard_error: float
    percentiles: dict[int, float]
    probability_positive: float
    probability_standard_error: float
    histogram: Histogram


class MonteCarloResult(BaseModel):
    """The simulation result: number of draws, seed and one NPV summary per perspective."""

    draws: int
    seed: int
    perspectives: list[NpvDistribution]

    def perspective(self, key: str) -> NpvDistribution:
        for item in self.perspectives:
            if item.key == key:
                return item
        raise KeyError(key)


def simulate_npv(
    case: Case,
    draws: int,
    seed: int,
    library: UnitCostLibrary | None = None,
    chunk_size: int = DEFAULT_CHUNK,
    workers: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, np.ndarray]:
    """NPV per perspective for every draw, ``{perspective key: array (draws,)}``.

    Draws are generated in chunks of ``chunk_size``, chunk ``i`` from its own generator seeded
    with child ``i`` of ``np.random.SeedSequence(seed)``, so the result is reproducible for a
    given seed and chunk size whatever the number of ``workers`` (threads). Memory is bounded by
    the chunk size (times ``workers``). ``progress(done, draws)`` is called after every chunk
    (the web shows it as the progress bar of a background run).
    """
    if chunk_size < 1:
        raise ValueError("chunk_size must be at least 1")
    library = library if library is not None else load_unit_cost_library()
    rate = case.discounting.schedule or case.discounting.rate
    factors = discount_factors(rate, case.horizon_years, case.discounting.timing)
    groups = perspective_groups(case)
    index = {b.key: i for i, b in enumerate(case.bearers)}
    members = {key: [index[m] for m in keys] for key, _name, _level, keys in groups}
    out = {key: np.empty(draws) for key in members}
    starts = range(0, draws, chunk_size)
    streams = np.random.SeedSequence(seed).spawn(len(starts))
    done = [0]
    lock = threading.Lock()

    def run(chunk: int) -> None:
        start = starts[chunk]
        n = min(chunk_size, draws - start)
        pv = present_values(
            case, library, Draws(n=n, rng=np.random.default_rng(streams[chunk])), factors
        )
        bearer_npv = pv.adjusted_benefits - pv.costs  # (n, bearers)
        for key, rows in members.items():
            out[key][start : start + n] = bearer_npv[:, rows].sum(axis=1)
        if progress is not None:
            with lock:
                done[0] += n
                progress(done[0], draws)

    threads = min(workers, len(starts))
    if threads <= 1:
        for chunk in range(len(starts)):
            run(chunk)
    else:
        with ThreadPoolExecutor(max_workers=threads) as pool:
            list(pool.map(run, range(len(starts))))
    return out


def summarise(key: str, name: Text, values: np.ndarray, bins: int = 40) -> NpvDistribution:
    """Mean, standard deviation, Monte Carlo standard errors, percentiles, P(NPV > 0), histogram."""
    n = len(values)
    sd = float(values.std(ddof=1)) if n > 1 else 0.0
    p = float((values > 0).mean())
    counts, edges = np.histogram(values, bins=bins)
    return NpvDistribution(
        key=key,
        name=name,
        mean=float(values.mean()),
        sd=sd,
        standard_error=sd / np.sqrt(n),
        percentiles={
            q: float(v)
            for q, v in zip(PERCENTILES, np.percentile(values, PERCENTILES), strict=True)
        },
        probability_positive=p,
        probability_standard_error=float(np.sqrt(p * (1 - p) / n)),
        histogram=Histogram(edges=edges.tolist(), counts=counts.tolist()),
    )


def run_monte_carlo(
    case: Case,
    draws: int = 10_000,
    seed: int = 1,
    library: UnitCostLibrary | None = None,
    chunk_size: int = DEFAULT_CHUNK,
    workers: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> MonteCarloResult:
    """Simulate ``draws`` NPVs per perspective and summarise them (see module doc);
    ``progress(done, draws)`` is called after each chunk of draws."""
    if draws < 2:
        raise ValueError("draws must be at least 2")
    values = simulate_npv(case, draws, seed, library, chunk_size, workers, progress)
    names = {key: name for key, name, *_ in perspective_groups(case)}
    return MonteCarloResult(
        draws=draws,
        seed=seed,
        perspectives=[summarise(key, names[key], v) for key, v in values.items()],
    )
