"""Numbers as a Swedish reader expects them in decision material: ``1 234 568 kr``.

Thousands are separated by a no-break space (so an amount never wraps across lines), negative
amounts use the typographic minus, shares are whole percent. The same functions format the
on-screen preview, the PDF, the DOCX and the portfolio, so every medium shows the same text.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

NBSP = "\u00a0"
MINUS = "\u2212"
DASH = "–"


def number(value: float | Decimal | int | None) -> str:
    """``-1234567.8`` → ``−1 234 568`` (a dash for none)."""
    if value is None:
        return DASH
    return f"{float(value):,.0f}".replace(",", NBSP).replace("-", MINUS)


def sek(value: float | Decimal | int | None) -> str:
    """``1234567.8`` → ``1 234 568 kr``."""
    return DASH if value is None else f"{number(value)}{NBSP}kr"


def percent(value: float | None) -> str:
    """A share ``0.734`` → ``73 %``."""
    return DASH if value is None else f"{value * 100:.0f}{NBSP}%".replace("-", MINUS)


def rate(value: float) -> str:
    """A discount rate ``0.035`` → ``3,5 %`` (one decimal at most)."""
    shown = f"{value * 100:.1f}".rstrip("0").rstrip(".")
    return f"{shown}{NBSP}%".replace(".", ",").replace("-", MINUS)


def ratio(value: float | None) -> str:
    """``1.234`` → ``1,23``."""
    return DASH if value is None else f"{value:.2f}".replace(".", ",").replace("-", MINUS)


def decimal(value: Decimal | float | None) -> str:
    """An indicator value without trailing zeros: ``12.500`` → ``12,5``."""
    if value is None:
        return DASH
    text = f"{Decimal(str(value)).normalize():f}"
    return text.replace(".", ",").replace("-", MINUS)


def date(value: dt.date | None) -> str:
    return DASH if value is None else value.isoformat()


def text(value: object) -> str:
    """Free text or a dash when empty."""
    if value is None:
        return DASH
    shown = str(value).strip()
    return shown or DASH
