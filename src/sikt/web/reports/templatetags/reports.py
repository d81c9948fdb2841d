"""Template helpers of the reports pages."""

from __future__ import annotations

import base64

from django import template

from sikt.web.reports import charts, formatting
from sikt.web.reports.document import Chart

register = template.Library()


@register.simple_tag
def chart_src(chart: Chart) -> str:
    """The chart as a ``data:`` URL (the same PNG the PDF and DOCX embed)."""
    return "data:image/png;base64," + base64.b64encode(charts.png(chart)).decode("ascii")


@register.filter
def sek(value: float | None) -> str:
    """An amount as ``1 234 568 kr`` (as in the decision documents)."""
    return formatting.sek(value)


@register.filter
def share(value: float | None) -> str:
    """A share as ``73 %``."""
    return formatting.percent(value)
