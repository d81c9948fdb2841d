"""Reads of calculations for pages, decision documents and the portfolio.

:func:`latest_result_for` and :func:`portfolio_figures` are the interface later areas use
(decision documents, portfolio): stored results only, never a recomputation.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sikt.calc import MonteCarloResult, RepaymentPlan, Result, Sensitivity
from sikt.web.accounts.models import Committee
from sikt.web.calculations import compute
from sikt.web.calculations.frozen import FREEZER_KEY, review_applies
from sikt.web.calculations.models import Calculation, CalculationReview, CalculationRun
from sikt.web.initiatives.models import Decision, Grant, Initiative
from sikt.web.initiatives.rulesets import repayment_models
from sikt.web.initiatives.states import RepaymentModel


@dataclass(frozen=True)
class StoredResult:
    """What ``sikt.calc`` computed for an initiative's current case (SEK, ``price_year``)."""

    calculation: Calculation
    result: Result
    monte_carlo: MonteCarloResult | None
    plan: RepaymentPlan
    sensitivity: Sensitivity | None
    computed_at: datetime.datetime | None
    #: The latest review, if it was made of the calculation as it now stands.
    latest_review: CalculationReview | None
    #: The latest review when the calculation has changed since (it no longer counts).
    outdated_review: CalculationReview | None = None


def stored_result(calculation: Calculation) -> StoredResult:
    review = calculation.reviews.select_related("reviewer").first()
    current = review_applies(review, calculation)
    return StoredResult(
        calculation=calculation,
        result=compute.load_result(calculation.result),
        monte_carlo=compute.load_monte_carlo(calculation.monte_carlo),
        plan=compute.load_plan(calculation.repayment_plan),
        sensitivity=compute.load_sensitivity(calculation.sensitivity),
        computed_at=calculation.computed_at,
        latest_review=review if current else None,
        outdated_review=None if current else review,
    )


def latest_result_for(initiative: Initiative) -> StoredResult | None:
    """The stored deterministic result, Monte Carlo summary and repayment plan, or ``None``."""
    calculation = Calculation.objects.filter(initiative=initiative).first()
    return stored_result(calculation) if calculation is not None else None


@dataclass(frozen=True)
class PortfolioFigures:
    """Headline figures of one initiative's calculation (SEK of ``price_year``)."""

    price_year: int
    npv_organisation: float | None
    npv_society: float | None
    expected_npv_organisation: float | None
    probability_positive_organisation: float | None
    investment_cost: float
    repayment_approved: bool


def _perspective(data: dict, key: str, field: str) -> float | None:  # type: ignore[type-arg]
    for item in data.get("perspectives", []):
        if item["key"] == key:
            return float(item[field])
    return None


def _figures(result: dict, monte_carlo: dict, plan: dict) -> PortfolioFigures:  # type: ignore[type-arg]
    return PortfolioFigures(
        price_year=int(result["price_year"]),
        npv_organisation=_perspective(result, "organisation", "npv"),
        npv_society=_perspective(result, "society", "npv"),
        expected_npv_organisation=_perspective(monte_carlo or {}, "organisation", "mean"),
        probability_positive_organisation=_perspective(
            monte_carlo or {}, "organisation", "probability_positive"
        ),
        investment_cost=float(plan["investment_cost"]),
        repayment_approved=bool(plan["approved"]),
    )


def portfolio_figures(initiatives: Iterable[Initiative]) -> dict[int, PortfolioFigures]:
    """``{initiative pk: figures}`` for the initiatives that have a calculation — one query,
    read from the stored JSON (no recomputation). These are the live figures: for a decided
    initiative read :func:`decided_portfolio_figures`."""
    ids = [i.pk for i in initiatives]
    rows = Calculation.objects.filter(initiative_id__in=ids).values_list(
        "initiative_id", "result", "monte_carlo", "repayment_plan"
    )
    return {
        initiative_id: _figures(result, monte_carlo, plan)
        for initiative_id, result, monte_carlo, plan in rows
        if result and plan
    }


