"""Which indicator values a report asks for, and the rules a reported value must follow.

Shared by the typed form, the file import and the service that saves, so a value refused in
one is refused in all three with the same words.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from sikt.web.design.models import Disaggregation, Indicator, Level
from sikt.web.followup.models import OTHER_DIMENSION, ProgressReport
from sikt.web.followup.schedule import measurement_periods
from sikt.web.initiatives.models import Initiative

LEVEL_ORDER = {level: index for index, level in enumerate(Level.values)}
PERCENT_UNITS = {"%", "procent", "percent"}
#: How far a given value may differ from numerator ÷ denominator (rounding to 3 decimals).
QUOTIENT_TOLERANCE = Decimal("0.0005")


def indicators_of(initiative: Initiative) -> list[Indicator]:
    """The logic model's indicators in the order of the chain (resources → long-term goals)."""
    found = Indicator.objects.filter(element__initiative=initiative).select_related("element")
    return sorted(
        found, key=lambda i: (LEVEL_ORDER.get(i.element.level, 9), i.element.position, i.pk)
    )


def indicator_queryset(initiative: Initiative) -> QuerySet[Indicator]:
    return Indicator.objects.filter(element__initiative=initiative)


@dataclass(frozen=True)
class ExpectedRow:
    indicator: Indicator
    period_start: dt.date
    period_end: dt.date

    @property
    def key(self) -> str:
        """The form field prefix and error key of this row: ``m-12-20260101``."""
        return row_key(self.indicator.pk, self.period_start)


def row_key(indicator_id: int, period_start: dt.date) -> str:
    return f"m-{indicator_id}-{period_start:%Y%m%d}"


def expected_rows(report: ProgressReport, indicators: list[Indicator]) -> list[ExpectedRow]:
    """The (indicator, period) pairs ``report`` asks for (:mod:`sikt.web.followup.schedule`).

    A report the coordinator added outside the schedule asks for every indicator once, for the
    report's own period.
    """
    initiative = report.initiative
    if not report.is_scheduled or initiative.start_date is None or initiative.end_date is None:
        return [ExpectedRow(i, report.period_start, report.period_end) for i in indicators]
    rows = []
    for indicator in indicators:
        for period in measurement_periods(
            indicator.frequency,
            report.period_start,
            report.period_end,
            initiative.start_date,
            initiative.end_date,
        ):
            rows.append(ExpectedRow(indicator, period.start, period.end))
    return rows


def declared_dimensions(indicator: Indicator) -> dict[str, str]:
    """``{dimension key: label}`` of the breakdowns the indicator declares."""
    dimensions = {
        key: str(Disaggregation(key).label)
        for key in indicator.disaggregations or []
        if key in Disaggregation.values
    }
    if indicator.disaggregation_other:
        dimensions[OTHER_DIMENSION] = indicator.disaggregation_other
    return dimensions


@dataclass
class PartInput:
    dimension: str
    category: str
    value: Decimal


@dataclass
class ValueInput:
    """One reported value (``None`` removes it) with its optional quotient and breakdown."""

    indicator_id: int
    period_start: dt.date
    value: Decimal | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    comment: str = ""
    parts: list[PartInput] = field(default_factory=list)

    @property
    def key(self) -> str:
        return row_key(self.indicator_id, self.period_start)


def _quotient(indicator: Indicator, item: ValueInput) -> tuple[Decimal | None, list[str]]:
    if (item.numerator is None) != (item.denominator is None):
        return item.value, [_("Give both the numerator and the denominator, or neither.")]
    if item.numerator is None or item.denominator is None:
        return item.value, []
    if item.denominator <= 0:
        return item.value, [_("The denominator must be greater than zero.")]
    scale = Decimal(100) if indicator.unit.strip().lower() in PERCENT_UNITS else Decimal(1)
    quotient = (item.numerator / item.denominator * scale).quantize(Decimal("0.001"))
    if item.value is not None and abs(item.value - quotient) > QUOTIENT_TOLERANCE:
        return item.value, [
            _("The value does not match numerator ÷ denominator (%(quotient)s).")
            % {"quotient": quotient}
        ]
    return quotient, []


def check_value(indicator: Indicator, item: ValueInput) -> tuple[Decimal | None, list[str]]:
    """The value to store (a quotient fills an empty value) and what is wrong, if anything."""
    value, errors = _quotient(indicator, item)
    numbers = [value, item.numerator, *(part.value for part in item.parts)]
    if not indicator.allows_negative and any(n is not None and n < 0 for n in numbers):
        errors.append(_("“%(indicator)s” cannot be negative.") % {"indicator": indicator.name})
    if value is None and item.parts:
        errors.append(_("Give the total value before its breakdown."))
    declared = declared_dimensions(indicator)
    seen: set[tuple[str, str]] = set()
    for part in item.parts:
        if part.dimension not in declared:
            errors.append(
                _("“%(indicator)s” is not broken down by “%(dimension)s”.")
                % {"indicator": indicator.name, "dimension": part.dimension}
            )
        elif not part.category.strip():
            errors.append(_("Name the group of each breakdown value."))
        elif (part.dimension, part.category.strip().lower()) in seen:
            errors.append(
                _("The group “%(group)s” is given twice.") % {"group": part.category.strip()}
            )
        seen.add((part.dimension, part.category.strip().lower()))
    return value, errors
