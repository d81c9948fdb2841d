"""The Green Book's declining long-term discount rate, entered as a schedule, gives its factors.

HM Treasury, *The Green Book* (2003; 2022 edition annex A6), table "The declining long term
discount rate": 3.5 % for years 0–30, 3.0 % for 31–75, 2.5 % for 76–125, 2.0 % for 126–200,
1.5 % for 201–300 and 1.0 % beyond; "the 3.5 % rate should be applied to all costs and benefits
up to and including the 30th year", so the factor of year 31 is ``1/(1.035^30 × 1.03)``.
The expected factors are computed here from that published rule in closed form (independently of
``sikt.calc.money``) and, rounded, are the worked example in ``docs/metod/kalkyl.md`` §1.
"""

from __future__ import annotations

import pytest

from sikt.calc import load_case, run_deterministic
from sikt.calc.money import discount_factors

#: (last year of the band, rate) — the Green Book's table.
BANDS = [(30, 0.035), (75, 0.030), (125, 0.025), (200, 0.020), (300, 0.015), (10**9, 0.010)]
#: Sikt's schedule for a 100-year horizon: entry s is the rate from year s to s + 1.
SCHEDULE = [0.035] * 30 + [0.03] * 45 + [0.025] * 25
#: The worked example of docs/metod/kalkyl.md (four decimals).
DOCUMENTED = {
    0: 1.0,
    1: 0.9662,
    10: 0.7089,
    20: 0.5026,
    30: 0.3563,
    31: 0.3459,
    40: 0.2651,
    50: 0.1973,
    75: 0.0942,
    76: 0.0919,
    100: 0.0508,
}


def green_book_factor(year: int) -> float:
    """``Π_bands (1 + r)^−(years of the band up to year)``: each year's discounting uses the
    rate of the band the year falls in (year 30 in the first band, year 31 in the second)."""
    factor, previous = 1.0, 0
    for last, rate in BANDS:
        years = max(0, min(year, last) - previous)
        factor /= (1 + rate) ** years
        previous = last
    return factor


def test_schedule_reproduces_the_green_book_factors_year_by_year():
    factors = discount_factors(SCHEDULE, 101)
    for year in range(101):
        assert factors[year] == pytest.approx(green_book_factor(year), rel=1e-12), year


def test_the_documented_worked_example():
    factors = discount_factors(SCHEDULE, 101)
    assert {year: round(float(factors[year]), 4) for year in DOCUMENTED} == DOCUMENTED


def test_a_case_with_the_schedule_discounts_a_saving_in_year_40(case_dict, library):
    # 1 000 000 kr avoided in year 40 (calendar year 2065) is worth 265 105 kr in 2025. The
    # ramp-up is 0 for years 0–39 and, missing after that, 1 in year 40 (the documented default);
    # the hand-checked test case has no optimism bias.
    data = case_dict(horizon_years=41, discounting={"schedule": SCHEDULE[:41]}, costs=[])
    data["unit_costs"][0]["amount"] = 1_000_000
    data["outcomes"][0].update(effect=1, ramp_up=[0] * 40, duration_years=1)
    data["outcomes"][0]["valuation"][0]["quantity"] = 1
    benefit = run_deterministic(load_case(data), library).perspective("sn").pv_benefits
    assert benefit == pytest.approx(1_000_000 * green_book_factor(40), rel=1e-12)
    assert round(benefit) == 265_105


def test_a_short_schedule_keeps_its_last_rate():
    assert discount_factors([0.035, 0.03], 4) == pytest.approx(
        [1, 1 / 1.035, 1 / (1.035 * 1.03), 1 / (1.035 * 1.03**2)]
    )
