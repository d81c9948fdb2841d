# ruff: noqa: E501  (SVG markup reads best one element per line)
"""Small inline SVG charts for the self-contained HTML report (no scripts, no CDN).

Each chart has a ``<title>`` and ``role="img"`` with an ``aria-label``; the same numbers are in
accessible tables next to it, so the chart is never the only carrier of information.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from sikt.numbers import format_number

COLOURS = ("#1f5f8b", "#d9822b", "#3c8d40", "#a23b72", "#6b6b6b", "#c1a01e", "#17becf", "#8c564b")
WIDTH, HEIGHT, PAD = 720, 300, 50


def _frame(label: str, body: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(label)}"><title>{escape(label)}</title>{body}</svg>'
    )


def _scale(low: float, high: float, size: float) -> tuple[float, float]:
    span = (high - low) or 1.0
    return size / span, low


def bar_chart(label: str, categories: Sequence[str], series: dict[str, Sequence[float]]) -> str:
    """Grouped bars (one group per category, e.g. year; one bar per series, e.g. bearer)."""
    values = [v for s in series.values() for v in s] + [0.0]
    k, low = _scale(min(values), max(values), HEIGHT - 2 * PAD)
    zero = HEIGHT - PAD - (0 - low) * k
    group = (WIDTH - 2 * PAD) / max(len(categories), 1)
    bar = group * 0.8 / max(len(series), 1)
    parts = [f'<line x1="{PAD}" x2="{WIDTH - PAD}" y1="{zero:.1f}" y2="{zero:.1f}" stroke="#333"/>']
    for s, (name, data) in enumerate(series.items()):
        colour = COLOURS[s % len(COLOURS)]
        for i, value in enumerate(data):
            x = PAD + i * group + group * 0.1 + s * bar
            y = HEIGHT - PAD - (value - low) * k
            parts.append(
                f'<rect x="{x:.1f}" y="{min(y, zero):.1f}" width="{bar:.1f}" height="{abs(zero - y):.1f}" '
                f'fill="{colour}"><title>{escape(name)} {escape(categories[i])}: {format_number(value, language="sv")}</title></rect>'
            )
        parts.append(
            f'<rect x="{PAD + s * 150}" y="8" width="10" height="10" fill="{colour}"/>'
            f'<text x="{PAD + s * 150 + 14}" y="17" font-size="11">{escape(name[:20])}</text>'
        )
    for i, name in enumerate(categories):
        if len(categories) <= 12 or i % 2 == 0:
            x = PAD + i * group + group / 2
            parts.append(
                f'<text x="{x:.1f}" y="{HEIGHT - PAD + 15}" font-size="10" text-anchor="middle">{escape(name)}</text>'
            )
    return _frame(label, "".join(parts))


def histogram(label: str, edges: Sequence[float], counts: Sequence[int]) -> str:
    """Histogram with bars left of zero in orange and right of zero in blue."""
    k_y, _ = _scale(0, max(counts) or 1, HEIGHT - 2 * PAD)
    k_x, low = _scale(edges[0], edges[-1], WIDTH - 2 * PAD)
    parts = []
    for i, count in enumerate(counts):
        x0, x1 = PAD + (edges[i] - low) * k_x, PAD + (edges[i + 1] - low) * k_x
        colour = COLOURS[0] if edges[i] >= 0 else COLOURS[1]
        parts.append(
            f'<rect x="{x0:.1f}" y="{HEIGHT - PAD - count * k_y:.1f}" width="{max(x1 - x0 - 1, 0.5):.1f}" '
            f'height="{count * k_y:.1f}" fill="{colour}"/>'
        )
    for value in (edges[0], edges[-1]):
        x = PAD + (value - low) * k_x
        parts.append(
            f'<text x="{x:.1f}" y="{HEIGHT - PAD + 15}" font-size="10" text-anchor="middle">{format_number(value, language="sv")}</text>'
        )
    return _frame(label, "".join(parts))


def tornado(label: str, base: float, bars: Sequence[tuple[str, float, float]]) -> str:
    """Horizontal bars from the NPV at an input's low to its high quantile, widest first."""
    values = [base] + [v for _, a, b in bars for v in (a, b)]
    k, low = _scale(min(values), max(values), WIDTH - 300 - PAD)
    row = (HEIGHT - 2 * PAD) / max(len(bars), 1)
    x_base = 250 + (base - low) * k
    parts = [
        f'<line x1="{x_base:.1f}" x2="{x_base:.1f}" y1="{PAD - 10}" y2="{HEIGHT - PAD}" stroke="#333"/>'
    ]
    for i, (name, a, b) in enumerate(bars):
        y = PAD + i * row
        xa, xb = 250 + (a - low) * k, 250 + (b - low) * k
        parts.append(
            f'<rect x="{min(xa, xb):.1f}" y="{y:.1f}" width="{max(abs(xb - xa), 1):.1f}" height="{row * 0.7:.1f}" '
            f'fill="{COLOURS[0]}"/><text x="245" y="{y + row * 0.5:.1f}" font-size="10" '
            f'text-anchor="end">{escape(name[-40:])}</text>'
        )
    return _frame(label, "".join(parts))
