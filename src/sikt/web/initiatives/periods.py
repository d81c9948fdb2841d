"""Calendar arithmetic the rules need: months of a project period, a date a month later."""

from __future__ import annotations

import calendar
import datetime as dt


def months_between(start: dt.date, end: dt.date) -> int:
    """Calendar months the period ``start``–``end`` (both inclusive) touches as started months.

    2027-01-01–2029-12-31 is 36 months; 2027-01-15–2027-02-14 is 1 month.
    """
    months = (end.year - start.year) * 12 + end.month - start.month
    return months + (1 if end.day >= start.day else 0)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, clamped to the month's last day (31 Jan + 1 → 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
