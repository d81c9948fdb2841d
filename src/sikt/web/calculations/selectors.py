"""Reads of calculations for pages, decision documents and the portfolio.

:func:`latest_result_for` and :func:`portfolio_figures` are the interface later areas use
(decision documents, portfolio): stored results only, never a recomputation.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from sikt.calc import MonteCarloResult, RepaymentPlan, Result, Sensitivity
from sikt.web.accounts.models import Committee
from sikt.web.calculations import compute
from sikt.web.calculations.frozen import FREEZER_KEY, decided_calculation, review_applies
from sikt.web.calculations.models import Calculation, CalculationReview, CalculationRun
from sikt.web.initiatives.models import Decision, Initiative
from sikt.web.initiatives.rulesets import ruleset_for
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
    calculation says now. One query; initiatives without such a decision are left out."""
    ids = [i.pk for i in initiatives]
    rows = (
        Decision.objects.filter(initiative_id__in=ids, grant__isnull=False)
        .order_by("initiative_id", "id")
        .values_list("initiative_id", "frozen")
    )
    latest = dict(rows)  # ordered by id: the last decision of each initiative wins
    out = {}
    for initiative_id, frozen in latest.items():
        data = (frozen or {}).get(FREEZER_KEY) or {}
        if data.get("result") and data.get("repayment_plan"):
            out[initiative_id] = _figures(
                data["result"], data.get("monte_carlo") or {}, data["repayment_plan"]
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
    if ruleset_for(initiative.organization).repayment_model == RepaymentModel.NONE:
        return []
    frozen = decided_calculation(initiative)
    if not frozen or not frozen.get("repayment_plan"):
        return []
    plan = compute.load_plan(frozen["repayment_plan"])
    mapping: dict[str, int] = frozen.get("committee_map") or {}
    bearer_names = {
        item["key"]: item.get("name", {}).get("sv", item["key"])
        for item in (frozen.get("result") or {}).get("perspectives", [])
    }
    committees = dict(Committee.objects.filter(pk__in=mapping.values()).values_list("pk", "name"))
    lines = []
    for key in plan.committees:
        committee_id = mapping.get(key)
        name = committees.get(committee_id) or bearer_names.get(key, key)
        for year, amount in zip(plan.years, plan.repayments[key], strict=True):
            if round(amount, 2):
                lines.append(
                    RepaymentLine(
                        committee_id, name, year, Decimal(str(round(amount, 2))).quantize(CENT)
                    )
                )
    return lines
