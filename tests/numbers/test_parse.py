"""What a Swedish user types is read as the number they mean; everything else is refused with a
message saying why (never NaN, infinity or an overflow further on)."""

from decimal import Decimal

import pytest

from sikt.numbers import (
    NumberError,
    check_number,
    parse_integer,
    parse_money,
    parse_number,
    parse_percent,
    parse_share,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 200 000", "1200000"),
        ("1\u00a0200\u00a0000,50", "1200000.50"),
        ("1\u202f200\u202f000", "1200000"),
        ("1\u2009200", "1200"),
        ("  42  ", "42"),
        ("1,5", "1.5"),
        ("1.5", "1.5"),
        ("−5", "-5"),
        ("-5", "-5"),
        ("– 5", "-5"),
        ("+7", "7"),
        (",5", "0.5"),
        ("1200000", "1200000"),
        ("1,5E+06", "1500000"),
        ("2e3", "2000"),
        ("0", "0"),
    ],
)
def test_swedish_input_is_read_as_meant(text, expected):
    assert parse_number(text) == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1,200,000.50", "1200000.50"), ("1 200", "1200"), ("1.5", "1.5"), ("−3", "-3")],
)
def test_english_input_uses_comma_for_thousands(text, expected):
    assert parse_number(text, language="en") == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "Ange ett tal"),
        ("abc", "är inte ett tal"),
        ("1.200.000", "flera skiljetecken"),
        ("1,200,000", "flera skiljetecken"),
        ("1.200,50", "blandar punkt och komma"),
        ("12 34", "tre siffror"),
        ("nan", "ändligt"),
        ("NaN", "ändligt"),
        ("inf", "ändligt"),
        ("-Infinity", "ändligt"),
        ("∞", "ändligt"),
        ("1e308", "för stort"),
        ("9" * 5000, "för stort"),
        ("1" * 17, "för stort"),
        ("x" * 500, "för lång"),
        ("5 kr", "är inte ett tal"),
        ("1e99999", "är inte ett tal"),
    ],
)
def test_unreadable_or_unreasonable_input_is_refused_with_a_reason(text, says):
    with pytest.raises(NumberError) as caught:
        parse_number(text)
    assert says in caught.value.message.sv
    assert caught.value.message.en


def test_english_refuses_a_decimal_comma_with_a_hint():
    with pytest.raises(NumberError) as caught:
        parse_number("1,5", language="en")
    assert "point (1.5)" in caught.value.message.en


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3 000 000 kr", "3000000"),
        ("3000000kr", "3000000"),
        ("1 200,50 kr", "1200.50"),
        ("3,2 mnkr", "3200000"),
        ("3,2 Mkr", "3200000"),
        ("2 MSEK", "2000000"),
        ("450 tkr", "450000"),
        ("100:-", "100"),
        ("250 SEK", "250"),
    ],
)
def test_money_accepts_kronor_and_scaled_units(text, expected):
    assert parse_money(text) == Decimal(expected)


def test_money_refuses_fractions_of_an_ore():
    with pytest.raises(NumberError, match="Högst 2 decimaler"):
        parse_money("10,505")


def test_percent_and_share():
    assert parse_percent("3,5 %") == Decimal("3.5")
    assert parse_percent("3,5") == Decimal("3.5")
    assert parse_share("12,5 %") == Decimal("0.125")
    assert parse_share("100") == Decimal(1)


def test_integer_refuses_fractions():
    assert parse_integer("10 000") == 10000
    with pytest.raises(NumberError, match="heltal"):
        parse_integer("1,5")


@pytest.mark.parametrize(
    "value",
    [float("nan"), float("inf"), -float("inf"), 1e308, 10**5000, True],
    ids=["nan", "inf", "-inf", "1e308", "5000 digits", "bool"],
)
def test_numbers_from_files_are_checked_too(value):
    with pytest.raises(NumberError):
        check_number(value)


def test_numbers_from_files_pass_when_reasonable():
    assert check_number(0.1) == Decimal("0.1")
    assert check_number(12) == Decimal(12)


@pytest.mark.parametrize("text", ["8300000", "8 300 000", "8 300 000,00 kr", "8,3 mnkr"])
def test_a_whole_amount_keeps_no_decimal_places(text):
    """Django's DecimalValidator counts ``8300000.0`` as one decimal, so a whole-krona model
    field (``decimal_places=0``) refused a plain ``8300000`` typed into the project plan."""
    from django.core.validators import DecimalValidator

    value = parse_money(text)
    assert value == Decimal(8_300_000)
    DecimalValidator(max_digits=14, decimal_places=0)(value)
