"""How reports and signals are named on pages, in documents and in notifications."""

from __future__ import annotations

import datetime as dt

from django.utils import formats
from django.utils.translation import gettext as _

from sikt.numbers import format_percent
from sikt.web.followup.schedule import MONTHS_PER_WINDOW
from sikt.web.followup.status import Light, Signal, Status


def _month(day: dt.date, pattern: str = "F") -> str:
    return formats.date_format(day, pattern)


def report_label(report: object) -> str:
    """``Delår 1 2026``, ``Mars 2026``, ``Kvartal 2 2026`` …; an added report by its title."""
    title = getattr(report, "title", "")
    if title:
        return str(title)
    frequency = getattr(report, "frequency", "") or "interim"
    end: dt.date = getattr(report, "period_end")  # noqa: B009 - any report-like object
    start: dt.date = getattr(report, "period_start")  # noqa: B009
    months = MONTHS_PER_WINDOW.get(frequency, 4)
    number = (end.month - 1) // months + 1
    values = {"year": end.year, "number": number}
    if months == 1:
        return f"{_month(end).capitalize()} {end.year}"
    if months == 3:
        return _("Quarter %(number)s %(year)s") % values
    if months == 4:
        if number == 3:
            return _("Annual report %(year)s") % values
        return _("Interim report %(number)s %(year)s") % values
    if months == 12:
        return _("Year %(year)s") % values
    return f"{_month(start, 'b').capitalize()}–{_month(end, 'b')} {end.year}"


def light_label(light: Light) -> str:
    return {
        Light.GREY: _("not assessed"),
        Light.GREEN: _("green"),
        Light.YELLOW: _("yellow"),
        Light.RED: _("red"),
    }[light]


def _percent(ratio: object) -> str:
    return format_percent(ratio, decimals=0)  # type: ignore[arg-type]


def signal_text(signal: Signal) -> str:
    """One reason in words: ``räckvidd 62 % av plan``."""
    values = {
        "percent": _percent(signal.ratio) if signal.ratio is not None else "–",
        "count": signal.count or 0,
        "days": signal.days or 0,
        "indicator": signal.subject,
    }
    texts = {
        "activities": _("activities %(percent)s of plan"),
        "hours": _("staff hours %(percent)s of plan"),
        "reach": _("reach %(percent)s of plan"),
        "costs": _("costs %(percent)s of budget"),
        "deviations": _("deviations past their date: %(count)s")
        if signal.count
        else _("open deviations: %(count)s"),
        "reports": _("overdue reports: %(count)s (oldest %(days)s days)"),
        "harm": _("harm or worsening reported, not yet handled"),
        "stop": _("a stop criterion is met"),
    }
    if signal.dimension == "outcome":
        if signal.detail == "worse":
            return _("%(indicator)s worse than the baseline") % values
        if signal.detail == "slow":
            return _("%(indicator)s %(percent)s of the way to the target") % values
        return _("%(indicator)s on track") % values
    return texts[signal.dimension] % values


def status_text(status: Status) -> str:
    """``gul: räckvidd 62 % av plan`` — the light and what set it."""
    reasons = "; ".join(signal_text(signal) for signal in status.reasons)
    label = light_label(status.light)
    return f"{label}: {reasons}" if reasons else label
