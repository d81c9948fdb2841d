"""Dates and free text as decision material shows them (numbers: :mod:`sikt.numbers`)."""

from __future__ import annotations

import datetime as dt

from sikt.numbers import DASH


def date(value: dt.date | None) -> str:
    return DASH if value is None else value.isoformat()


def text(value: object) -> str:
    """Free text or a dash when empty."""
    if value is None:
        return DASH
    shown = str(value).strip()
    return shown or DASH
