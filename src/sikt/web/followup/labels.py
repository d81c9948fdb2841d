"""How reports and signals are named on pages, in documents and in notifications."""

from __future__ import annotations

import datetime as dt

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

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


#: The words of each reason (source strings; translated when one is shown, so a page of
#: hundreds of initiatives looks up one text per reason, not the whole table).
SIGNAL_TEXTS = {
    "activities": gettext_noop("activities %(percent)s of plan"),
    "hours": gettext_noop("staff hours %(percent)s of plan"),
    "reach": gettext_noop("reach %(percent)s of plan"),
    "costs": gettext_noop("costs %(percent)s of budget"),
    "deviations_overdue": gettext_noop("deviations past their date: %(count)s"),
    "deviations": gettext_noop("open deviations: %(count)s"),
    "reports": gettext_noop("overdue reports: %(count)s (oldest %(days)s days)"),
    "harm": gettext_noop("harm or worsening reported, not yet handled"),
    "stop": gettext_noop("a stop criterion is met"),
    "outcome_worse": gettext_noop("%(indicator)s worse than the baseline"),
    "outcome_slow": gettext_noop("%(indicator)s %(percent)s of the way to the target"),
    "outcome": gettext_noop("%(indicator)s on track"),
}


def _signal_key(signal: Signal) -> str:
    if signal.dimension == "outcome" and signal.detail in ("worse", "slow"):
        return f"outcome_{signal.detail}"
    if signal.dimension == "deviations" and signal.count:
        return "deviations_overdue"
    return signal.dimension


def signal_text(signal: Signal) -> str:
    """One reason in words: ``räckvidd 62 % av plan``."""
    source = SIGNAL_TEXTS[_signal_key(signal)]
    shows_percent = "%(percent)s" in source and signal.ratio is not None
    return _(source) % {
        "percent": _percent(signal.ratio) if shows_percent else "–",
        "count": signal.count or 0,
        "days": signal.days or 0,
        "indicator": signal.subject,
    }


def status_text(status: Status) -> str:
    """``gul: räckvidd 62 % av plan`` — the light and what set it."""
    reasons = "; ".join(signal_text(signal) for signal in status.reasons)
    label = light_label(status.light)
    return f"{label}: {reasons}" if reasons else label
