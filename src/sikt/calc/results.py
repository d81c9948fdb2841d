"""The deterministic calculation and its result per bearer and perspective.

Why: the steering group and the committees see the same numbers at three levels (EKUSIA,
DOMAIN §5): each actor (committee, region, state actors, individual), the whole organisation and
society. Every figure is in SEK of the case's price year, per year and in total, undiscounted and
discounted to the base year.
"""

from __future__ import annotations

from pydantic import BaseModel

from sikt.calc.bearers import AGGREGATES, BearerKind
from sikt.calc.case import Case
from sikt.calc.engine import Draws, Flows, simulate
from sikt.calc.metrics import break_even_effect, irr, npv, payback_year, ratio
from sikt.calc.money import discount_factors, yearly_rates
from sikt.calc.unit_costs import UnitCostLibrary, load_unit_cost_library
from sikt.text import Text


class YearlyFlows(BaseModel):
    """Yearly SEK (price year of the case) for one bearer or perspective."""

    costs: list[float]
    gross_benefits: list[float]
    adjusted_benefits: list[float]
    net: list[float]
    discounted_net: list[float]


class Perspective(BaseModel):
    """Results for one bearer (``level='actor'``) or an aggregate (``'aggregate'``)."""

    key: str
    name: Text
    level: str
    bearer_keys: list[str]
    yearly: YearlyFlows
    total_costs: float
    total_gross_benefits: float
    total_adjusted_benefits: float
    total_net: float
    pv_costs: float
    pv_gross_benefits: float
    pv_benefits: float
    npv: float
    bcr: float | None
    roi: float | None
    payback_year: int | None
    irr: float | None
    break_even_effect: float | None


class Result(BaseModel):
    """The deterministic result (every uncertain input at its mean)."""

    case_key: str
    case_name: str
    base_year: int
    price_year: int
    years: list[int]
    discount_rates: list[float]
    timing: str
    discount_factors: list[float]
    perspectives: list[Perspective]
    caveats: list[Text]

    def perspective(self, key: str) -> Perspective:
        """The perspective with ``key`` (a bearer key or ``organisation``, ``society`` …)."""
        for item in self.perspectives:
            if item.key == key:
                return item
        raise KeyError(key)


def perspective_groups(case: Case) -> list[tuple[str, Text, str, list[str]]]:
    """(key, name, level, bearer keys) for every actor and every non-empty aggregate."""
    groups = [(b.key, Text(b.name, b.name), "actor", [b.key]) for b in case.bearers]
    for key, (label, kinds) in AGGREGATES.items():
        members = [b.key for b in case.bearers if b.kind in kinds]
        if members:
            groups.append((key, label, "aggregate", members))
    return groups


def committee_keys(case: Case) -> list[str]:
    """Bearer keys of the organisation's committees (the ones that may repay the fund)."""
    return [b.key for b in case.bearers if b.kind is BearerKind.COMMITTEE]


def run_deterministic(
    case: Case,
    library: UnitCostLibrary | None = None,
    *,
    effect_scale: float = 1.0,
    cost_scale: float = 1.0,
) -> Result:
    """Calculate ``case`` with every input at its mean. ``library`` defaults to the starter
    unit-cost library; ``effect_scale``/``cost_scale`` scale all effects/costs (scenarios)."""
    library = library if library is not None else load_unit_cost_library()
    flows = simulate(case, library, Draws(), effect_scale=effect_scale, cost_scale=cost_scale)
    return build_result(case, flows)


def build_result(case: Case, flows: Flows) -> Result:
    """Summarise one draw of :class:`~sikt.calc.engine.Flows` into a :class:`Result`."""
    rate = case.discounting.schedule or case.discounting.rate
    factors = discount_factors(rate, case.horizon_years, case.discounting.timing)
    index = {b.key: i for i, b in enumerate(case.bearers)}
    perspectives = []
    for key, name, level, members in perspective_groups(case):
        rows = [index[m] for m in members]
        costs = flows.costs[0, rows, :].sum(axis=0)
        gross = flows.gross_benefits[0, rows, :].sum(axis=0)
        adjusted = flows.adjusted_benefits[0, rows, :].sum(axis=0)
        net = adjusted - costs
        pv_costs, pv_benefits = npv(costs, factors), npv(adjusted, factors)
        value = pv_benefits - pv_costs
        perspectives.append(
            Perspective(
                key=key,
                name=name,
                level=level,
                bearer_keys=members,
                yearly=YearlyFlows(
                    costs=costs.tolist(),
                    gross_benefits=gross.tolist(),
                    adjusted_benefits=adjusted.tolist(),
                    net=net.tolist(),
                    discounted_net=(net * factors).tolist(),
                ),
                total_costs=float(costs.sum()),
                total_gross_benefits=float(gross.sum()),
                total_adjusted_benefits=float(adjusted.sum()),
                total_net=float(net.sum()),
                pv_costs=pv_costs,
                pv_gross_benefits=npv(gross, factors),
                pv_benefits=pv_benefits,
                npv=value,
                bcr=ratio(pv_benefits, pv_costs),
                roi=ratio(value, pv_costs),
                payback_year=payback_year(net, factors, case.years),
                irr=irr(net),
                break_even_effect=break_even_effect(pv_costs, pv_benefits),
            )
        )

    return Result(
        case_key=case.key,
        case_name=case.name,
        base_year=case.base_year,
        price_year=case.prices_in,
        years=case.years,
        discount_rates=yearly_rates(rate, case.horizon_years).tolist(),
        timing=case.discounting.timing,
        discount_factors=factors.tolist(),
        perspectives=perspectives,
        caveats=flows.caveats,
    )
