# ruff: noqa: E501  (SVG markup reads best one element per line)
"""Server-rendered SVG charts of indicator values over time, with baseline, target and the
success criterion, and a small trend line (sparkline) for the steering group's page.

No scripts and no images: the SVG is part of the page, has ``role="img"``, a ``<title>`` and a
``<desc>`` saying what it shows, and the page always puts a table with the same numbers next to
it — the chart is never the only way to read the figures (WCAG 1.1.1). Lines differ by dash
pattern and are named in the legend, not told apart by colour alone (Okabe–Ito colours).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape

from sikt.numbers import format_decimal

WIDTH, HEIGHT = 720, 320
LEFT, RIGHT, TOP, BOTTOM = 64, 180, 24, 48
VALUE_COLOUR = "#0072B2"


@dataclass(frozen=True)
class Reference:
    """A horizontal line: baseline, target or success criterion."""

    label: str
    value: Decimal
    colour: str
    dash: str


def _number(value: float) -> str:
    return format_decimal(Decimal(str(round(value, 3))))


def _scale(values: Sequence[float]) -> tuple[float, float]:
    low, high = min(values), max(values)
    if low == high:
        low, high = low - 1, high + 1
    room = (high - low) * 0.1
    return low - room, high + room


def line_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    points: Sequence[tuple[dt.date, Decimal]],
    references: Sequence[Reference] = (),
    value_label: str,
) -> str:
    """Values over time (by date) with reference lines; ``""`` without any value."""
    if not points:
        return ""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    low, high = _scale([float(v) for _d, v in points] + [float(r.value) for r in references])
    first, last = points[0][0].toordinal(), points[-1][0].toordinal()
    span = max(last - first, 1)

    def x(day: dt.date) -> float:
        if first == last:
            return LEFT + plot_w / 2
        return LEFT + (day.toordinal() - first) / span * plot_w

    def y(value: float) -> float:
        return TOP + (high - value) / (high - low) * plot_h

    parts = [
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{LEFT + plot_w}" y2="{TOP + plot_h}" stroke="#555"/>',
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + plot_h}" stroke="#555"/>',
    ]
    for step in range(5):
        value = low + (high - low) * step / 4
        parts.append(
            f'<text x="{LEFT - 6}" y="{y(value) + 4:.1f}" font-size="11" text-anchor="end">{escape(_number(value))}</text>'
            f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{y(value):.1f}" y2="{y(value):.1f}" stroke="#e3e3e3"/>'
        )
    every = max(1, len(points) // 8)
    for index, (day, _value) in enumerate(points):
        if index % every == 0 or index == len(points) - 1:
            parts.append(
                f'<text x="{x(day):.1f}" y="{TOP + plot_h + 18}" font-size="11" text-anchor="middle">{day:%Y-%m}</text>'
            )
    legend_y = TOP + 8
    for reference in references:
        ry = y(float(reference.value))
        parts.append(
            f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{ry:.1f}" y2="{ry:.1f}" stroke="{reference.colour}" stroke-width="2" stroke-dasharray="{reference.dash}"/>'
        )
        parts.append(
            _legend(
                legend_y,
                reference.colour,
                reference.dash,
                f"{reference.label}: {_number(float(reference.value))}",
            )
        )
        legend_y += 20
    path = " ".join(f"{x(day):.1f},{y(float(value)):.1f}" for day, value in points)
    parts.append(
        f'<polyline points="{path}" fill="none" stroke="{VALUE_COLOUR}" stroke-width="2.5"/>'
    )
    for day, value in points:
        parts.append(
            f'<circle cx="{x(day):.1f}" cy="{y(float(value)):.1f}" r="4" fill="{VALUE_COLOUR}"><title>{day:%Y-%m-%d}: {escape(_number(float(value)))}</title></circle>'
        )
    parts.append(_legend(legend_y, VALUE_COLOUR, "", value_label))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc"><title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>{"".join(parts)}</svg>'
    )


def _legend(y_pos: float, colour: str, dash: str, text: str) -> str:
    x0 = WIDTH - RIGHT + 12
    dashes = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<line x1="{x0}" x2="{x0 + 24}" y1="{y_pos:.1f}" y2="{y_pos:.1f}" stroke="{colour}" stroke-width="2.5"{dashes}/>'
        f'<text x="{x0 + 30}" y="{y_pos + 4:.1f}" font-size="11">{escape(text[:26])}</text>'
    )


def sparkline(points: Sequence[Decimal], label: str, width: int = 120, height: int = 28) -> str:
    """A small trend line; ``label`` (first and last value) is what a screen reader hears."""
    if len(points) < 2:
        return ""
    values = [float(v) for v in points]
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    step = (width - 4) / (len(values) - 1)
    path = " ".join(
        f"{2 + i * step:.1f},{height - 3 - (v - low) / span * (height - 6):.1f}"
        for i, v in enumerate(values)
    )
    end_x, end_y = path.split(" ")[-1].split(",")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="sparkline" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(label)}">'
        f'<polyline points="{path}" fill="none" stroke="{VALUE_COLOUR}" stroke-width="2"/>'
        f'<circle cx="{end_x}" cy="{end_y}" r="2.5" fill="{VALUE_COLOUR}"/></svg>'
    )
