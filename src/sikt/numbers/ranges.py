"""Bounds on a number, with the bound written the way the user reads numbers."""

from __future__ import annotations

from decimal import Decimal

from sikt.numbers.errors import NumberError, messages
from sikt.numbers.format import format_decimal


def check_range(
    value: Decimal,
    *,
    minimum: Decimal | int | None = None,
    maximum: Decimal | int | None = None,
    language: str | None = None,
) -> Decimal:
    """``value`` if ``minimum <= value <= maximum``; else :class:`NumberError` naming the bound
    (``0`` as minimum gives "cannot be negative")."""
    if minimum is not None and value < minimum:
        if minimum == 0:
            raise NumberError(messages.NEGATIVE)
        raise NumberError(messages.below(format_decimal(minimum, language=language)))
    if maximum is not None and value > maximum:
        raise NumberError(messages.above(format_decimal(maximum, language=language)))
    return value
