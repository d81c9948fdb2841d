"""The vectorised core: from a case and a set of input draws to flows per bearer.

Why one core for both runs: the deterministic calculation is the Monte Carlo calculation with one
"draw" at every input's mean, so the two can never disagree in their arithmetic. Every flow is
reduced over years with a weight matrix ``W`` of shape ``(years, K)``: the identity gives yearly
flows ``(draws, bearers, years)`` (:func:`simulate`), the discount factors as one column give
present values ``(draws, bearers)`` (:func:`present_values`, what Monte Carlo needs), without ever
building a ``(draws × outcomes × years)`` array (WSIPP Technical Documentation §7: simulate,
then summarise).

Outcome arithmetic (documented in ``docs/metod/kalkyl.md`` §4): events in year ``t`` are
``e_t = effect × ramp_t × (group size_t if probability)``; each event's effect lasts
``duration`` years and loses the share ``drop_off`` per year, so the number of people (or events)
whose service use is changed in year ``t`` is
``S_t = Σ_{a=0}^{D-1} e_{t-a} (1-d)^a``. Reduced with ``W`` this is
``Σ_t S_t W_tk = Σ_{a<D} (1-d)^a c_ak`` with ``c_ak = Σ_s e_s W_{s+a,k}`` (``s + a`` inside the
horizon): one matrix product for ``c`` and a Horner polynomial in ``1-d``, so the cost per draw
is ``O(outcomes × min(D, years) × K)``.
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


@dataclass(frozen=True)
class PresentValues:
    """Flows discounted to the base year and summed over years, shape ``(draws, bearers)``."""

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
    _adjustments: dict[tuple[int, int, int, str], FloatArray] = field(default_factory=dict)
    _unit_values: dict[str, FloatArray] = field(default_factory=dict)

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
        """SEK of the case's price year per unit of ``key``, shape ``(draws,)`` (read-only)."""
        if key not in self._unit_values:
            self._unit_values[key] = self._unit_value(key)
        return self._unit_values[key]

    def _unit_value(self, key: str) -> FloatArray:
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
        inputs = [
            own if own is not None else default
            for own, default in (
                (item.deadweight, defaults.deadweight),
                (item.attribution, defaults.attribution),
                (item.displacement, defaults.displacement),
            )
        ]
        key = (id(inputs[0]), id(inputs[1]), id(inputs[2]), item.confidence)
        if key not in self._adjustments:  # outcomes often share the case defaults
            out = np.ones(self.draws.n)
            for dist in inputs:
                out = out * (1.0 - self.draws(dist))
            self._adjustments[key] = out * (1.0 - defaults.optimism_bias.get(item.confidence, 0.0))
        return self._adjustments[key]


def _shifted(weights: FloatArray, lags: int) -> FloatArray:
    """``out[s, a, k] = weights[s + a, k]`` where ``s + a`` is inside the horizon, else 0."""
    years, width = weights.shape
    out = np.zeros((years, lags, width))
    for a in range(min(lags, years)):
        out[: years - a, a, :] = weights[a:, :]
    return out


def _stock(
    profile: FloatArray,
    effect: FloatArray,
    keep: FloatArray,
    duration: Sequence[int],
    weights: FloatArray,
) -> FloatArray:
    """People/events affected, reduced over years: ``Σ_t S_t W_tk``, shape ``(outcomes, draws, K)``.

    ``profile`` ``(outcomes, 1 or draws, years)`` is the events per unit of effect (ramp-up ×
    scale × target group if ``probability``), ``effect`` and ``keep = 1 − drop_off``
    ``(outcomes, draws)``, ``duration`` years per outcome, ``weights`` ``(years, K)``.
    ``Σ_t S_t W_tk = effect × Σ_{a<D} keep^a c_ak`` with ``c_ak = Σ_s profile_s W_{s+a,k}``.
    """
    n_out, rows, years = profile.shape
    width = weights.shape[1]
    dur = np.minimum(np.asarray(duration), years)
    lags = int(dur.max())
    c = profile.reshape(n_out * rows, years) @ _shifted(weights, lags).reshape(years, -1)
    c = c.reshape(n_out, rows, lags, width)
    c *= (np.arange(lags)[None, :] < dur[:, None])[:, None, :, None]
    acc = c[:, :, lags - 1, :]
    factor = keep[:, :, None]
    for a in range(lags - 2, -1, -1):
        acc = acc * factor
        acc += c[:, :, a, :]
    return effect[:, :, None] * acc


