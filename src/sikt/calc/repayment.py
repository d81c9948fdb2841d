# ruff: noqa: E501  (bilingual explanations are kept as whole sentences)
"""Repayment plan (*återföringsplan*): committees pay the fund back from their savings.

Rules (Uppsala guideline 003, DOMAIN §4): only municipal committees repay; an application is
approved only if the organisation's expected savings are at least the investment's cost; the
plan gives an amount per committee and year; if effects turn out smaller, repayment is made to
the degree actual effects occur (during the initiative or 1–3 years after it ends).

Proposal: years are taken in order; in each year every committee offers ``share_of_savings`` of
its expected savings (its adjusted benefits that year, never less than zero) and the fund takes
what it still needs, pro rata to the offers. So no committee ever repays more than its expected
savings in a year, and repayment stops when the investment is paid back.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from pydantic import BaseModel

from sikt.calc.case import Case
from sikt.calc.results import Result, committee_keys, run_deterministic
from sikt.calc.unit_costs import UnitCostLibrary, load_unit_cost_library
from sikt.numbers import format_money
from sikt.text import Text


class RepaymentPlan(BaseModel):
    """Repayments and expected savings per committee and year (SEK, price year of the case)."""

    years: list[int]
    committees: list[str]
    savings: dict[str, list[float]]
    repayments: dict[str, list[float]]
    investment_cost: float
    expected_savings_total: float
    repaid_total: float
    approval_basis: str
    approved: bool
    explanation: Text

    def repayment(self, committee: str, year: int) -> float:
        return self.repayments[committee][self.years.index(year)]


def _sek(amount: float) -> str:
    """``3 000 000 kr`` (Swedish grouping, :mod:`sikt.numbers`)."""
    return format_money(amount, language="sv")


def _sek_en(amount: float) -> str:
    """``3,000,000 SEK`` for the English text."""
    return format_money(amount, language="en")


def _savings(case: Case, result: Result) -> dict[str, np.ndarray]:
    return {
        key: np.maximum(np.asarray(result.perspective(key).yearly.adjusted_benefits), 0.0)
        for key in committee_keys(case)
    }


def _allocate(
    case: Case, savings: Mapping[str, np.ndarray], target: float
) -> dict[str, np.ndarray]:
    settings = case.repayment
    first = settings.first_year or case.base_year
    last = settings.last_year or case.years[-1]
    plan = {key: np.zeros(case.horizon_years) for key in savings}
    remaining = target
    for t, year in enumerate(case.years):
        if not first <= year <= last or remaining <= 0:
            continue
        offers = {key: s[t] * settings.share_of_savings for key, s in savings.items()}
        offered = sum(offers.values())
        if offered <= 0:
            continue
        take = min(remaining, offered)
        for key, offer in offers.items():
            plan[key][t] = take * offer / offered
        remaining -= take
    return plan


def propose_repayment_plan(
    case: Case, result: Result | None = None, library: UnitCostLibrary | None = None
) -> RepaymentPlan:
    """Propose repayments per committee and year and evaluate the approval rule.

    The investment cost is the sum of the case's own costs borne by the organisation's
    committees (the fund and any committee's own share; external actors' costs are not the
    fund's), undiscounted or discounted per ``case.repayment.approval_basis``; savings are each
    committee's adjusted benefits per year, never below zero.
    """
    if result is None:
        result = run_deterministic(
            case, library if library is not None else load_unit_cost_library()
        )
    savings = _savings(case, result)
    organisation = result.perspective("organisation")
    factors = np.asarray(result.discount_factors)
    discounted = case.repayment.approval_basis == "discounted"
    weights = factors if discounted else np.ones_like(factors)
    cost = float(np.dot(organisation.yearly.costs, weights))
    expected = float(sum(np.dot(s, weights) for s in savings.values()))
    plan = _allocate(case, savings, cost)
    repaid = float(sum(p.sum() for p in plan.values()))
    approved = expected >= cost and cost > 0
    basis_sv = "diskonterat" if discounted else "odiskonterat"
    basis_en = "discounted" if discounted else "undiscounted"
    if approved:
        explanation = Text(
            f"Godkänd: nämndernas förväntade besparingar ({_sek(expected)}, {basis_sv}) är minst lika stora "
            f"som satsningens kostnad ({_sek(cost)}). Föreslagen återföring: {_sek(repaid)}.",
            f"Approved: the committees' expected savings ({_sek_en(expected)}, {basis_en}) are at least the "
            f"initiative's cost ({_sek_en(cost)}). Proposed repayment: {_sek_en(repaid)}.",
        )
    else:
        explanation = Text(
            f"Uppfyller inte regeln: nämndernas förväntade besparingar ({_sek(expected)}, {basis_sv}) är "
            f"mindre än satsningens kostnad ({_sek(cost)}); det saknas {_sek(max(cost - expected, 0))}.",
            f"Does not meet the rule: the committees' expected savings ({_sek_en(expected)}, {basis_en}) are "
            f"below the initiative's cost ({_sek_en(cost)}); {_sek_en(max(cost - expected, 0))} short.",
        )
    return RepaymentPlan(
        years=case.years,
        committees=list(savings),
        savings={k: v.tolist() for k, v in savings.items()},
        repayments={k: v.tolist() for k, v in plan.items()},
        investment_cost=cost,
        expected_savings_total=expected,
        repaid_total=repaid,
        approval_basis=case.repayment.approval_basis,
        approved=approved,
        explanation=explanation,
    )


def revise_repayment_plan(
    case: Case,
    plan: RepaymentPlan,
    *,
    from_year: int,
    effect_ratio: float | None = None,
    outcome_ratios: Mapping[str, float] | None = None,
    library: UnitCostLibrary | None = None,
) -> RepaymentPlan:
    """Revise repayments from ``from_year`` on after realised effects are known.

    ``effect_ratio`` is realised ÷ expected effect for the whole initiative; ``outcome_ratios``
    gives it per outcome or type case key (e.g. observed avoided placements ÷ planned). Savings
    are recalculated with the realised effects; from ``from_year`` each repayment becomes the
    planned amount scaled by the committee's realised ÷ expected savings that year, never above
    the realised savings. Earlier years (already repaid) are kept.
    """
    ratios = dict(outcome_ratios or {})
    scale = 1.0 if effect_ratio is None else effect_ratio
    data = case.model_dump(by_alias=True)
    for item in data["outcomes"] + data["type_cases"]:
        item_ratio = ratios.get(item["key"], 1.0) * scale
        if "effect" in item:
            item["effect"] = _scaled(item["effect"], item_ratio)
        else:
            item["persons_per_year"] = [_scaled(p, item_ratio) for p in item["persons_per_year"]]
    realised_case = Case.model_validate(
        data, context={"library": library or load_unit_cost_library()}
    )
    realised = _savings(realised_case, run_deterministic(realised_case, library))
    repayments: dict[str, list[float]] = {}
    for key in plan.committees:
        planned = np.asarray(plan.repayments[key])
        expected = np.asarray(plan.savings[key])
        ratio = np.divide(realised[key], expected, out=np.zeros_like(expected), where=expected > 0)
        revised = np.minimum(planned * ratio, realised[key])
        keep = np.asarray(case.years) < from_year
        repayments[key] = np.where(keep, planned, revised).tolist()
    repaid = float(sum(sum(v) for v in repayments.values()))
    realised_total = float(sum(v.sum() for v in realised.values()))
    explanation = Text(
        f"Reviderad från {from_year} efter faktiska effekter: återföring {_sek(repaid)} "
        f"(planerad {_sek(plan.repaid_total)}); nämndernas faktiska besparingar {_sek(realised_total)}.",
        f"Revised from {from_year} after realised effects: repayment {_sek_en(repaid)} "
        f"(planned {_sek_en(plan.repaid_total)}); committees' realised savings {_sek_en(realised_total)}.",
    )
    return plan.model_copy(
        update={
            "savings": {k: v.tolist() for k, v in realised.items()},
            "repayments": repayments,
            "repaid_total": repaid,
            "explanation": explanation,
        }
    )


def _scaled(value: object, ratio: float) -> object:
    """A dumped Uncertain scaled by ``ratio`` (a number or a distribution's location values)."""
    if isinstance(value, int | float):
        return value * ratio
    assert isinstance(value, dict)
    return {
        k: (
            v * ratio
            if k in {"value", "low", "mode", "high", "mean", "sd"} and v is not None
            else v
        )
        for k, v in value.items()
    }
