"""The plan an initiative's costs are reported and followed up against: its cost lines per year.

The cost lines come from the calculation decided at the latest approval (frozen with the
decision, :func:`sikt.web.calculations.frozen.decided_calculation`) — or, before the decisions
area freezes calculations, the current one. Each line's yearly amount is its expected value
(the mean of a distribution), SEK of the case's price year; a per-participant line is multiplied
by the target group's expected size that year.

Deviations (Uppsala 003: the project leader reports deviations) are shown per line and period:
the plan for a period is the year's plan pro rata to the period's share of the year's months.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from pydantic import ValidationError

from sikt.calc.case import CostLine, TargetGroup
from sikt.web.calculations.models import Calculation
from sikt.web.funds.models import ReportingPeriod
from sikt.web.initiatives.models import Initiative

CENT = Decimal("0.01")


def _decided_case(initiative: Initiative) -> dict[str, Any] | None:
    try:
        from sikt.web.calculations.frozen import decided_calculation
    except ImportError:  # the decisions area has not frozen calculations yet
        decided_calculation = None
    if decided_calculation is not None:
        frozen = decided_calculation(initiative)
        if frozen and frozen.get("case"):
            case: dict[str, Any] = frozen["case"]
            return case
    calculation = Calculation.objects.filter(initiative=initiative).first()
    return calculation.case if calculation is not None else None


def planned_costs(initiative: Initiative) -> dict[str, dict[int, Decimal]]:
    """``{cost line: {year: SEK}}`` of the decided plan (empty without a calculation)."""
    case = _decided_case(initiative)
    if not case:
        return {}
    base_year = int(case.get("base_year", 0))
    sizes: list[float] = []
    if case.get("target_group"):
        try:
            group = TargetGroup.model_validate(case["target_group"])
            sizes = [value.mean() for value in group.size_per_year]
        except ValidationError:
            sizes = []
    plan: dict[str, dict[int, Decimal]] = {}
    for raw in case.get("costs", []):
        try:
            line = CostLine.model_validate(raw)
        except ValidationError:
            continue
        years = plan.setdefault(line.name, {})
        for offset, amount in enumerate(line.amounts):
            value = amount.mean()
            if line.per_participant:
                value *= sizes[offset] if offset < len(sizes) else 0.0
            year = base_year + offset
            years[year] = years.get(year, Decimal(0)) + Decimal(str(value)).quantize(CENT)
    return plan


def period_share(periods: list[ReportingPeriod], key: str, year: int) -> Decimal:
    """The share of the year a period covers (by days), for a pro-rata plan per period."""
    start = dt.date(year, 1, 1)
    for period in periods:
        end = period.end_in(year)
        if period.key == key:
            days = (end - start).days + 1
            total = (dt.date(year, 12, 31) - dt.date(year, 1, 1)).days + 1
            return Decimal(days) / Decimal(total)
        start = end + dt.timedelta(days=1)
    return Decimal(0)


@dataclass(frozen=True)
class Deviation:
    """One cost line in one period: plan (pro rata), actual and the difference (SEK)."""

    cost_line: str
    planned: Decimal
    actual: Decimal

    @property
    def deviation(self) -> Decimal:
        return self.actual - self.planned

    @property
    def share(self) -> Decimal | None:
        """Actual ÷ plan − 1 (``None`` when nothing was planned)."""
        return None if not self.planned else self.actual / self.planned - 1
