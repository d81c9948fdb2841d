"""Personnummer and samordningsnummer: validation and keyed pseudonyms."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sikt.analysis.identity import (
    IdentityNumberError,
    luhn_check_digit,
    organisation_secret,
    parse_identity_number,
    pseudonymise,
)

TODAY = date(2026, 6, 1)
SECRET = organisation_secret("server-key-for-tests", "org-salt-a")
OTHER = organisation_secret("server-key-for-tests", "org-salt-b")


def test_skatteverkets_example_number_is_valid_in_every_notation() -> None:
    # 811218-9876 is Skatteverket's worked example of the check digit (SKV 704).
    forms = ["811218-9876", "8112189876", "198112189876", "19811218-9876", " 811218-9876 "]
    parsed = {parse_identity_number(f, today=TODAY).canonical for f in forms}
    assert parsed == {"198112189876"}
    assert parse_identity_number("811218-9876", today=TODAY).birth_date == date(1981, 12, 18)


def test_luhn_check_digit_matches_the_published_example() -> None:
    assert luhn_check_digit("811218987") == 6


def test_samordningsnummer_has_sixty_added_to_the_day() -> None:
    nine = "701083" + "123"  # born 1970-10-23 → day 83
    number = parse_identity_number(f"{nine[:6]}-{nine[6:]}{luhn_check_digit(nine)}", today=TODAY)
    assert number.is_coordination_number
    assert number.birth_date == date(1970, 10, 23)


def test_century_of_ten_digit_numbers_and_the_plus_sign() -> None:
    nine = "100101123"
    check = luhn_check_digit(nine)
    assert parse_identity_number(f"100101-123{check}", today=TODAY).canonical.startswith("2010")
    assert parse_identity_number(f"100101+123{check}", today=TODAY).canonical.startswith("1910")
    # A date later this year than today belongs to the previous century.
    late = "261231123"
    assert parse_identity_number(f"261231-123{luhn_check_digit(late)}", today=TODAY).birth_date == (
        date(1926, 12, 31)
    )


@pytest.mark.parametrize(
    ("value", "rule"),
    [
        ("811218-9875", "check digit"),
        ("811318-9870", "valid date"),
        ("810230-9870", "valid date"),
        ("811292-1234", "valid date"),  # day 92 − 60 = 32
        ("81121-89876", "form"),
        ("abc", "form"),
        ("20811218-9876", "future"),
        ("19811218+9876", "ten-digit"),
    ],
)
def test_invalid_numbers_are_refused_without_echoing_them(value: str, rule: str) -> None:
    with pytest.raises(IdentityNumberError) as info:
        parse_identity_number(value, today=TODAY)
    assert rule in info.value.message.en
    assert value.strip() not in str(info.value)
    assert value.replace("-", "")[-4:] not in str(info.value)


def test_leap_day() -> None:
    nine = "000229123"
    number = parse_identity_number(f"000229-123{luhn_check_digit(nine)}", today=TODAY)
    assert number.birth_date == date(2000, 2, 29)
    nine = "010229123"
    with pytest.raises(IdentityNumberError):
        parse_identity_number(f"20010229123{luhn_check_digit(nine)}", today=TODAY)


def test_repr_never_shows_the_number() -> None:
    number = parse_identity_number("811218-9876", today=TODAY)
    assert "9876" not in repr(number)


def test_pseudonym_is_stable_within_and_unlinkable_across_organisations() -> None:
    a = parse_identity_number("811218-9876", today=TODAY)
    b = parse_identity_number("198112189876", today=TODAY)
    assert pseudonymise(a, SECRET) == pseudonymise(b, SECRET)
    assert pseudonymise(a, SECRET) != pseudonymise(a, OTHER)
    assert "9876" not in pseudonymise(a, SECRET)
    assert len(pseudonymise(a, SECRET)) == 32
    with pytest.raises(ValueError, match="16 bytes"):
        pseudonymise(a, b"short")


@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2025, 12, 31)),
    st.integers(0, 999),
    st.booleans(),
)
def test_every_generated_number_round_trips(born: date, serial: int, coordination: bool) -> None:
    day = born.day + (60 if coordination else 0)
    nine = f"{born:%y%m}{day:02d}{serial:03d}"
    twelve = f"{born.year}{nine[2:]}{luhn_check_digit(nine)}"
    parsed = parse_identity_number(twelve, today=TODAY)
    assert parsed.birth_date == born
    assert parsed.is_coordination_number is coordination
    wrong = twelve[:-1] + str((int(twelve[-1]) + 1) % 10)
    with pytest.raises(IdentityNumberError):
        parse_identity_number(wrong, today=TODAY)
