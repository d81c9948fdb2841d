"""Reading numbers as a Swedish (or English) user types them, into exact ``Decimal``.

Why: a coordinator types ``1 200 000``, pastes ``1 200 000,50`` from a document (no-break or
thin spaces between the thousands), or ``−5`` with the typographic minus that Word and Sikt's own
pages produce. One parser decides what such text means, for every form, import and command, so a
figure means the same wherever it is typed. The rules (documented in docs/anvandarguide.md,
"Tal och filer"):

* Spaces of every kind (space, U+00A0 no-break, U+202F narrow no-break, U+2009 thin, U+2007
  figure space) separate thousands; each group after the first has exactly three digits.
* Swedish (the default): the decimal separator is a comma *or* a point — ``1,5`` and ``1.5`` are
  both one and a half. A point is never a thousands separator: ``1.200.000`` and ``1.200,50``
  are refused with a hint, because ``1.200`` would otherwise silently mean either 1.2 or 1200.
* English: the decimal separator is a point and a comma separates thousands (``1,200,000.50``),
  so a figure shown on an English page can be submitted back unchanged; ``1,5`` is refused.
* Signs: ``-``, ``−`` (U+2212), ``–`` (an en dash, what Word makes of a typed minus) and ``+``.
* Exponents as Excel writes them (``1,5E+06``) are read, then checked like any other value.
* NaN, infinity, and values beyond :data:`MAX_ABS` (``1e308``, a 5,000-digit integer) are refused
  with a message saying so, never turned into ``inf`` or an overflow further on.
* Units: money may end in ``kr``, ``SEK`` or ``:-`` and be scaled by ``tkr`` (thousands) or
  ``mnkr``/``Mkr``/``MSEK`` (millions); a percentage may end in ``%``.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from sikt.numbers.errors import NumberError, messages
from sikt.numbers.language import resolve

MAX_ABS = Decimal("1e15")
"""Largest magnitude any number may have: a thousand billion kronor is far above any municipal
budget, and every value below it fits a ``Decimal(18, 2)``, a float and a spreadsheet cell."""

MAX_TEXT = 100
"""Longest text read as a number; longer input is refused before any work is done."""

SPACES = "\u0020\u00a0\u202f\u2009\u2007\u200a\u2008\u2006\u2005\u2004\u2003\u2002"
MINUS_SIGNS = "-\u2212\u2013"
_SPACE_RUN = re.compile(f"[{SPACES}]+")
_NOT_FINITE = re.compile(r"^[+\-−–]?\s*(nan|inf|infinity|oändligt|∞)$", re.IGNORECASE)
_EXPONENT = re.compile(r"^(?P<body>.*?)[eE](?P<exp>[+\-−–]?\d{1,4})$")

MONEY_UNITS: dict[str, Decimal] = {
    "kr": Decimal(1),
    "kr.": Decimal(1),
    "kronor": Decimal(1),
    "sek": Decimal(1),
    ":-": Decimal(1),
    "tkr": Decimal(1000),
    "tsek": Decimal(1000),
    "mnkr": Decimal(1_000_000),
    "mkr": Decimal(1_000_000),
    "msek": Decimal(1_000_000),
    "mn kr": Decimal(1_000_000),
    "miljoner kronor": Decimal(1_000_000),
}
PERCENT_UNITS: dict[str, Decimal] = {"%": Decimal(1), "procent": Decimal(1), "percent": Decimal(1)}


def _split_unit(text: str, units: dict[str, Decimal]) -> tuple[str, Decimal]:
    lowered = text.lower()
    for unit in sorted(units, key=len, reverse=True):
        if lowered.endswith(unit):
            head = text[: len(text) - len(unit)].rstrip()
            if head and (unit[0] in "%:" or not head[-1].isalpha()):
                return head, units[unit]
    return text, Decimal(1)


def _digits(body: str, original: str, language: str) -> str:
    """``1 200 000,50`` → ``1200000.50`` by the language's rules, or :class:`NumberError`."""
    english = language.lower().startswith("en")
    if not re.fullmatch(r"[\d ,.]+", body):
        raise NumberError(messages.not_a_number(original))
    if english:
        if body.count(".") > 1:
            raise NumberError(messages.not_a_number(original))
        whole, _sep, fraction = body.partition(".")
        groups = re.split(r"[ ,]", whole)
        if "," in whole and any(len(g) != 3 for g in groups[1:]):
            raise NumberError(messages.comma_in_english(original), "format")
    else:
        separators = body.count(",") + body.count(".")
        if "," in body and "." in body:
            raise NumberError(messages.mixed_separators(original), "format")
        if separators > 1:
            raise NumberError(messages.point_grouping(original), "format")
        whole, _sep, fraction = body.replace(",", ".").partition(".")
        groups = whole.split(" ")
    if len(groups) > 1 and (not 1 <= len(groups[0]) <= 3 or any(len(g) != 3 for g in groups[1:])):
        raise NumberError(messages.bad_grouping(original), "format")
    whole = "".join(groups)
    if (
        not (whole or fraction)
        or not re.fullmatch(r"\d*", whole)
        or not re.fullmatch(r"\d*", fraction)
    ):
        raise NumberError(messages.not_a_number(original))
    return f"{whole or '0'}.{fraction}" if fraction else whole or "0"


