"""The vectorised core: from a case and a set of input draws to yearly flows per bearer.

Why one core for both runs: the deterministic calculation is the Monte Carlo calculation with one
"draw" at every input's mean, so the two can never disagree in their arithmetic. Arrays have the
shape ``(draws, bearers, years)``; the outcome stock uses a recurrence over years so the cost is
``O(draws × outcomes × years)`` (WSIPP Technical Documentation §7: simulate, then summarise).

Outcome arithmetic (documented in ``docs/metod/kalkyl.md`` §4): events in year ``t`` are
``e_t = effect × ramp_t × (group size_t if probability)``; each event's effect lasts
``duration`` years and loses the share ``drop_off`` per year, so the number of people (or events)
whose service use is changed in year ``t`` is
``S_t = Σ_{a=0}^{D-1} e_{t-a} (1-d)^a = (1-d) S_{t-1} + e_t − (1-d)^D e_{t-D}``.
Gross benefit per bearer ``b`` is ``S_t × Σ_lines quantity × unit cost × price factor × share_b``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from sikt.calc.case import Adjustable, Case
from sikt.calc.distributions import AnyDistribution
from sikt.calc.money import price_factor
from sikt.calc.unit_costs import UnitCostLibrary
from sikt.text import Text

FloatArray = NDArray[np.float64]


@dataclass
class Draws:
    """Values of the uncertain inputs for one batch.

    ``rng=None`` gives every input its mean (one draw); ``fixed`` pins chosen inputs (by object
    id) to a value, as one-way sensitivity needs. The same input object gets the same draws
    wherever it is used, so a shared default (e.g. case-wide deadweight) is one uncertain input.
    """

    n: int = 1
    rng: np.random.Generator | None = None
    fixed: dict[int | str, float] = field(default_factory=dict)
    _cache: dict[int | str, FloatArray] = field(default_factory=dict)

    def __call__(self, dist: AnyDistribution, name: str | None = None) -> FloatArray:
        """Draws of ``dist``; ``name`` identifies inputs built on the fly (library costs)."""
        ident: int | str = name if name is not None else id(dist)
        if ident not in self._cache:
            if ident in self.fixed:
                self._cache[ident] = np.full(self.n, self.fixed[ident])
            elif self.rng is None:
                self._cache[ident] = np.full(self.n, dist.mean())
            else:
                self._cache[ident] = dist.sample(self.rng, self.n)
        return self._cache[ident]


@dataclass(frozen=True)
class Flows:
    """Yearly flows in SEK of the case's price year, shape ``(draws, bearers, years)``."""

    costs: FloatArray
    gross_benefits: FloatArray
    adjusted_benefits: FloatArray
    caveats: list[Text]


@dataclass
class _Context:
    case: Case
    library: UnitCostLibrary | None
    draws: Draws
    caveats: list[Text]
    bearer_index: dict[str, int]

    def series(self, values: Sequence[AnyDistribution]) -> FloatArray:
        """A yearly list of inputs as ``(draws, years)``, zero after the list ends."""
        out = np.zeros((self.draws.n, self.case.horizon_years))
        for t, value in enumerate(values[: self.case.horizon_years]):
            out[:, t] = self.draws(value)
        return out

    def factor(self, from_year: int | None, what: str) -> float:
        if from_year is None:
            self.caveats.append(
                Text(
                    f"{what}: prisår saknas, beloppet används oräknat",
                    f"{what}: no price year, used as is",
                )
            )
            return 1.0
        found = price_factor(self.case.price_index, from_year, self.case.prices_in)
        if found is None:
            self.caveats.append(
                Text(
                    f"{what}: prisindex saknas för {from_year}→{self.case.prices_in}, "
                    "beloppet används oräknat",
                    f"{what}: no price index for {from_year}→{self.case.prices_in}, used as is",
                )
            )
            return 1.0
        return found

    def unit_value(self, key: str) -> FloatArray:
        """SEK of the case's price year per unit of ``key``, shape ``(draws,)``."""
        for local in self.case.unit_costs:
            if local.key == key:
                return self.draws(local.amount) * self.factor(local.price_year, key)
        assert self.library is not None, key  # guaranteed by case validation
        cost = self.library[key]
        for caveat in cost.caveats():
            self.caveats.append(Text(f"{key}: {caveat.sv}", f"{key}: {caveat.en}"))
        return self.draws(cost.distribution(), f"library:{key}") * self.factor(cost.price_year, key)

    def split(self, bearer: str | None, shares: dict[str, float] | None) -> FloatArray:
        out = np.zeros(len(self.bearer_index))
        for key, share in ({bearer: 1.0} if bearer else (shares or {})).items():
            out[self.bearer_index[key]] += share
        return out

    def adjustment(self, item: Adjustable) -> FloatArray:
        """(1−deadweight)(1−attribution)(1−displacement)(1−optimism bias), shape ``(draws,)``."""
        defaults = self.case.adjustments
        out = np.ones(self.draws.n)
        for own, default in (
            (item.deadweight, defaults.deadweight),
            (item.attribution, defaults.attribution),
            (item.displacement, defaults.displacement),
        ):
            out = out * (1.0 - self.draws(own if own is not None else default))
        return out * (1.0 - defaults.optimism_bias.get(item.confidence, 0.0))


