"""Monte Carlo simulation: the distribution of NPV per perspective.

Why: a steering group asks "how likely is it that this pays off?". WSIPP reports the "chance
benefits will exceed costs" from a Monte Carlo simulation over all uncertain inputs (Technical
Documentation ch. 7); the Green Book (annex A5) asks for the same. Inputs are drawn
independently (a stated simplification), reproducibly from ``seed``, in chunks of draws so memory
stays bounded for any number of draws.
"""

from __future__ import annotations

import numpy as np
from pydantic import BaseModel

from sikt.calc.case import Case
from sikt.calc.engine import Draws, simulate
from sikt.calc.money import discount_factors
from sikt.calc.results import perspective_groups
from sikt.calc.unit_costs import UnitCostLibrary, load_unit_cost_library
from sikt.text import Text

PERCENTILES = (5, 10, 25, 50, 75, 90, 95)
DEFAULT_CHUNK = 5_000


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
) -> dict[str, np.ndarray]:
    """NPV per perspective for every draw, ``{perspective key: array (draws,)}``.

    Draws are generated chunk by chunk from one ``numpy`` generator seeded with ``seed``, so
    the result is reproducible for a given seed and chunk size.
    """
    library = library if library is not None else load_unit_cost_library()
    rng = np.random.default_rng(seed)
    rate = case.discounting.schedule or case.discounting.rate
    factors = discount_factors(rate, case.horizon_years, case.discounting.timing)
    groups = perspective_groups(case)
    index = {b.key: i for i, b in enumerate(case.bearers)}
    out = {key: np.empty(draws) for key, *_ in groups}
    for start in range(0, draws, chunk_size):
        n = min(chunk_size, draws - start)
        flows = simulate(case, library, Draws(n=n, rng=rng))
        bearer_npv = (flows.adjusted_benefits - flows.costs) @ factors  # (n, bearers)
        for key, _name, _level, members in groups:
            out[key][start : start + n] = bearer_npv[:, [index[m] for m in members]].sum(axis=1)
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
) -> MonteCarloResult:
    """Simulate ``draws`` NPVs per perspective and summarise them (see module doc)."""
    if draws < 2:
        raise ValueError("draws must be at least 2")
    values = simulate_npv(case, draws, seed, library, chunk_size)
    names = {key: name for key, name, *_ in perspective_groups(case)}
    return MonteCarloResult(
        draws=draws,
        seed=seed,
        perspectives=[summarise(key, names[key], v) for key, v in values.items()],
    )
