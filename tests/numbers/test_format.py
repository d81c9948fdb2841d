"""One formatter: Swedish thousands, decimal comma, typographic minus, kr and mnkr; English when
the page is English; and every formatted figure reads back to the same value."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sikt.numbers import (
    format_decimal,
    format_millions,
    format_money,
    format_number,
    format_percent,
    parse_money,
    parse_number,
    parse_share,
    set_language_resolver,
)

NB = "\u00a0"


def test_swedish_formats():
    assert format_number(10000) == f"10{NB}000"
    assert format_money(3_000_000) == f"3{NB}000{NB}000{NB}kr"
    assert format_money(-1234567.8) == f"−1{NB}234{NB}568{NB}kr"
    assert format_money(1200.5, decimals=2) == f"1{NB}200,50{NB}kr"
    assert format_money(3_240_000, compact=True) == f"3,2{NB}mnkr"
    assert format_money(950_000, compact=True) == f"950{NB}000{NB}kr"
    assert format_millions(12_345_678) == f"12,3{NB}mnkr"
    assert format_percent(0.734) == f"73{NB}%"
    assert format_percent(0.035, decimals=1) == f"3,5{NB}%"
    assert format_percent(0.03, decimals=1, trim=True) == f"3{NB}%"
    assert format_decimal(Decimal("12.500")) == "12,5"
    assert format_number(-0.4) == "0"


def test_english_formats():
    assert format_money(3_000_000, language="en") == f"3,000,000{NB}SEK"
    assert format_millions(3_240_000, language="en") == f"3.2{NB}MSEK"
    assert format_percent(0.734, language="en") == "73%"
    assert format_number(-1.5, decimals=1, language="en") == "-1.5"


@pytest.mark.parametrize("value", [None, float("nan"), float("inf")])
def test_missing_values_show_a_dash_not_zero(value):
    assert format_money(value) == "–"
    assert format_percent(value) == "–"


def test_the_active_language_comes_from_the_resolver():
    previous = set_language_resolver(lambda: "en-gb")
    try:
        assert format_number(1234) == "1,234"
        assert parse_number("1,234") == 1234
        set_language_resolver(lambda: None)
        assert format_number(1234) == f"1{NB}234"
    finally:
        set_language_resolver(previous)


amounts = st.decimals(
    min_value=Decimal("-1e13"), max_value=Decimal("1e13"), places=2, allow_nan=False
)
languages = st.sampled_from(["sv", "en"])


@settings(deadline=None)  # timings vary on a shared machine; values do not
@given(amounts, languages)
def test_money_round_trips(value, language):
    shown = format_money(value, decimals=2, language=language)
    assert parse_money(shown, language=language) == value


@settings(deadline=None)  # timings vary on a shared machine; values do not
@given(amounts, st.integers(min_value=0, max_value=4), languages)
def test_numbers_round_trip_to_the_shown_precision(value, decimals, language):
    shown = format_number(value, decimals=decimals, language=language)
    expected = value.quantize(Decimal(1).scaleb(-decimals), rounding="ROUND_HALF_UP")
    assert parse_number(shown, language=language) == expected


@settings(deadline=None)  # timings vary on a shared machine; values do not
@given(st.decimals(min_value=-10, max_value=10, places=4, allow_nan=False), languages)
def test_shares_round_trip_through_percent(share, language):
    shown = format_percent(share, decimals=2, language=language)
    assert parse_share(shown, language=language) == share


@settings(deadline=None)  # timings vary on a shared machine; values do not
@given(st.decimals(min_value=Decimal("-1e14"), max_value=Decimal("1e14"), places=0), languages)
def test_millions_read_back_to_the_shown_value(value, language):
    shown = format_millions(value, language=language)
    expected = (value / 1_000_000).quantize(Decimal("0.1"), rounding="ROUND_HALF_UP") * 1_000_000
    assert parse_money(shown, language=language) == expected
