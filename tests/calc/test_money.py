import numpy as np
import pytest

from sikt.calc.money import discount_factors, price_factor, yearly_rates

# Hand-computed table, 3.5 %: 1/1.035 = 0.966184, 1/1.035^2 = 0.933511, 1/1.035^3 = 0.901943.
HAND_START = [1.0, 0.966184, 0.933511, 0.901943]


def test_constant_rate_start_of_year_matches_hand_table():
    assert discount_factors(0.035, 4, "start") == pytest.approx(HAND_START, abs=1e-6)


def test_end_of_year_is_one_period_later():
    assert discount_factors(0.035, 3, "end") == pytest.approx(HAND_START[1:], abs=1e-6)


def test_mid_year_is_half_a_period_later():
    # 1/1.035^0.5 = 0.982946, 1/1.035^1.5 = 0.949706
    assert discount_factors(0.035, 2, "mid") == pytest.approx([0.982946, 0.949706], abs=1e-6)


def test_schedule_applies_each_rate_in_its_year_and_keeps_the_last():
    factors = discount_factors([0.035, 0.035, 0.03], 5, "start")
    expected = [1, 1 / 1.035, 1 / 1.035**2, 1 / (1.035**2 * 1.03), 1 / (1.035**2 * 1.03**2)]
    assert factors == pytest.approx(expected)
    assert yearly_rates([0.035, 0.03], 4).tolist() == [0.035, 0.03, 0.03, 0.03]


def test_price_factor_restates_between_years_and_refuses_to_guess():
    index = {2020: 335.02, 2021: 342.44}
    assert price_factor(index, 2020, 2021) == pytest.approx(342.44 / 335.02)
    assert price_factor(index, 2019, 2021) is None
    assert price_factor({}, 2021, 2021) == 1.0


def test_zero_rate_gives_ones():
    assert np.all(discount_factors(0.0, 6, "end") == 1.0)
