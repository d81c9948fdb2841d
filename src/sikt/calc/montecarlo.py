"""Monte Carlo simulation: the distribution of NPV per perspective.

Why: a steering group asks "how likely is it that this pays off?". WSIPP reports the "chance
benefits will exceed costs" from a Monte Carlo simulation over all uncertain inputs (Technical
Documentation ch. 7); the Green Book (annex A5) asks for the same. Inputs are drawn
independently (a stated simplification), reproducibly from ``seed``, in chunks of draws; each
chunk is folded into streaming summaries (:mod:`sikt.calc.streaming`) and dropped, so memory
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

import math
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from pydantic import BaseModel

from sikt.calc.case import Case
from sikt.calc.engine import Draws, present_values
from sikt.calc.money import discount_factors
from sikt.calc.results import perspective_groups
from sikt.calc.streaming import StreamSummary
from sikt.calc.unit_costs import UnitCostLibrary, load_unit_cost_library
from sikt.text import Text

PERCENTILES = (5, 10, 25, 50, 75, 90, 95)
DEFAULT_CHUNK = 2_500  # ~200 kB per (outcomes × draws) array: stays in cache, no page faults
#: The most draws one run may ask for (CLI ``--draws``, the web's background runs): a million
#: draws estimate P(NPV > 0) to within ±0.1 percentage point (two standard errors) and take a
#: few seconds for a typical case; more would only occupy the server.
MAX_DRAWS = 1_000_000


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


def npv_chunks(
    case: Case,
    draws: int,
    seed: int,
    library: UnitCostLibrary | None = None,
    chunk_size: int = DEFAULT_CHUNK,
    workers: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> Iterator[dict[str, np.ndarray]]:
    """NPV per perspective chunk by chunk, ``{perspective key: array (≤ chunk_size,)}``, in
    draw order.

    Chunk ``i`` is drawn from its own generator seeded with child ``i`` of
    ``np.random.SeedSequence(seed)``, so the draws are reproducible for a given seed and chunk
    size whatever the number of ``workers`` (threads). At most ``workers`` chunks are held at a
    time, so memory does not grow with ``draws``. ``progress(done, draws)`` is called after
    every chunk (the web shows it as the progress bar of a background run).
    """
    if chunk_size < 1:
        raise ValueError("chunk_size must be at least 1")
    library = library if library is not None else load_unit_cost_library()
    rate = case.discounting.schedule or case.discounting.rate
    factors = discount_factors(rate, case.horizon_years, case.discounting.timing)
    groups = perspective_groups(case)
    index = {b.key: i for i, b in enumerate(case.bearers)}
    members = {key: [index[m] for m in keys] for key, _name, _level, keys in groups}
    starts = range(0, draws, chunk_size)
    streams = np.random.SeedSequence(seed).spawn(len(starts))

    def run(chunk: int) -> dict[str, np.ndarray]:
        n = min(chunk_size, draws - starts[chunk])
        pv = present_values(
            case, library, Draws(n=n, rng=np.random.default_rng(streams[chunk])), factors
        )
        bearer_npv = pv.adjusted_benefits - pv.costs  # (n, bearers)
        return {key: bearer_npv[:, rows].sum(axis=1) for key, rows in members.items()}

    threads = min(workers, len(starts))
    pool = ThreadPoolExecutor(max_workers=threads) if threads > 1 else None
    done = 0
    try:
        for first in range(0, len(starts), max(threads, 1)):
            batch = range(first, min(first + max(threads, 1), len(starts)))
            for values in pool.map(run, batch) if pool else map(run, batch):
                done += len(next(iter(values.values())))
                if progress is not None:
                    progress(done, draws)
                yield values
    finally:
        if pool is not None:
            pool.shutdown()


def simulate_npv(
    case: Case,
    draws: int,
    seed: int,
    library: UnitCostLibrary | None = None,
    chunk_size: int = DEFAULT_CHUNK,
    workers: int = 1,
) -> dict[str, np.ndarray]:
    """NPV per perspective for every draw, ``{perspective key: array (draws,)}`` — the same
    draws as :func:`npv_chunks`, kept in memory (for tests and benchmarks; a run keeps only
    summaries, :func:`run_monte_carlo`)."""
    chunks = list(npv_chunks(case, draws, seed, library, chunk_size, workers))
    keys = [key for key, *_ in perspective_groups(case)]
    return {
        key: np.concatenate([c[key] for c in chunks]) if chunks else np.empty(0) for key in keys
    }


def summarise(key: str, name: Text, stream: StreamSummary) -> NpvDistribution:
    """Mean, standard deviation, Monte Carlo standard errors, percentiles, P(NPV > 0) and the
    histogram of one perspective (:mod:`sikt.calc.streaming` states what is exact)."""
    n = stream.count
    p = stream.positive / n
    edges, counts = stream.histogram()
    return NpvDistribution(
        key=key,
        name=name,
        mean=stream.mean,
        sd=stream.sd,
        standard_error=stream.sd / math.sqrt(n),
        percentiles={q: stream.percentile(q) for q in PERCENTILES},
        probability_positive=p,
        probability_standard_error=math.sqrt(p * (1 - p) / n),
        histogram=Histogram(edges=edges, counts=counts),
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
    """Simulate ``draws`` NPVs per perspective (2 to :data:`MAX_DRAWS`) and summarise them
    chunk by chunk in bounded memory (see module doc); ``progress(done, draws)`` is called
    after each chunk of draws."""
    if not 2 <= draws <= MAX_DRAWS:
        raise ValueError(f"draws must be between 2 and {MAX_DRAWS}")
    groups = perspective_groups(case)
    streams = {key: StreamSummary() for key, *_ in groups}
    for values in npv_chunks(case, draws, seed, library, chunk_size, workers, progress):
        for key, stream in streams.items():
            stream.add(values[key])
    return MonteCarloResult(
        draws=draws,
        seed=seed,
        perspectives=[summarise(key, name, streams[key]) for key, name, *_ in groups],
    )
