"""``{% load followup %}``: ``{{ report|report_label }}`` (``Delår 1 2026``)."""

from __future__ import annotations

from typing import Any

from django import template

from sikt.web.followup import labels

register = template.Library()


@register.filter
def report_label(report: Any) -> str:
    return labels.report_label(report)
