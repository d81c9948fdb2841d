"""Uncertain numbers as short text in the case builder, and back.

Why: the applicant types many yearly values; each may be a number or a distribution
(``docs/metod/kalkyl-filformat.md``: *tal eller fördelning*). One compact notation keeps the
forms small and shows every value in one field:

* ``2400000`` — a fixed number, read by :func:`sikt.numbers.parse_number` (``2 400 000``,
  ``0,15``, ``−5``; NaN, infinity and huge values are refused)
* ``2200000..2800000`` — uniform between low and high
* ``2200000..2400000..2800000`` — triangular low, most likely, high
* ``pert:0.08..0.15..0.25`` — PERT low, most likely, high
* ``normal:100..15`` — normal with mean and standard deviation; ``lognormal:`` likewise

Each year has its own field in the forms. The text is turned into the case's JSON, which
``sikt.calc`` validates (e.g. low < high).
"""

from __future__ import annotations

from typing import Any

from sikt.numbers import NBSP, NumberError, format_decimal, parse_number
from sikt.text import Text

NAMED = {"uniform": 2, "triangular": 3, "pert": 3, "normal": 2, "lognormal": 2}


class NotationError(ValueError):
    """The text is not a number or distribution in the builder's notation; ``reason`` says
    why when one of its numbers is unreadable or unreasonable (NaN, too large …)."""

    def __init__(self, text: str, reason: Text | None = None) -> None:
        self.reason = reason
        super().__init__(text)


class NumberSizeError(NotationError):
    """A number that is NaN, infinite or larger than the bound (10^15, as ``sikt.calc``'s)."""


def _number(text: str) -> float:
    try:
        return float(parse_number(text))
    except NumberError as error:
        if error.code in {"not_finite", "too_large", "too_long"}:
            raise NumberSizeError(text, error.message) from None
        raise NotationError(text, None if error.code == "invalid" else error.message) from None


def _short(value: float) -> str:
    """``2400000.0`` → ``2 400 000``, ``0.15`` → ``0,15`` (read back by :func:`_number`)."""
    return format_decimal(value, max_decimals=10).replace(NBSP, " ")


def parse_value(text: str) -> float | dict[str, Any]:
    """One number or distribution → the case's JSON form."""
    text = text.strip()
    if not text:
        raise NotationError(text)
    dist = ""
    if ":" in text:
        dist, text = (part.strip() for part in text.split(":", 1))
        dist = dist.lower()
        if dist not in NAMED:
            raise NotationError(dist)
    parts = [_number(p) for p in text.split("..")]
    if not dist:
        dist = {1: "fixed", 2: "uniform", 3: "triangular"}.get(len(parts), "")
        if not dist:
            raise NotationError(text)
        if dist == "fixed":
            return parts[0]
    if dist in NAMED and len(parts) != NAMED[dist]:
        raise NotationError(text)
    if dist in {"normal", "lognormal"}:
        return {"dist": dist, "mean": parts[0], "sd": parts[1]}
    if dist == "uniform":
        return {"dist": dist, "low": parts[0], "high": parts[1]}
    return {"dist": dist, "low": parts[0], "mode": parts[1], "high": parts[2]}


def format_value(value: Any) -> str:
    """The case's JSON form of a number or distribution → the notation."""
    if isinstance(value, int | float):
        return _short(float(value))
    dist = value.get("dist", "fixed")
    if dist == "fixed":
        return _short(value["value"])
    if dist in {"normal", "lognormal"}:
        return f"{dist}:{_short(value['mean'])}..{_short(value['sd'])}"
    if dist == "uniform":
        return f"{_short(value['low'])}..{_short(value['high'])}"
    body = f"{_short(value['low'])}..{_short(value['mode'])}..{_short(value['high'])}"
    return body if dist == "triangular" else f"{dist}:{body}"


def lowest(value: float | dict[str, Any]) -> float:
    """The smallest value the input can take (for rules such as "no negative cost")."""
    if isinstance(value, int | float):
        return float(value)
    if value["dist"] == "normal":  # practical range: mean ± 3 sd unless bounded
        return float(value.get("low", value["mean"] - 3 * value["sd"]))
    if value["dist"] == "lognormal":
        return 0.0
    return float(value["low"])


def highest(value: float | dict[str, Any]) -> float:
    """The largest value the input can take (for rules such as "share at most 100 %")."""
    if isinstance(value, int | float):
        return float(value)
    if value["dist"] in {"normal", "lognormal"}:
        return float(value.get("high", value["mean"] + 3 * value["sd"]))
    return float(value["high"])


def scale(value: float | dict[str, Any], factor: float) -> float | dict[str, Any]:
    """The same number or distribution in other units (per cent ↔ share: 100 or 0.01)."""
    if isinstance(value, int | float):
        return round(float(value) * factor, 10)
    return {
        key: round(float(number) * factor, 10) if key != "dist" else number
        for key, number in value.items()
    }


def format_share(value: float | dict[str, Any]) -> str:
    """A share of the case (0.1, or a distribution of shares) as per cent in a form (``10``)."""
    return format_value(scale(value, 100))
