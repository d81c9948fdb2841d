"""The decided repayment plan per committee and year (owned by the calculations/decisions
areas: ``sikt.web.calculations.selectors.decided_repayment_plan``)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sikt.web.initiatives.models import Initiative


def plan_lines(initiative: Initiative) -> list[Any]:
    """``RepaymentLine(committee_id, committee_name, year, amount_sek)`` of the plan frozen at
    the latest approval; empty when the rule set has no repayment or nothing is approved."""
    try:
        from sikt.web.calculations.selectors import (  # type: ignore[attr-defined]
            decided_repayment_plan,
        )
    except ImportError:  # the decisions area has not frozen repayment plans yet
        return []
    return list(decided_repayment_plan(initiative))


def due_by_year(initiative: Initiative) -> dict[int, Decimal]:
    """``{year: SEK}`` the plan says the committees repay, all committees together."""
    due: dict[int, Decimal] = {}
    for line in plan_lines(initiative):
        due[line.year] = due.get(line.year, Decimal(0)) + line.amount_sek
    return due
