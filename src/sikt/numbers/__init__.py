"""Numbers and money as Swedish users type and read them — the one parser and formatter.

Pure Python (no Django) so the cores, the command line and the web use the same rules:

* :func:`parse_number`, :func:`parse_money`, :func:`parse_percent`, :func:`parse_share`,
  :func:`parse_integer` read typed text into ``Decimal``/``int`` (see :mod:`sikt.numbers.parse`
  for the rules); :func:`check_number` checks a number from a file or JSON (finite, not huge).
* :func:`format_number`, :func:`format_money`, :func:`format_millions`,
  :func:`format_percent`, :func:`format_decimal` write them (:mod:`sikt.numbers.format`).
* Errors are :class:`NumberError` with a bilingual :class:`sikt.text.Text` ``message``.
"""

from sikt.numbers.errors import NumberError, messages
from sikt.numbers.format import (
    DASH,
    MINUS,
    NBSP,
    format_decimal,
    format_integer,
    format_millions,
    format_money,
    format_number,
    format_percent,
    format_year,
)
from sikt.numbers.language import resolve as resolve_language
from sikt.numbers.language import set_language_resolver
from sikt.numbers.parse import (
    MAX_ABS,
    check_decimals,
    check_number,
    parse_integer,
    parse_money,
    parse_number,
    parse_percent,
    parse_share,
)
from sikt.numbers.ranges import check_range

__all__ = [
    "DASH",
    "MAX_ABS",
    "MINUS",
    "NBSP",
    "NumberError",
    "check_decimals",
    "check_number",
    "check_range",
    "format_decimal",
    "format_integer",
    "format_millions",
    "format_money",
    "format_number",
    "format_percent",
    "format_year",
    "messages",
    "parse_integer",
    "parse_money",
    "parse_number",
    "parse_percent",
    "parse_share",
    "resolve_language",
    "set_language_resolver",
]
