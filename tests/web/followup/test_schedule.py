"""The reporting calendar: windows from the plan's frequency, measurements per indicator."""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sikt.web.followup.schedule import (
    DUE_DAYS,
    calendar_windows,
    measurement_periods,
    month_fraction,
    period_share_passed,
    report_windows,
)

D = dt.date


def test_interim_reports_follow_delar_1_delar_2_and_the_annual_report() -> None:
    windows = report_windows(D(2026, 3, 15), D(2027, 6, 30), "interim")
    assert [(w.start, w.end, w.number) for w in windows] == [
        (D(2026, 3, 15), D(2026, 4, 30), 1),
        (D(2026, 5, 1), D(2026, 8, 31), 2),
        (D(2026, 9, 1), D(2026, 12, 31), 3),
        (D(2027, 1, 1), D(2027, 4, 30), 1),
        (D(2027, 5, 1), D(2027, 6, 30), 2),
    ]
    assert windows[0].due == D(2026, 4, 30) + dt.timedelta(days=DUE_DAYS)


def test_without_a_plan_reports_are_interim_reports() -> None:
    assert report_windows(D(2026, 1, 1), D(2026, 12, 31), None) == report_windows(
        D(2026, 1, 1), D(2026, 12, 31), "interim"
    )


@pytest.mark.parametrize(
    ("frequency", "count"),
    [("monthly", 36), ("bimonthly", 18), ("quarterly", 12), ("interim", 9), ("yearly", 3)],
)
def test_three_calendar_years_have_the_expected_number_of_reports(
    frequency: str, count: int
) -> None:
    assert len(report_windows(D(2026, 1, 1), D(2028, 12, 31), frequency)) == count


def test_a_monthly_indicator_in_a_quarterly_report_has_three_values() -> None:
    periods = measurement_periods(
        "monthly", D(2026, 4, 1), D(2026, 6, 30), D(2026, 2, 10), D(2027, 12, 31)
    )
    assert [(p.start, p.end) for p in periods] == [
        (D(2026, 4, 1), D(2026, 4, 30)),
        (D(2026, 5, 1), D(2026, 5, 31)),
        (D(2026, 6, 1), D(2026, 6, 30)),
    ]


def test_a_yearly_indicator_is_asked_for_in_the_report_where_the_year_ends() -> None:
    project = (D(2026, 2, 10), D(2027, 6, 30))
    asked = {
        window.end: measurement_periods("yearly", window.start, window.end, *project)
        for window in report_windows(*project, "interim")
    }
    with_values = {end: periods for end, periods in asked.items() if periods}
    assert list(with_values) == [D(2026, 12, 31), D(2027, 6, 30)]
    assert with_values[D(2026, 12, 31)][0].start == D(2026, 2, 10)


def test_start_end_indicator_is_measured_at_the_end_and_after_end_never() -> None:
    project = (D(2026, 1, 1), D(2026, 12, 31))
    windows = report_windows(*project, "quarterly")
    ends = [measurement_periods("start_end", w.start, w.end, *project) for w in windows]
    assert [len(periods) for periods in ends] == [0, 0, 0, 1]
    assert all(not measurement_periods("after_end", w.start, w.end, *project) for w in windows)


@given(
    start=st.dates(min_value=D(2020, 1, 1), max_value=D(2030, 12, 31)),
    days=st.integers(min_value=0, max_value=4 * 366),
    reporting=st.sampled_from(["monthly", "bimonthly", "quarterly", "interim", "yearly"]),
    measuring=st.sampled_from(["monthly", "quarterly", "term", "interim", "yearly"]),
)
def test_every_measurement_period_is_asked_for_exactly_once(
    start: dt.date, days: int, reporting: str, measuring: str
) -> None:
    end = start + dt.timedelta(days=days)
    asked = [
        (period.start, period.end)
        for window in report_windows(start, end, reporting)
        for period in measurement_periods(measuring, window.start, window.end, start, end)
    ]
    expected = (
        [(p.start, p.end) for p in calendar_windows(start, end, 1)]
        if (measuring == "monthly")
        else None
    )
    assert len(asked) == len(set(asked))
    if expected is not None:
        assert asked == expected
    assert all(start <= a <= b <= end for a, b in asked)


def test_windows_cover_the_project_without_gaps() -> None:
    windows = report_windows(D(2026, 2, 17), D(2028, 3, 3), "quarterly")
    assert windows[0].start == D(2026, 2, 17) and windows[-1].end == D(2028, 3, 3)
    for before, after in itertools.pairwise(windows):
        assert after.start == before.end + dt.timedelta(days=1)


def test_month_fraction_and_share_of_the_project_period_passed_on_a_day() -> None:
    assert month_fraction(D(2026, 1, 1), D(2026, 3, 31)) == 3
    assert month_fraction(D(2026, 1, 16), D(2026, 1, 31)) == Decimal(16) / Decimal(31)
    assert month_fraction(D(2026, 2, 1), D(2026, 1, 1)) == 0
    assert period_share_passed(D(2026, 1, 1), D(2026, 12, 31), D(2026, 12, 31)) == 1
    assert period_share_passed(D(2026, 1, 1), D(2026, 1, 10), D(2026, 1, 5)) == Decimal("0.5")
    assert period_share_passed(D(2026, 1, 1), D(2026, 1, 10), D(2025, 1, 5)) == 0


@given(
    st.dates(min_value=D(2020, 1, 1), max_value=D(2032, 12, 31)),
    st.integers(min_value=-40, max_value=2000),
)
def test_month_fraction_counts_each_day_as_a_share_of_its_month(start: dt.date, days: int) -> None:
    end = start + dt.timedelta(days=days)
    by_day = sum(
        (
            Fraction(1, calendar.monthrange(day.year, day.month)[1])
            for day in (start + dt.timedelta(days=n) for n in range(days + 1))
        ),
        Fraction(0),
    )
    assert abs(Fraction(month_fraction(start, end)) - by_day) < Fraction(1, 10**20)
