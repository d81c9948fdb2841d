"""Template helpers of the reports pages."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

from sikt import charts
from sikt.web.reports.document import Chart

register = template.Library()


@register.simple_tag
def chart_svg(chart: Chart) -> SafeString:
    """The chart as inline SVG, drawn by the same code as the PDF's and DOCX's PNG (matplotlib
    escapes every text it writes)."""
    return mark_safe(charts.svg(chart.spec()))
