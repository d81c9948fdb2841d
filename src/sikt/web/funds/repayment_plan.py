"""The decided repayment plan per committee and year (owned by the calculations/decisions
areas: :func:`sikt.web.calculations.selectors.decided_repayment_plans`)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from sikt.web.calculations.selectors import (
    RepaymentLine,
    decided_repayment_plan,
    decided_repayment_plans,
)
from sikt.web.initiatives.models import Initiative


def plan_lines(initiative: Initiative) -> list[RepaymentLine]:
    """The lines of the plan frozen at the latest approval; empty when the rule set has no
    repayment or nothing is approved."""
    return decided_repayment_plan(initiative)


def plans_of(initiatives: Iterable[Initiative]) -> dict[int, list[RepaymentLine]]:
    """``{initiative pk: lines}`` of many initiatives in a constant number of queries."""
    return decided_repayment_plans(initiatives)


def due_by_year(initiative: Initiative) -> dict[int, Decimal]:
    """``{year: SEK}`` the plan says the committees repay, all committees together."""
    due: dict[int, Decimal] = {}
    for line in plan_lines(initiative):
        due[line.year] = due.get(line.year, Decimal(0)) + line.amount_sek
    return due
