"""Writing numbers as a Swedish (or English) reader expects them, with Babel (CLDR data).

Why: Sikt shows the same figure on a page, in a chart, a PDF, a DOCX and a spreadsheet; one
formatter makes them all read ``3 000 000 kr`` (Swedish: no-break space between thousands so an
amount never wraps, decimal comma, typographic minus ``−``) or ``3,000,000 SEK`` in English.
Large amounts can be shown in millions (``3,2 mnkr``) where a page asks for it. ``None`` and
non-finite values are shown as a dash, so an empty cell never reads as zero.
Everything written here is read back by :mod:`sikt.numbers.parse` to the same value (tested).
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from babel import Locale
from babel import numbers as babel_numbers

from sikt.numbers.language import resolve

NBSP = "\u00a0"
MINUS = "\u2212"
DASH = "–"
#: Parsed once: a page or a report formats thousands of numbers.
LOCALES = {"sv": Locale.parse("sv_SE"), "en": Locale.parse("en_GB")}
MILLION = Decimal(1_000_000)

Number = Decimal | float | int


def _exact(value: Number | None) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    exact = value if isinstance(value, Decimal) else Decimal(str(value))
    return exact if exact.is_finite() else None


@lru_cache(maxsize=64)
def _pattern(decimals: int, trim: bool, grouping: bool) -> babel_numbers.NumberPattern:
    head = "#,##0" if grouping else "0"
    if decimals <= 0:
        return babel_numbers.parse_pattern(head)
    return babel_numbers.parse_pattern(f"{head}.{('#' if trim else '0') * decimals}")


def _digits(value: Decimal, decimals: int, trim: bool, language: str, grouping: bool) -> str:
    rounded = value.quantize(Decimal(1).scaleb(-max(decimals, 0)), rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)  # never "−0"
    text = babel_numbers.format_decimal(
        rounded,
        format=_pattern(decimals, trim, grouping),
        locale=LOCALES[language],
        decimal_quantization=False,
    )
    if language == "sv":
        text = text.replace("-", MINUS).replace("\u2212", MINUS)
    return text


def format_number(
    value: Number | None,
    *,
    decimals: int = 0,
    trim: bool = False,
    language: str | None = None,
    grouping: bool = True,
) -> str:
    """``1234567.8`` → ``1 234 568``; ``decimals=2`` → ``1 234 567,80``; ``trim=True`` drops
    trailing zeros (``12,5`` rather than ``12,50``). Rounds half up. A dash for none."""
    exact = _exact(value)
    if exact is None:
        return DASH
    return _digits(exact, decimals, trim, resolve(language), grouping)


def format_decimal(
    value: Number | None, *, max_decimals: int = 6, language: str | None = None
) -> str:
    """A measured value with as many decimals as it has (at most ``max_decimals``):
    ``Decimal('12.500')`` → ``12,5``."""
    return format_number(value, decimals=max_decimals, trim=True, language=language)


def _unit(language: str, millions: bool) -> str:
    if language == "en":
        return "MSEK" if millions else "SEK"
    return "mnkr" if millions else "kr"


def format_money(
    value: Number | None,
    *,
    decimals: int = 0,
    compact: bool = False,
    language: str | None = None,
) -> str:
    """An amount in kronor: ``3 000 000 kr`` (English ``3,000,000 SEK``).

    ``compact=True`` shows amounts of a million or more in millions with one decimal
    (``3,2 mnkr``), for headlines and charts where the exact krona is noise.
    """
    exact = _exact(value)
    if exact is None:
        return DASH
    language = resolve(language)
    if compact and abs(exact) >= MILLION:
        return format_millions(exact, language=language)
    return f"{_digits(exact, decimals, False, language, True)}{NBSP}{_unit(language, False)}"


def format_millions(value: Number | None, *, decimals: int = 1, language: str | None = None) -> str:
    """An amount in millions of kronor: ``3 240 000`` → ``3,2 mnkr`` (English ``3.2 MSEK``)."""
    exact = _exact(value)
    if exact is None:
        return DASH
    language = resolve(language)
    shown = _digits(exact / MILLION, decimals, False, language, True)
    return f"{shown}{NBSP}{_unit(language, True)}"


def format_percent(
    share: Number | None,
    *,
    decimals: int = 0,
    trim: bool = False,
    language: str | None = None,
) -> str:
    """A share as a percentage: ``0.734`` → ``73 %`` (English ``73%``); ``0.035`` with
    ``decimals=1`` → ``3,5 %``."""
    exact = _exact(share)
    if exact is None:
        return DASH
    language = resolve(language)
    shown = _digits(exact * 100, decimals, trim, language, True)
    return f"{shown}{NBSP}%" if language == "sv" else f"{shown}%"


def format_integer(value: Number | None, *, language: str | None = None) -> str:
    """A count with thousands separators: ``10000`` → ``10 000`` (``10 000 dragningar``)."""
    return format_number(value, language=language)


def format_year(value: int | None) -> str:
    """A calendar year without separators (``2027``, never ``2 027``)."""
    return DASH if value is None else str(value)
