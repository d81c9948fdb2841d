"""Swedish personal identity numbers: validation and keyed pseudonyms.

Individual-level data (placements, interventions) arrives with *personnummer* or
*samordningsnummer*. Sikt validates each number and replaces it at once by a keyed pseudonym:
HMAC-SHA256 (RFC 2104) of the canonical twelve-digit number under the organisation's secret.
The same person gets the same pseudonym within one organisation (so events link into a
trajectory) while pseudonyms of two organisations cannot be linked without both secrets. The
clear number is never returned, stored or put in an error message: errors name the row and the
rule broken, never the number.

Rules (Skatteverket, SKV 704 "Personnummer" and SKV 707 "Samordningsnummer"):

* ten digits ``YYMMDD-NNNC`` (``+`` instead of ``-`` from the year the person turns 100) or
  twelve digits ``YYYYMMDDNNNC``, with or without the separator;
* the date must exist; a *samordningsnummer* has 60 added to the day (61–91);
* ``C`` is the Luhn (mod 10) check digit over the ten digits ``YYMMDDNNN``.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import date

from sikt.text import Text

_PATTERN = re.compile(r"^(\d{2})?(\d{2})(\d{2})(\d{2})([-+]?)(\d{3})(\d)$")
SAMORDNINGSNUMMER_DAY_OFFSET = 60
#: Hex characters kept of the HMAC digest: 128 bits, collisions negligible for any register.
PSEUDONYM_LENGTH = 32


class IdentityNumberError(ValueError):
    """The value is not a valid personnummer or samordningsnummer (never echoes the value)."""

    def __init__(self, message: Text) -> None:
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True, slots=True)
class IdentityNumber:
    """A validated number in canonical twelve-digit form ``YYYYMMDDNNNC``."""

    canonical: str
    birth_date: date
    is_coordination_number: bool

    def __repr__(self) -> str:  # never print the number itself
        return "IdentityNumber(<redacted>)"


def luhn_check_digit(nine_digits: str) -> int:
    """The Luhn check digit for ``YYMMDDNNN`` (weights 2, 1, 2, … from the left)."""
    total = 0
    for index, char in enumerate(nine_digits):
        product = int(char) * (2 if index % 2 == 0 else 1)
        total += product - 9 if product > 9 else product
    return (10 - total % 10) % 10


def _fail(sv: str, en: str) -> IdentityNumberError:
    return IdentityNumberError(Text(sv, en))


def _century(yy: int, month: int, day: int, separator: str, today: date) -> int:
    """Full year for a ten-digit number: the latest year ≤ today, 100 years earlier for '+'."""
    year = today.year - (today.year - yy) % 100
    try:
        if date(year, month, day) > today:
            year -= 100
    except ValueError:
        # 29 February in a year that is not a leap year: try the century before.
        year -= 100
    if separator == "+":
        year -= 100
    return year


def parse_identity_number(value: str, *, today: date | None = None) -> IdentityNumber:
    """Validate ``value`` and return it in canonical form; raise :class:`IdentityNumberError`.

    ``today`` decides the century of a ten-digit number (default: the current date).
    """
    text = value.strip().replace(" ", "")
    match = _PATTERN.match(text)
    if match is None:
        raise _fail(
            "ska ha formen ÅÅMMDD-NNNN eller ÅÅÅÅMMDDNNNN",
            "must have the form YYMMDD-NNNN or YYYYMMDDNNNN",
        )
    century, yy, mm, dd, separator, serial, check = match.groups()
    if century is not None and separator == "+":
        raise _fail(
            "plustecken används bara i tiosiffrig form", "'+' is used only in the ten-digit form"
        )
    month, day = int(mm), int(dd)
    coordination = day > SAMORDNINGSNUMMER_DAY_OFFSET
    real_day = day - SAMORDNINGSNUMMER_DAY_OFFSET if coordination else day
    reference = today or date.today()
    year = (
        int(century + yy)
        if century is not None
        else _century(int(yy), month, real_day, separator, reference)
    )
    try:
        birth = date(year, month, real_day)
    except ValueError:
        raise _fail(
            "datumdelen är inget giltigt datum", "the date part is not a valid date"
        ) from None
    if birth > reference:
        raise _fail("födelsedatumet ligger i framtiden", "the birth date is in the future")
    if luhn_check_digit(yy + mm + dd + serial) != int(check):
        raise _fail("kontrollsiffran stämmer inte", "the check digit is wrong")
    return IdentityNumber(f"{year:04d}{mm}{dd}{serial}{check}", birth, coordination)


def pseudonymise(number: IdentityNumber, secret: bytes) -> str:
    """The organisation's keyed pseudonym of ``number`` (HMAC-SHA256, RFC 2104, hex, 128 bits)."""
    if len(secret) < 16:
        raise ValueError("the pseudonymisation secret must be at least 16 bytes")
    digest = hmac.new(secret, number.canonical.encode("ascii"), hashlib.sha256).hexdigest()
    return digest[:PSEUDONYM_LENGTH]


def organisation_secret(master_key: str, organisation_salt: str) -> bytes:
    """An organisation's pseudonymisation secret derived from the server key and its own salt.

    Both are needed: the salt (stored with the organisation) keeps two organisations'
    pseudonyms unlinkable, the server key (never in the database) keeps a database copy alone
    from being enough to test candidate numbers against stored pseudonyms.
    """
    return hmac.new(
        master_key.encode("utf-8"),
        b"sikt-pseudonym-v1:" + organisation_salt.encode("utf-8"),
        hashlib.sha256,
    ).digest()
