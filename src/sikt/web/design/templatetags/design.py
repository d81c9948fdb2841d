"""Template helpers of the design pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from sikt import numbers

register = template.Library()


@register.filter
def num(value: Any) -> str:
    """A decimal without trailing zeros, grouped, in the current language (1 234,5 in Swedish)."""
    if value is None or value == "" or isinstance(value, bool):
        return numbers.DASH
    if not isinstance(value, Decimal | int | float):
        return numbers.DASH
    return numbers.format_decimal(value)


@register.simple_tag
def item_url(kind: str, action: str, pk: Any) -> str:
    """The URL to ``action`` (create, edit, delete) a design record of ``kind``."""
    from django.urls import reverse

    return reverse(f"design:{kind}-{action}", kwargs={"pk": pk})
