"""Status at a glance: ONE function turns an initiative's follow-up figures into a traffic light.

Pure Python (no Django; an import-linter contract keeps it so), called with plain values by the
steering group's page, the initiative's follow-up page and the yearly report, so they can never
disagree. The rules are documented for users in ``docs/metod/uppfoljning.md`` and each light is
shown with its reasons ("gul: räckvidd 62 % av plan").

Only approved reports count (SKL 004 §6; Akvo RSR's rule that only approved updates count).
Each *dimension* gives a signal — green, yellow or red, or grey when there is nothing to judge
it by — and the initiative's light is the worst signal. Plans are compared "to date": a plan per
month is scaled to the months the approved reports cover, and the planned reach grows linearly
over the project period (a documented simplification: most initiatives fill up over time).

==========================  =====================================================================
dimension                   rule (defaults in :class:`Rules`)
==========================  =====================================================================
activities                  done ÷ planned to date: green ≥ 80 %, yellow ≥ 50 %, red below
hours                       used ÷ planned to date: yellow above 125 %, red above 150 %
reach                       participants ÷ planned to date: green ≥ 80 %, yellow ≥ 50 %, red below
costs                       reported ÷ budget to date: yellow above 110 %, red above 125 %
outcome (each indicator)    red when the latest value is worse than the baseline; yellow when
                            less than half of the time-proportional way to the target is made
deviations                  yellow when one is past its date or three or more are open
reports                     yellow when one is overdue; red when two are, or one for over 30 days
harm                        red while a report of harm or worsening is not handled
stop criterion              red while a stop criterion is met and not handled
==========================  =====================================================================
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from enum import IntEnum


class Light(IntEnum):
    """Ordered so the worst signal is the largest."""

    GREY = 0
    GREEN = 1
    YELLOW = 2
    RED = 3


@dataclass(frozen=True)
class Rules:
    """Thresholds as shares (0.8 = 80 %)."""

    plan_green: Decimal = Decimal("0.80")
    plan_red: Decimal = Decimal("0.50")
    hours_yellow: Decimal = Decimal("1.25")
    hours_red: Decimal = Decimal("1.50")
    costs_yellow: Decimal = Decimal("1.10")
    costs_red: Decimal = Decimal("1.25")
    open_deviations_yellow: int = 3
    reports_red_count: int = 2
    reports_red_days: int = 30


DEFAULT_RULES = Rules()


@dataclass(frozen=True)
class Outcome:
    """One outcome indicator: baseline, target, direction and the latest approved value."""

    name: str
    baseline: Decimal | None
    target: Decimal | None
    higher_is_better: bool | None
    latest: Decimal | None


@dataclass(frozen=True)
class Figures:
    """What is known about one initiative on ``today`` (``None``: nothing to judge by)."""

    today: dt.date
    start: dt.date | None = None
    end: dt.date | None = None
    #: Last day covered by an approved report.
    approved_through: dt.date | None = None
    activities_planned: Decimal | None = None
    activities_done: Decimal | None = None
    hours_planned: Decimal | None = None
    hours_used: Decimal | None = None
    reach_planned: Decimal | None = None
    reach_actual: Decimal | None = None
    costs_budget: Decimal | None = None
    costs_reported: Decimal | None = None
    outcomes: tuple[Outcome, ...] = ()
    open_deviations: int = 0
    overdue_deviations: int = 0
    overdue_reports: int = 0
    #: Days the oldest overdue report is late.
    oldest_overdue_days: int = 0
    harm_flags: int = 0
    stop_flags: int = 0


@dataclass(frozen=True)
class Signal:
    """One dimension's verdict; ``ratio`` is the share shown (0.62 → "62 %"), ``count`` a count,
    ``subject`` the indicator an outcome signal is about."""

    dimension: str
    light: Light
    ratio: Decimal | None = None
    count: int | None = None
    subject: str = ""
    #: For outcomes: "worse" (than the baseline) or "slow" (behind the time-proportional path).
    detail: str = ""
    #: For overdue reports: how many days the oldest is late.
    days: int | None = None


@dataclass(frozen=True)
class Status:
    light: Light
    signals: tuple[Signal, ...] = field(default_factory=tuple)

    @property
    def reasons(self) -> tuple[Signal, ...]:
        """The signals that set the light (none when it is green or grey)."""
        if self.light <= Light.GREEN:
            return ()
        return tuple(signal for signal in self.signals if signal.light == self.light)


def _share(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    if part is None or whole is None or whole <= 0:
        return None
    return part / whole


def _at_least(ratio: Decimal, rules: Rules) -> Light:
    if ratio >= rules.plan_green:
        return Light.GREEN
    return Light.YELLOW if ratio >= rules.plan_red else Light.RED


def _at_most(ratio: Decimal, yellow: Decimal, red: Decimal) -> Light:
    if ratio > red:
        return Light.RED
    return Light.YELLOW if ratio > yellow else Light.GREEN


def _plan_signals(figures: Figures, rules: Rules) -> list[Signal]:
    signals = []
    for dimension, done, planned in (
        ("activities", figures.activities_done, figures.activities_planned),
        ("reach", figures.reach_actual, figures.reach_planned),
    ):
        ratio = _share(done, planned)
        if ratio is not None:
            signals.append(Signal(dimension, _at_least(ratio, rules), ratio=ratio))
    for dimension, used, planned, yellow, red in (
        ("hours", figures.hours_used, figures.hours_planned, rules.hours_yellow, rules.hours_red),
        (
            "costs",
            figures.costs_reported,
            figures.costs_budget,
            rules.costs_yellow,
            rules.costs_red,
        ),
    ):
        ratio = _share(used, planned)
        if ratio is not None:
            signals.append(Signal(dimension, _at_most(ratio, yellow, red), ratio=ratio))
    return signals


def _elapsed(figures: Figures) -> Decimal:
    if figures.start is None or figures.end is None or figures.approved_through is None:
        return Decimal(0)
    total = (figures.end - figures.start).days + 1
    done = (min(figures.approved_through, figures.end) - figures.start).days + 1
    return max(Decimal(0), min(Decimal(1), Decimal(done) / Decimal(max(total, 1))))


def outcome_signal(outcome: Outcome, elapsed: Decimal) -> Signal | None:
    """The signal of one outcome indicator, or ``None`` when it cannot be judged yet."""
    if outcome.latest is None or outcome.baseline is None:
        return None
    target, baseline, latest = outcome.target, outcome.baseline, outcome.latest
    better = outcome.higher_is_better
    if better is None and target is not None and target != baseline:
        better = target > baseline
    if better is None:
        return None
    gain = (latest - baseline) if better else (baseline - latest)
    if gain < 0:
        return Signal("outcome", Light.RED, subject=outcome.name, detail="worse")
    if target is None or target == baseline:
        return Signal("outcome", Light.GREEN, subject=outcome.name)
    progress = (latest - baseline) / (target - baseline)
    if progress < elapsed / 2:
        return Signal("outcome", Light.YELLOW, ratio=progress, subject=outcome.name, detail="slow")
    return Signal("outcome", Light.GREEN, ratio=progress, subject=outcome.name)


def _count_signals(figures: Figures, rules: Rules) -> list[Signal]:
    signals = []
    if figures.overdue_deviations or figures.open_deviations >= rules.open_deviations_yellow:
        signals.append(Signal("deviations", Light.YELLOW, count=figures.overdue_deviations or None))
    elif figures.open_deviations or figures.approved_through is not None:
        signals.append(Signal("deviations", Light.GREEN, count=figures.open_deviations))
    if figures.overdue_reports:
        red = (
            figures.overdue_reports >= rules.reports_red_count
            or figures.oldest_overdue_days > rules.reports_red_days
        )
        signals.append(
            Signal(
                "reports",
                Light.RED if red else Light.YELLOW,
                count=figures.overdue_reports,
                days=figures.oldest_overdue_days,
            )
        )
    elif figures.approved_through is not None:
        signals.append(Signal("reports", Light.GREEN, count=0))
    if figures.harm_flags:
        signals.append(Signal("harm", Light.RED, count=figures.harm_flags))
    if figures.stop_flags:
        signals.append(Signal("stop", Light.RED, count=figures.stop_flags))
    return signals


def assess(figures: Figures, rules: Rules = DEFAULT_RULES) -> Status:
    """The traffic light of one initiative with every signal behind it (see the module table)."""
    signals = _plan_signals(figures, rules)
    elapsed = _elapsed(figures)
    for outcome in figures.outcomes:
        signal = outcome_signal(outcome, elapsed)
        if signal is not None:
            signals.append(signal)
    signals.extend(_count_signals(figures, rules))
    light = max((signal.light for signal in signals), default=Light.GREY)
    return Status(light, tuple(signals))
