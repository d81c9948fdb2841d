"""Öre ↔ kronor at the fund's boundaries: forms read kronor, the ledger keeps integer öre."""

from __future__ import annotations

from decimal import Decimal

from sikt import numbers

HUNDRED = Decimal(100)


def to_ore(kronor: Decimal) -> int:
    """``Decimal('1200000.50')`` → ``120000050``; more than two decimals is a programming error
    (the money fields allow at most öre)."""
    ore = kronor * HUNDRED
    if ore != ore.to_integral_value():
        raise ValueError(f"{kronor} has fractions of an öre")
    return int(ore)


def to_kronor(ore: int) -> Decimal:
    return Decimal(ore) / HUNDRED


def kr(ore: int | None) -> str:
    """``120000050`` → ``1 200 000,50 kr``; whole kronor without decimals (``3 000 000 kr``)."""
    if ore is None:
        return numbers.DASH
    return numbers.format_money(to_kronor(ore), decimals=0 if ore % 100 == 0 else 2)