def _parse(
    text: str,
    *,
    language: str | None,
    units: dict[str, Decimal] | None,
    max_abs: Decimal,
) -> tuple[Decimal, Decimal]:
    """The number typed and the unit's scale (``tkr`` → 1000), both unchecked for decimals."""
    if not isinstance(text, str):
        raise TypeError("parse_number reads text; use check_number for numbers")
    language = resolve(language)
    stripped = text.strip()
    if not stripped:
        raise NumberError(messages.EMPTY)
    if len(stripped) > MAX_TEXT:
        digits_only = re.fullmatch(rf"[{SPACES}+\-−–\d.,]+", stripped)
        if digits_only:
            raise NumberError(messages.too_large(max_abs), "too_large")
        raise NumberError(messages.too_long(), "too_long")
    compact = _SPACE_RUN.sub(" ", stripped)
    if _NOT_FINITE.match(compact.replace(" ", "")):
        raise NumberError(messages.NOT_FINITE, "not_finite")
    scale = Decimal(1)
    if units:
        compact, scale = _split_unit(compact, units)
    sign = ""
    if compact[:1] in MINUS_SIGNS + "+":
        sign = "-" if compact[0] in MINUS_SIGNS else ""
        compact = compact[1:].lstrip()
    exponent = ""
    match = _EXPONENT.match(compact)
    if match and match.group("body"):
        compact = match.group("body").rstrip()
        exponent = "e" + match.group("exp").translate({0x2212: "-", 0x2013: "-"})
    number = _digits(compact, text.strip(), language)
    try:
        value = Decimal(f"{sign}{number}{exponent}") * scale
    except InvalidOperation:
        raise NumberError(messages.not_a_number(text.strip())) from None
    value = check_number(value, max_abs=max_abs)
    if value == value.to_integral_value():
        value = value.quantize(Decimal(1))  # 8,3 mnkr and 8 300 000,00 are whole kronor
    return value, scale


def check_number(value: Decimal | float | int, *, max_abs: Decimal = MAX_ABS) -> Decimal:
    """A number from a file cell, a JSON/YAML value or a computation, as a finite ``Decimal``
    no larger than ``max_abs``; :class:`NumberError` (with the rule in both languages) otherwise.

    Booleans are refused: YAML reads ``yes`` as ``True``, which is not an amount.
    """
    if isinstance(value, bool):
        raise NumberError(messages.not_a_number(str(value)))
    if isinstance(value, int) and value.bit_length() > 64:
        raise NumberError(messages.too_large(max_abs), "too_large")
    try:
        exact = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise NumberError(messages.not_a_number(str(value))) from None
    if not exact.is_finite():
        raise NumberError(messages.NOT_FINITE, "not_finite")
    if abs(exact) > max_abs:
        raise NumberError(messages.too_large(max_abs), "too_large")
    return exact


def check_decimals(value: Decimal, max_decimals: int | None) -> Decimal:
    """``value`` if it has at most ``max_decimals`` decimals; else :class:`NumberError`."""
    if max_decimals is None or value == 0:
        return value
    exponent = value.normalize().as_tuple().exponent
    if isinstance(exponent, int) and -exponent > max_decimals:
        raise NumberError(messages.too_many_decimals(max_decimals), "decimals")
    return value


def parse_number(
    text: str,
    *,
    language: str | None = None,
    max_decimals: int | None = None,
    max_abs: Decimal = MAX_ABS,
) -> Decimal:
    """A plain number (``1 200 000,50``, ``−5``, ``1.5``) as an exact ``Decimal``.

    ``language`` ("sv" or "en"; default: the active language, see
    :func:`sikt.numbers.set_language_resolver`) decides which separators mean what.
    Raises :class:`NumberError` with a bilingual message.
    """
    value, _scale = _parse(text, language=language, units=None, max_abs=max_abs)
    return check_decimals(value, max_decimals)


def parse_money(
    text: str,
    *,
    language: str | None = None,
    max_decimals: int | None = 2,
    max_abs: Decimal = MAX_ABS,
) -> Decimal:
    """An amount in kronor: ``3 000 000 kr``, ``1 200,50``, ``3,2 mnkr`` (= 3 200 000),
    ``450 tkr``. At most ``max_decimals`` decimals (öre) after scaling."""
    value, _scale = _parse(text, language=language, units=MONEY_UNITS, max_abs=max_abs)
    return check_decimals(value, max_decimals)


def parse_percent(
    text: str,
    *,
    language: str | None = None,
    max_decimals: int | None = None,
    max_abs: Decimal = MAX_ABS,
) -> Decimal:
    """A percentage as typed, with or without ``%``: ``3,5 %`` → ``Decimal('3.5')``."""
    value, _scale = _parse(text, language=language, units=PERCENT_UNITS, max_abs=max_abs)
    return check_decimals(value, max_decimals)


def parse_share(
    text: str,
    *,
    language: str | None = None,
    max_decimals: int | None = None,
) -> Decimal:
    """A share typed as a percentage: ``12,5 %`` or ``12,5`` → ``Decimal('0.125')``.

    ``max_decimals`` counts the decimals of the percentage as typed (``12,5`` has one).
    """
    percent = parse_percent(text, language=language, max_decimals=max_decimals)
    return percent / 100


def parse_integer(text: str, *, language: str | None = None, max_abs: Decimal = MAX_ABS) -> int:
    """A whole number (``10 000``); a fraction is refused, not rounded."""
    value = parse_number(text, language=language, max_abs=max_abs)
    if value != value.to_integral_value():
        raise NumberError(messages.NOT_INTEGER)
    return int(value)