def decided_portfolio_figures(initiatives: Iterable[Initiative]) -> dict[int, PortfolioFigures]:
    """``{initiative pk: figures}`` of the calculation frozen at each initiative's latest
    approving decision (an approved amendment's, if any) — what was decided, whatever the
    calculation says now. One query, which reads only the headline figures out of the frozen
    JSON (a decision's snapshot holds the whole calculation; a portfolio of hundreds of
    initiatives would otherwise read and parse every one); initiatives without such a decision
    are left out."""
    ids = [i.pk for i in initiatives]
    frozen = f"frozen__{FREEZER_KEY}"
    rows = (
        Decision.objects.filter(initiative_id__in=ids, grant__isnull=False)
        .order_by("initiative_id", "id")
        .values_list(
            "initiative_id",
            f"{frozen}__result__price_year",
            f"{frozen}__result__perspectives",
            f"{frozen}__monte_carlo__perspectives",
            f"{frozen}__repayment_plan__investment_cost",
            f"{frozen}__repayment_plan__approved",
        )
    )
    # Ordered by id: the last decision of each initiative wins.
    latest = {initiative_id: figures for initiative_id, *figures in rows}
    out = {}
    for initiative_id, (price_year, perspectives, simulated, cost, approved) in latest.items():
        if price_year is not None and cost is not None:
            out[initiative_id] = _figures(
                {"price_year": price_year, "perspectives": perspectives or []},
                {"perspectives": simulated or []},
                {"investment_cost": cost, "approved": approved},
            )
    return out


def latest_run(calculation: Calculation) -> CalculationRun | None:
    return calculation.runs.first()


CENT = Decimal("0.01")


@dataclass(frozen=True)
class RepaymentLine:
    """One committee's repayment to the fund in one year (SEK of the case's price year)."""

    committee_id: int | None
    committee_name: str
    year: int
    amount_sek: Decimal


def decided_repayment_plan(initiative: Initiative) -> list[RepaymentLine]:
    """The repayment plan of the calculation frozen at the latest approving decision: one line
    per committee and year with a repayment (zero years left out), in the plan's order.

    Empty when the rule set has no repayment, nothing is approved, or the approval had no
    calculation. ``committee_id`` is ``None`` for a bearer not mapped to a committee.
    """
    return decided_repayment_plans([initiative]).get(initiative.pk, [])


#: The parts of the frozen calculation a repayment plan is read from (JSON key paths).
_FROZEN = f"decision__frozen__{FREEZER_KEY}"


def decided_repayment_plans(initiatives: Iterable[Initiative]) -> dict[int, list[RepaymentLine]]:
    """:func:`decided_repayment_plan` of many initiatives: ``{initiative pk: lines}`` for those
    with a decided plan, in three queries whatever their number (the rule sets, the latest
    grant's frozen plan and committee mapping, the committees' names)."""
    initiatives = list(initiatives)
    models = repayment_models({initiative.organization_id for initiative in initiatives})
    ids = [
        initiative.pk
        for initiative in initiatives
        if models[initiative.organization_id] != RepaymentModel.NONE
    ]
    if not ids:
        return {}
    rows = (
        Grant.objects.filter(initiative_id__in=ids)
        .order_by("initiative_id", "decision_id")
        .values_list(
            "initiative_id",
            f"{_FROZEN}__repayment_plan",
            f"{_FROZEN}__committee_map",
            f"{_FROZEN}__result__perspectives",
        )
    )
    # Ordered by decision: the latest approving decision of each initiative wins.
    frozen = {
        initiative_id: (plan, mapping, bearers) for initiative_id, plan, mapping, bearers in rows
    }
    committee_ids = {
        committee_id
        for plan, mapping, _bearers in frozen.values()
        if plan
        for committee_id in (mapping or {}).values()
    }
    names = dict(Committee.objects.filter(pk__in=committee_ids).values_list("pk", "name"))
    plans = {}
    for initiative_id, (plan, mapping, bearers) in frozen.items():
        if plan:
            plans[initiative_id] = _plan_lines(plan, mapping or {}, bearers or [], names)
    return plans


def _plan_lines(
    data: dict[str, Any],
    mapping: dict[str, int],
    bearers: list[dict[str, Any]],
    names: dict[int, str],
) -> list[RepaymentLine]:
    plan = compute.load_plan(data)
    bearer_names = {item["key"]: item.get("name", {}).get("sv", item["key"]) for item in bearers}
    lines = []
    for key in plan.committees:
        committee_id = mapping.get(key)
        known = names.get(committee_id) if committee_id is not None else None
        name = known or bearer_names.get(key, key)
        for year, amount in zip(plan.years, plan.repayments[key], strict=True):
            if round(amount, 2):
                lines.append(
                    RepaymentLine(
                        committee_id, name, year, Decimal(str(round(amount, 2))).quantize(CENT)
                    )
                )
    return lines