def _stock(events: FloatArray, keep: FloatArray, duration: Sequence[int]) -> FloatArray:
    """People/events affected per year: ``events`` and result ``(draws, outcomes, years)``,
    ``keep = 1 − drop_off`` ``(draws, outcomes)``, ``duration`` years per outcome."""
    n, n_out, years = events.shape
    dur = np.asarray(duration)
    tail = keep ** dur[None, :]
    stock = np.empty_like(events)
    previous = np.zeros((n, n_out))
    rows = np.arange(n_out)
    for t in range(years):
        current = previous * keep + events[:, :, t]
        leaving = t - dur
        mask = leaving >= 0
        if mask.any():
            current[:, rows[mask]] -= tail[:, mask] * events[:, rows[mask], leaving[mask]]
        stock[:, :, t] = current
        previous = current
    return stock


def simulate(
    case: Case,
    library: UnitCostLibrary | None,
    draws: Draws,
    *,
    effect_scale: float = 1.0,
    cost_scale: float = 1.0,
) -> Flows:
    """Yearly costs, gross and adjusted benefits per bearer for ``draws`` (see module doc)."""
    n, years = draws.n, case.horizon_years
    ctx = _Context(case, library, draws, [], {b.key: i for i, b in enumerate(case.bearers)})
    n_bearers = len(case.bearers)
    costs = np.zeros((n, n_bearers, years))
    group = (
        ctx.series(case.target_group.size_per_year) if case.target_group else np.zeros((n, years))
    )
    uplift = (1.0 + case.adjustments.cost_uplift) * cost_scale
    for cost_line in case.costs:
        amounts = ctx.series(cost_line.amounts) * ctx.factor(
            cost_line.price_year or case.prices_in, cost_line.name
        )
        if cost_line.per_participant:
            amounts = amounts * group
        costs[:, ctx.bearer_index[cost_line.bearer], :] += amounts * uplift

    gross = np.zeros((n, n_bearers, years))
    adjusted = np.zeros((n, n_bearers, years))
    if case.outcomes:
        n_out = len(case.outcomes)
        events = np.empty((n, n_out, years))
        keep = np.empty((n, n_out))
        values = np.zeros((n, n_out, n_bearers))
        factors = np.empty((n, n_out))
        for o, outcome in enumerate(case.outcomes):
            ramp = np.ones(years)
            ramp[: len(outcome.ramp_up)] = outcome.ramp_up[:years]
            effect = draws(outcome.effect)[:, None] * ramp[None, :] * effect_scale
            events[:, o, :] = effect * group if outcome.effect_kind == "probability" else effect
            keep[:, o] = 1.0 - draws(outcome.drop_off)
            sign = 1.0 if outcome.direction == "avoided" else -1.0
            for line in outcome.valuation:
                per_event = draws(line.quantity) * ctx.unit_value(line.unit_cost) * sign
                values[:, o, :] += per_event[:, None] * ctx.split(line.bearer, line.shares)[None, :]
            factors[:, o] = ctx.adjustment(outcome)
        stock = _stock(events, keep, [o.duration_years for o in case.outcomes])
        gross += np.matmul(values.transpose(0, 2, 1), stock)
        adjusted += np.matmul((values * factors[:, :, None]).transpose(0, 2, 1), stock)

    for type_case in case.type_cases:
        persons = ctx.series(type_case.persons_per_year) * effect_scale
        factor = ctx.adjustment(type_case)
        for tline in type_case.lines:
            lags = min(len(tline.without), years)
            units = np.zeros((n, years))
            for a in range(lags):
                delta = draws(tline.without[a]) - draws(tline.with_[a])
                units[:, a:] += persons[:, : years - a] * delta[:, None]
            per_unit = ctx.unit_value(tline.unit_cost)[:, None] * ctx.split(
                tline.bearer, tline.shares
            )
            flow = per_unit[:, :, None] * units[:, None, :]
            gross += flow
            adjusted += flow * factor[:, None, None]
    return Flows(costs, gross, adjusted, _unique(ctx.caveats))


def _unique(items: list[Text]) -> list[Text]:
    return list(dict.fromkeys(items))
