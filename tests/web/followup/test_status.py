"""The one status function: each dimension's rule, the worst signal wins, reasons in words."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sikt.web.followup.status import Figures, Light, Outcome, assess, outcome_signal

TODAY = dt.date(2027, 1, 20)
BASE = {
    "today": TODAY,
    "start": dt.date(2026, 1, 1),
    "end": dt.date(2028, 12, 31),
    "approved_through": dt.date(2026, 12, 31),
}


def _figures(**values: object) -> Figures:
    return Figures(**{**BASE, **values})  # type: ignore[arg-type]


def test_nothing_approved_is_grey() -> None:
    status = assess(Figures(today=TODAY))
    assert status.light == Light.GREY and status.reasons == ()


def test_on_plan_is_green() -> None:
    status = assess(
        _figures(
            activities_planned=Decimal(100),
            activities_done=Decimal(95),
            reach_planned=Decimal(10),
            reach_actual=Decimal(9),
        )
    )
    assert status.light == Light.GREEN and status.reasons == ()


@pytest.mark.parametrize(
    ("actual", "light"),
    [
        ("80", Light.GREEN),
        ("79.9", Light.YELLOW),
        ("62", Light.YELLOW),
        ("50", Light.YELLOW),
        ("49.9", Light.RED),
    ],
)
def test_reach_thresholds(actual: str, light: Light) -> None:
    status = assess(_figures(reach_planned=Decimal(100), reach_actual=Decimal(actual)))
    assert status.light == light


def test_yellow_reach_gives_its_share_as_the_reason() -> None:
    status = assess(_figures(reach_planned=Decimal(50), reach_actual=Decimal(31)))
    (reason,) = status.reasons
    assert (reason.dimension, reason.light, reason.ratio) == (
        "reach",
        Light.YELLOW,
        Decimal("0.62"),
    )


@pytest.mark.parametrize(
    ("used", "light"), [("125", Light.GREEN), ("126", Light.YELLOW), ("151", Light.RED)]
)
def test_hours_over_plan(used: str, light: Light) -> None:
    assert assess(_figures(hours_planned=Decimal(100), hours_used=Decimal(used))).light == light


@pytest.mark.parametrize(
    ("reported", "light"), [("110", Light.GREEN), ("111", Light.YELLOW), ("126", Light.RED)]
)
def test_costs_over_budget(reported: str, light: Light) -> None:
    status = assess(_figures(costs_budget=Decimal(100), costs_reported=Decimal(reported)))
    assert status.light == light


def test_no_budget_means_costs_are_not_judged() -> None:
    status = assess(_figures(costs_budget=None, costs_reported=Decimal(10)))
    assert all(signal.dimension != "costs" for signal in status.signals)


def test_outcome_worse_than_baseline_is_red_even_if_lower_is_better() -> None:
    outcome = Outcome("Placeringar", Decimal(22), Decimal(16), False, Decimal(23))
    signal = outcome_signal(outcome, Decimal("0.3"))
    assert signal is not None and (signal.light, signal.detail) == (Light.RED, "worse")


def test_outcome_behind_the_time_proportional_path_is_yellow() -> None:
    # Halfway through the project, 20 % of the way to the target: below half of 50 %.
    outcome = Outcome("Läsförmåga", Decimal(60), Decimal(80), True, Decimal(64))
    signal = outcome_signal(outcome, Decimal("0.5"))
    assert signal is not None and signal.light == Light.YELLOW
    assert signal.ratio == Decimal("0.2")
    on_track = Outcome("Läsförmåga", Decimal(60), Decimal(80), True, Decimal(66))
    assert outcome_signal(on_track, Decimal("0.5")).light == Light.GREEN  # type: ignore[union-attr]


def test_outcome_direction_comes_from_the_target_when_not_given() -> None:
    outcome = Outcome("Frånvaro", Decimal(10), Decimal(5), None, Decimal(12))
    assert outcome_signal(outcome, Decimal(0)).light == Light.RED  # type: ignore[union-attr]


def test_outcome_without_value_or_baseline_is_not_judged() -> None:
    assert outcome_signal(Outcome("x", None, Decimal(1), True, Decimal(1)), Decimal(0)) is None
    assert outcome_signal(Outcome("x", Decimal(1), Decimal(2), True, None), Decimal(0)) is None


def test_overdue_reports_yellow_then_red() -> None:
    assert assess(_figures(overdue_reports=1, oldest_overdue_days=5)).light == Light.YELLOW
    assert assess(_figures(overdue_reports=1, oldest_overdue_days=31)).light == Light.RED
    assert assess(_figures(overdue_reports=2, oldest_overdue_days=1)).light == Light.RED


def test_deviations_past_their_date_are_yellow() -> None:
    assert assess(_figures(open_deviations=1, overdue_deviations=1)).light == Light.YELLOW
    assert assess(_figures(open_deviations=3)).light == Light.YELLOW
    assert assess(_figures(open_deviations=2)).light == Light.GREEN


def test_an_unhandled_harm_flag_is_red_whatever_else() -> None:
    status = assess(
        _figures(reach_planned=Decimal(10), reach_actual=Decimal(10), harm_flags=1, stop_flags=1)
    )
    assert status.light == Light.RED
    assert {signal.dimension for signal in status.reasons} == {"harm", "stop"}


shares = st.decimals(min_value=0, max_value=3, places=2)


@given(reach=shares, activities=shares, hours=shares, costs=shares)
def test_the_light_is_the_worst_signal(
    reach: Decimal, activities: Decimal, hours: Decimal, costs: Decimal
) -> None:
    status = assess(
        _figures(
            reach_planned=Decimal(1),
            reach_actual=reach,
            activities_planned=Decimal(1),
            activities_done=activities,
            hours_planned=Decimal(1),
            hours_used=hours,
            costs_budget=Decimal(1),
            costs_reported=costs,
        )
    )
    assert status.light == max(signal.light for signal in status.signals)
    assert all(reason.light == status.light for reason in status.reasons)
