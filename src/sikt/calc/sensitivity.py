"""One-way sensitivity (tornado) and scenario comparison.

Why: the SROI guide (stage 5, "sensitivity analysis") and the Green Book (annex A5) ask which
assumptions the result hinges on. The tornado moves one uncertain input at a time to its 10th and
90th percentile (others at their means) and ranks inputs by the swing in NPV; scenarios
(pessimistic / expected / optimistic) rerun the whole calculation with scaled effects and costs.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from sikt.calc.case import Case
from sikt.calc.distributions import AnyDistribution, Fixed
from sikt.calc.engine import Draws, simulate
from sikt.calc.results import Result, build_result, run_deterministic
from sikt.calc.unit_costs import UnitCostLibrary, load_unit_cost_library


class TornadoBar(BaseModel):
    """NPV (SEK) when one input is at its low and its high quantile."""

    path: str
    low_input: float
    high_input: float
    npv_at_low: float
    npv_at_high: float
    swing: float


class Sensitivity(BaseModel):
    """Tornado for one perspective, widest bar first; ``base_npv`` has every input at its mean."""

    perspective: str
    base_npv: float
    low_quantile: float
    high_quantile: float
    bars: list[TornadoBar]


def uncertain_inputs(
    case: Case, library: UnitCostLibrary | None
) -> Iterator[tuple[str, Any, AnyDistribution]]:
    """Every non-fixed input as (field path, identity used by the engine, distribution),
    including library unit costs given as ranges that the case uses."""

    def walk(value: Any, path: str) -> Iterator[tuple[str, Any, AnyDistribution]]:
        if isinstance(value, Fixed):
            return
        if isinstance(value, AnyDistribution):
            yield path, id(value), value
        elif isinstance(value, BaseModel):
            for name in type(value).model_fields:
                yield from walk(getattr(value, name), f"{path}.{name}" if path else name)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                yield from walk(item, f"{path}[{i}]")

    yield from walk(case, "")
    local = {u.key for u in case.unit_costs}
    used = [line.unit_cost for o in case.outcomes for line in o.valuation]
    used += [line.unit_cost for t in case.type_cases for line in t.lines]
    for key in dict.fromkeys(used):
        if key not in local and library is not None and key in library:
            dist = library[key].distribution()
            if not isinstance(dist, Fixed):
                yield f"library.{key}", f"library:{key}", dist


def run_sensitivity(
    case: Case,
    perspective: str = "organisation",
    library: UnitCostLibrary | None = None,
    low_quantile: float = 0.1,
    high_quantile: float = 0.9,
) -> Sensitivity:
    """Tornado over every uncertain input for ``perspective`` (a bearer key or aggregate)."""
    library = library if library is not None else load_unit_cost_library()
    base = run_deterministic(case, library).perspective(perspective).npv
    bars = []
    for path, ident, dist in uncertain_inputs(case, library):
        low, high = dist.quantile(low_quantile), dist.quantile(high_quantile)
        npvs = []
        for value in (low, high):
            flows = simulate(case, library, Draws(fixed={ident: value}))
            npvs.append(build_result(case, flows).perspective(perspective).npv)
        bars.append(
            TornadoBar(
                path=path,
                low_input=low,
                high_input=high,
                npv_at_low=npvs[0],
                npv_at_high=npvs[1],
                swing=abs(npvs[1] - npvs[0]),
            )
        )
    bars.sort(key=lambda bar: bar.swing, reverse=True)
    return Sensitivity(
        perspective=perspective,
        base_npv=base,
        low_quantile=low_quantile,
        high_quantile=high_quantile,
        bars=bars,
    )


class ScenarioResult(BaseModel):
    """A named scenario and its deterministic result."""

    key: str
    name: str
    effect_scale: float
    cost_scale: float
    result: Result


def run_scenarios(case: Case, library: UnitCostLibrary | None = None) -> list[ScenarioResult]:
    """The expected case plus every scenario of the case, each calculated deterministically."""
    library = library if library is not None else load_unit_cost_library()
    out = [
        ScenarioResult(
            key="expected",
            name="Förväntat / Expected",
            effect_scale=1,
            cost_scale=1,
            result=run_deterministic(case, library),
        )
    ]
    for scenario in case.scenarios:
        result = run_deterministic(
            case, library, effect_scale=scenario.effect_scale, cost_scale=scenario.cost_scale
        )
        out.append(
            ScenarioResult(
                key=scenario.key,
                name=scenario.name,
                effect_scale=scenario.effect_scale,
                cost_scale=scenario.cost_scale,
                result=result,
            )
        )
    return out
