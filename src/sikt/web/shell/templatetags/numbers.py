"""Template filters that write numbers with :mod:`sikt.numbers` in the page's language.

``{% load numbers %}`` then ``{{ value|number }}`` (``10 000``), ``{{ value|number:2 }}``,
``{{ value|decimal }}`` (as many decimals as it has), ``{{ value|amount }}`` (kronor in a column
headed SEK, öre only when present), ``{{ value|money }}`` (``3 000 000 kr``),
``{{ value|money_short }}`` (``3,2 mnkr`` from a million up), ``{{ share|percent }}`` (``73 %``),
``{{ share|percent:1 }}`` (``3,5 %``). Empty values show a dash.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from sikt import numbers

register = template.Library()


@register.filter
def number(value: Any, decimals: int = 0) -> str:
    return numbers.format_number(_value(value), decimals=int(decimals))


@register.filter
def decimal(value: Any) -> str:
    return numbers.format_decimal(_value(value))


@register.filter
def amount(value: Any) -> str:
    """An amount in a column headed SEK: whole kronor, öre only when there are any."""
    exact = _value(value)
    if exact is None:
        return numbers.DASH
    decimals = 0 if Decimal(str(exact)) == Decimal(str(exact)).to_integral_value() else 2
    return numbers.format_number(exact, decimals=decimals)


@register.filter
def money(value: Any, decimals: int = 0) -> str:
    return numbers.format_money(_value(value), decimals=int(decimals))


@register.filter
def money_short(value: Any) -> str:
    return numbers.format_money(_value(value), compact=True)


@register.filter
def percent(value: Any, decimals: int = 0) -> str:
    return numbers.format_percent(_value(value), decimals=int(decimals), trim=True)


def _value(value: Any) -> Any:
    """Numbers pass; empty strings and other objects become ``None`` (a dash)."""
    if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
        return value
    return None
