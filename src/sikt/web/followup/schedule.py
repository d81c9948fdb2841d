"""When an initiative reports, and which measurements each report holds — pure calendar rules.

No Django here (like :mod:`sikt.web.followup.status`): the rules are tested as plain functions.

*Reports* follow the follow-up plan's reporting frequency (design ``FollowUpPlan``; Uppsala's
interim reports delår 1, delår 2 and the annual report when there is no plan, 003): windows are
calendar-aligned — months, pairs of months, quarters, the three interim periods January–April,
May–August and September–December, or calendar years — clipped to the project period. Each
report is due :data:`DUE_DAYS` days after its window ends.

*Measurements* follow each indicator's own frequency (design ``Indicator.frequency``): a monthly
indicator has one value per calendar month, a yearly one per calendar year, and so on. A
measurement period belongs to the report whose window holds the period's (clipped) last day, so
every measurement is asked for exactly once. Start–end indicators are measured at the end (their
start value is the indicator's baseline); indicators measured after the end have none during the
project.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

#: Days after a report window's end until the report is due (Uppsala's interim reports are
#: handed in in the month after the period).
DUE_DAYS = 15

#: Months per window for each calendar-aligned frequency (keys are the stable ids of
#: ``design.ReportingFrequency`` and ``design.Frequency``).
MONTHS_PER_WINDOW = {
    "monthly": 1,
    "continuous": 1,
    "bimonthly": 2,
    "quarterly": 3,
    "interim": 4,
    "term": 6,
    "yearly": 12,
}
#: Without a follow-up plan, reports follow the interim reports (delår 1, delår 2, annual).
DEFAULT_REPORTING = "interim"


@dataclass(frozen=True)
class Window:
    """A period ``start``–``end`` (both inclusive); ``number`` counts windows within the year
    (1 = the first month, quarter, interim period …), ``months`` is the frequency's length."""

    start: dt.date
    end: dt.date
    months: int
    number: int

    @property
    def year(self) -> int:
        return self.end.year


@dataclass(frozen=True)
class ReportWindow(Window):
    due: dt.date = dt.date.min


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def calendar_windows(start: dt.date, end: dt.date, months: int) -> list[Window]:
    """Calendar-aligned windows of ``months`` months overlapping ``start``–``end``, clipped."""
    if end < start:
        return []
    windows = []
    first_month = (start.month - 1) // months * months + 1
    year, month = start.year, first_month
    while dt.date(year, month, 1) <= end:
        last_month = month + months - 1
        window_end = _month_end(year, last_month)
        windows.append(
            Window(
                max(start, dt.date(year, month, 1)),
                min(end, window_end),
                months,
                (month - 1) // months + 1,
            )
        )
        month = last_month + 1
        if month > 12:
            year, month = year + 1, 1
    return windows


def report_windows(
    start: dt.date, end: dt.date, frequency: str | None, *, due_days: int = DUE_DAYS
) -> list[ReportWindow]:
    """The reports of a project running ``start``–``end`` under a reporting ``frequency``."""
    months = MONTHS_PER_WINDOW.get(frequency or DEFAULT_REPORTING, 4)
    return [
        ReportWindow(w.start, w.end, w.months, w.number, w.end + dt.timedelta(days=due_days))
        for w in calendar_windows(start, end, months)
    ]


def measurement_periods(
    indicator_frequency: str,
    window_start: dt.date,
    window_end: dt.date,
    project_start: dt.date,
    project_end: dt.date,
) -> list[Window]:
    """The periods an indicator of ``indicator_frequency`` is measured for in one report."""
    if indicator_frequency == "after_end":
        return []
    if indicator_frequency == "start_end":
        if window_start <= project_end <= window_end:
            return [Window(project_end, project_end, 0, 1)]
        return []
    months = MONTHS_PER_WINDOW.get(indicator_frequency, 12)
    return [
        period
        for period in calendar_windows(project_start, project_end, months)
        if window_start <= period.end <= window_end
    ]


def month_fraction(start: dt.date, end: dt.date) -> Decimal:
    """How many months ``start``–``end`` (inclusive) covers, partial months by their days.

    2026-01-01–2026-03-31 is 3; 2026-01-16–2026-01-31 is 16/31. Used to scale a per-month plan.
    """
    if end < start:
        return Decimal(0)
    first_days = calendar.monthrange(start.year, start.month)[1]
    if (start.year, start.month) == (end.year, end.month):
        return Decimal((end - start).days + 1) / Decimal(first_days)
    # The first and last months by their days, every month between whole.
    head = Decimal(first_days - start.day + 1) / Decimal(first_days)
    tail = Decimal(end.day) / Decimal(calendar.monthrange(end.year, end.month)[1])
    between = (end.year - start.year) * 12 + end.month - start.month - 1
    return head + between + tail


def period_share_passed(start: dt.date, end: dt.date, through: dt.date) -> Decimal:
    """The share of the project period ``start``–``end`` that has passed on ``through`` (0–1)."""
    total = (end - start).days + 1
    if total <= 0:
        return Decimal(1)
    done = (min(max(through, start - dt.timedelta(days=1)), end) - start).days + 1
    return Decimal(done) / Decimal(total)
