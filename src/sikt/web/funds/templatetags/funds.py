"""Template filters of the fund's pages."""

from __future__ import annotations

from django import template

from sikt.web.funds.money import kr as format_kr

register = template.Library()


@register.filter
def kr(ore: int | None) -> str:
    """Integer öre as Swedish kronor: ``{{ entry.amount_ore|kr }}`` → ``1 200 000,50 kr``."""
    return format_kr(ore)


@register.filter
def get_item(mapping: dict[str, str], key: str) -> str:
    """``{{ labels|get_item:entry.period }}`` → the label, or the key when unknown."""
    return mapping.get(key, key)
