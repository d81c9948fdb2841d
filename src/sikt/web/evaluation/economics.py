"""Economic evaluation: the decided calculation recomputed with the *estimated* effect.

The effect estimate of a run replaces the planned effect of one outcome of the calculation frozen
at the approving decision, as a normal distribution with the estimate as mean and its standard
error as spread (truncated to 0–1 for a probability), so the sampling uncertainty is carried into
the Monte Carlo. Results per perspective — society, actors (bearers) and, where the case has one,
the individual — are set side by side with the planned ones; cost per participant and per
avoided event, also at full scale for the whole target group; and the repayment plan revised by
``sikt.calc.revise_repayment_plan`` with realised ÷ planned effect (from the current year on).
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass
from typing import Any

from sikt.calc import (
    Case,
    UnitCostLibrary,
    load_case,
    revise_repayment_plan,
    run_deterministic,
    run_monte_carlo,
)
from sikt.calc.repayment import RepaymentPlan

DRAWS = 10_000


class EconomicsError(ValueError):
    """The run or the calculation cannot be used (message in Swedish and English)."""

    def __init__(self, sv: str, en: str) -> None:
        super().__init__(sv)
        self.sv = sv
        self.en = en


@dataclass(frozen=True)
class OutcomeChoice:
    key: str
    name: str
    planned_effect: float
    probability: bool


def outcomes(case_data: dict[str, Any], library: UnitCostLibrary) -> list[OutcomeChoice]:
    """The case's outcomes (not type cases) an effect estimate can replace, with the planned
    mean effect per person (probability) or per year (count)."""
    case = load_case(case_data, library)
    choices = []
    for item in case.outcomes:
        effect = item.effect
        mean = float(effect) if isinstance(effect, int | float) else float(effect.mean())
        name = item.name if isinstance(item.name, str) else str(item.name)
        choices.append(
            OutcomeChoice(item.key, name, mean, str(item.effect_kind).endswith("probability"))
        )
    return choices


def _improvement(result: dict[str, Any], added: bool) -> tuple[float, float]:
    """Estimated effect in the calculation's direction (avoided events are a fall in the
    outcome) and its standard error."""
    estimate, se = result.get("estimate"), result.get("se")
    if estimate is None or se is None or not math.isfinite(se) or se <= 0:
        raise EconomicsError(
            "Skattningen saknar effekt eller standardfel.",
            "The estimate has no effect or standard error.",
        )
    return (estimate if added else -estimate), se


def evaluate(
    *,
    frozen: dict[str, Any],
    run_result: dict[str, Any],
    outcome_key: str,
    library: UnitCostLibrary,
    from_year: int,
    seed: int,
) -> dict[str, Any]:
    """Everything the economic evaluation page shows, as JSON."""
    case_data = copy.deepcopy(frozen["case"])
    item = next((o for o in case_data.get("outcomes", []) if o.get("key") == outcome_key), None)
    if item is None:
        raise EconomicsError(
            f"Kalkylen har inget utfall '{outcome_key}'.",
            f"The calculation has no outcome '{outcome_key}'.",
        )
    choice = next(c for c in outcomes(frozen["case"], library) if c.key == outcome_key)
    effect, se = _improvement(run_result, item.get("direction") == "added")
    bounds = {"low": 0.0, "high": 1.0} if choice.probability else {"low": 0.0}
    item["effect"] = {"dist": "normal", "mean": effect, "sd": se, **bounds}
    realised_case: Case = load_case(case_data, library)
    planned_case: Case = load_case(frozen["case"], library)
    realised = run_deterministic(realised_case, library)
    monte_carlo = run_monte_carlo(realised_case, DRAWS, seed, library)
    ratio = max(effect, 0.0) / choice.planned_effect if choice.planned_effect > 0 else 0.0
    plan = RepaymentPlan.model_validate(frozen["repayment_plan"])
    revised = revise_repayment_plan(
        planned_case, plan, from_year=from_year, outcome_ratios={outcome_key: ratio},
        library=library,
    )  # fmt: skip
    planned_result = frozen.get("result") or {}
    planned_mc = {p["key"]: p for p in (frozen.get("monte_carlo") or {}).get("perspectives", [])}
    realised_mc = {p.key: p for p in monte_carlo.perspectives}
    planned_npv = {p["key"]: p for p in planned_result.get("perspectives", [])}
    perspectives = []
    for p in realised.perspectives:
        before = planned_npv.get(p.key, {})
        perspectives.append(
            {
                "key": p.key,
                "name": {"sv": p.name.sv, "en": p.name.en},
                "level": p.level,
                "planned_npv": before.get("npv"),
                "realised_npv": p.npv,
                "planned_probability": planned_mc.get(p.key, {}).get("probability_positive"),
                "realised_probability": realised_mc[p.key].probability_positive
                if p.key in realised_mc
                else None,
            }
        )
    participants = int(run_result.get("n_treated") or 0)
    cost = float(plan.investment_cost)
    target = sum(float(n) for n in (case_data.get("target_group") or {}).get("size_per_year", []))
    per_participant = cost / participants if participants else None
    avoided = effect * participants
    return {
        "outcome_key": outcome_key,
        "outcome_name": choice.name,
        "probability": choice.probability,
        "planned_effect": choice.planned_effect,
        "realised_effect": effect,
        "realised_se": se,
        "effect_ratio": ratio,
        "participants": participants,
        "investment_cost": cost,
        "cost_per_participant": per_participant,
        "avoided_events": avoided,
        "cost_per_avoided_event": cost / avoided if avoided > 0 else None,
        "target_group": target,
        "full_scale_cost": per_participant * target if per_participant and target else None,
        "full_scale_avoided": effect * target if target else None,
        "perspectives": perspectives,
        "planned_plan": plan.model_dump(mode="json"),
        "revised_plan": revised.model_dump(mode="json"),
        "from_year": from_year,
        "draws": DRAWS,
        "seed": seed,
    }