def simulate(
    case: Case,
    library: UnitCostLibrary | None,
    draws: Draws,
    *,
    effect_scale: float = 1.0,
    cost_scale: float = 1.0,
) -> Flows:
    """Yearly costs, gross and adjusted benefits per bearer for ``draws`` (see module doc).

    Meant for few draws (the deterministic result, sensitivity): with ``probability`` outcomes
    it holds ``draws × outcomes × min(duration, years) × years`` numbers; Monte Carlo uses
    :func:`present_values`."""
    costs, gross, adjusted, caveats = _calculate(
        case, library, draws, None, effect_scale, cost_scale
    )
    return Flows(costs, gross, adjusted, caveats)


def present_values(
    case: Case,
    library: UnitCostLibrary | None,
    draws: Draws,
    factors: FloatArray,
    *,
    effect_scale: float = 1.0,
    cost_scale: float = 1.0,
) -> PresentValues:
    """``Σ_t flow_t × factors_t`` per draw and bearer: the present values Monte Carlo needs,
    computed without yearly detail (same arithmetic as :func:`simulate`, see module doc)."""
    weights = np.asarray(factors, dtype=np.float64)[:, None]
    costs, gross, adjusted, caveats = _calculate(
        case, library, draws, weights, effect_scale, cost_scale
    )
    return PresentValues(costs[:, :, 0], gross[:, :, 0], adjusted[:, :, 0], caveats)


def _calculate(
    case: Case,
    library: UnitCostLibrary | None,
    draws: Draws,
    weights: FloatArray | None,
    effect_scale: float,
    cost_scale: float,
) -> tuple[FloatArray, FloatArray, FloatArray, list[Text]]:
    """Costs, gross and adjusted benefits ``(draws, bearers, K)`` reduced over years with
    ``weights`` ``(years, K)``; ``None`` keeps every year (``K = years``)."""
    n, years = draws.n, case.horizon_years
    ctx = _Context(case, library, draws, [], {b.key: i for i, b in enumerate(case.bearers)})
    n_bearers = len(case.bearers)

    def reduce(yearly: FloatArray) -> FloatArray:
        return yearly if weights is None else yearly @ weights

    width = years if weights is None else weights.shape[1]
    costs = np.zeros((n, n_bearers, width))
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
        costs[:, ctx.bearer_index[cost_line.bearer], :] += reduce(amounts * uplift)

    gross = np.zeros((n, n_bearers, width))
    adjusted = np.zeros((n, n_bearers, width))
    if case.outcomes:
        # Outcome-major arrays (draws last) so every per-outcome write is contiguous.
        n_out = len(case.outcomes)
        effect = np.empty((n_out, n))
        keep = np.empty((n_out, n))
        factors = np.empty((n_out, n))
        ramps = np.ones((n_out, years))
        line_outcome: list[int] = []  # per valuation line: its outcome, value per event, split
        line_values: list[FloatArray] = []
        line_splits: list[FloatArray] = []
        for o, outcome in enumerate(case.outcomes):
            ramps[o, : len(outcome.ramp_up)] = outcome.ramp_up[:years]
            effect[o] = draws(outcome.effect)
            np.subtract(1.0, draws(outcome.drop_off), out=keep[o])
            for line in outcome.valuation:
                per_event = draws(line.quantity) * ctx.unit_value(line.unit_cost)
                if outcome.direction == "added":
                    np.negative(per_event, out=per_event)
                line_outcome.append(o)
                line_values.append(per_event)
                line_splits.append(ctx.split(line.bearer, line.shares))
            factors[o] = ctx.adjustment(outcome)
        profile = (ramps * effect_scale)[:, None, :]
        probability = np.array([o.effect_kind == "probability" for o in case.outcomes])
        if probability.any():
            profile = np.where(probability[:, None, None], profile * group[None, :, :], profile)
        stock = _stock(
            profile,
            effect,
            keep,
            [o.duration_years for o in case.outcomes],
            np.eye(years) if weights is None else weights,
        )
        # Σ_lines split_b × value × stock: one (bearers × lines) @ (lines × draws·K) product.
        per_line = np.stack(line_values)[:, :, None] * stock[line_outcome]  # (lines, draws, K)
        splits = np.stack(line_splits).T  # (bearers, lines)
        shape = (n_bearers, n, stock.shape[2])
        gross += (
            (splits @ per_line.reshape(len(line_outcome), -1)).reshape(shape).transpose(1, 0, 2)
        )
        per_line *= factors[line_outcome][:, :, None]
        adjusted += (
            (splits @ per_line.reshape(len(line_outcome), -1)).reshape(shape).transpose(1, 0, 2)
        )

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
            flow = per_unit[:, :, None] * reduce(units)[:, None, :]
            gross += flow
            adjusted += flow * factor[:, None, None]
    return costs, gross, adjusted, _unique(ctx.caveats)


def _unique(items: list[Text]) -> list[Text]:
    return list(dict.fromkeys(items))
