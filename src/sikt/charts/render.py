"""Drawing chart specifications with matplotlib (``Figure`` directly: no pyplot state shared
between requests, no display). Colours are the Okabe–Ito palette (distinguishable with
colour-vision deficiencies) and series are also told apart by hatching."""

from __future__ import annotations

import functools
import io
import itertools
import re
from html import escape
from typing import Any

from sikt import numbers
from sikt.charts.specs import BarChart, Chart, Histogram, Tornado, is_empty

PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")
HATCHES = ("", "//", "..", "xx", "\\\\", "--", "++")
DPI = 150
EMPTY = {"sv": "Inga värden ännu", "en": "No values yet"}
STYLE: dict[Any, Any] = {
    "svg.fonttype": "none",
    "text.parse_math": False,
    "font.size": 9,
    "svg.hashsalt": "sikt",
}


def _millions(chart: Chart) -> bool:
    if isinstance(chart, BarChart):
        if not chart.money:
            return False
        values = [abs(v) for _n, series in chart.series for v in series]
    elif isinstance(chart, Histogram):
        values = [abs(v) for v in chart.edges]
    else:
        values = [abs(v) for _n, a, b in chart.bars for v in (a, b)] + [abs(chart.base)]
    return max(values, default=0) >= 1_000_000


def unit_label(label: str, *, money: bool, millions: bool, language: str | None = None) -> str:
    """``Nettoflöde`` → ``Nettoflöde (mnkr)`` / ``(kr)``; unchanged when not money."""
    if not money:
        return label
    english = numbers.resolve_language(language) == "en"
    unit = ("MSEK" if english else "mnkr") if millions else ("SEK" if english else "kr")
    return f"{label} ({unit})"


def _tick(millions: bool) -> Any:
    from matplotlib.ticker import FuncFormatter

    def shown(value: float, _position: object) -> str:
        if millions:
            return numbers.format_number(value / 1_000_000, decimals=1, trim=True)
        return numbers.format_number(value)

    return FuncFormatter(shown)


def _value_text(value: float, money: bool, millions: bool) -> str:
    if money and millions:
        return numbers.format_millions(value)
    return numbers.format_money(value) if money else numbers.format_decimal(value)


def _bars(chart: BarChart, figure: Any) -> None:
    from matplotlib.ticker import MaxNLocator

    axes = figure.add_subplot()
    millions = _millions(chart)
    label = unit_label(chart.value_label, money=chart.money, millions=millions)
    positions = list(range(len(chart.categories)))
    if chart.horizontal:
        values = list(chart.series[0][1]) if chart.series else []
        bars = axes.barh(
            positions,
            values,
            color=[PALETTE[0] if v >= 0 else PALETTE[5] for v in values],
            hatch=[HATCHES[0] if v >= 0 else HATCHES[1] for v in values],
            edgecolor="#222222",
            linewidth=0.5,
        )
        axes.bar_label(
            bars, labels=[_value_text(v, chart.money, millions) for v in values], padding=3
        )
        axes.set_yticks(positions, list(chart.categories))
        axes.invert_yaxis()
        axes.axvline(0, color="#222222", linewidth=0.8)
        axes.xaxis.set_major_formatter(_tick(millions))
        axes.xaxis.set_major_locator(MaxNLocator(nbins=4))
        axes.set_xlabel(label)
        if chart.category_label:
            axes.set_ylabel(chart.category_label)
        low, high = min([0.0, *values]), max([0.0, *values])
        room = (high - low or 1.0) * 0.6
        axes.set_xlim(low - (room if low < 0 else 0), high + room)
        axes.grid(axis="x", color="#dddddd", linewidth=0.5)
        return
    count = max(len(chart.series), 1)
    width = 0.8 / count
    for index, (name, series) in enumerate(chart.series):
        offset = (index - (count - 1) / 2) * width
        axes.bar(
            [p + offset for p in positions],
            list(series),
            width=width,
            label=name,
            color=PALETTE[index % len(PALETTE)],
            hatch=HATCHES[index % len(HATCHES)],
            edgecolor="#222222",
            linewidth=0.5,
        )
    axes.axhline(0, color="#222222", linewidth=0.8)
    rotate = len(chart.categories) > 8 or max(map(len, chart.categories), default=0) > 12
    axes.set_xticks(
        positions,
        list(chart.categories),
        rotation=30 if rotate else 0,
        ha="right" if rotate else "center",
    )
    axes.yaxis.set_major_formatter(_tick(millions))
    axes.set_ylabel(label)
    if chart.category_label:
        axes.set_xlabel(chart.category_label)
    axes.grid(axis="y", color="#dddddd", linewidth=0.5)
    axes.set_axisbelow(True)
    if len(chart.series) > 1:
        figure.legend(loc="outside lower center", ncols=min(len(chart.series), 3), frameon=False)


def _histogram(chart: Histogram, figure: Any) -> None:
    axes = figure.add_subplot()
    millions = _millions(chart)
    edges = list(chart.edges)
    lefts, widths = edges[:-1], [b - a for a, b in itertools.pairwise(edges)]
    colours = [PALETTE[0] if left >= 0 else PALETTE[5] for left in lefts]
    hatches = [HATCHES[0] if left >= 0 else HATCHES[1] for left in lefts]
    axes.bar(
        lefts,
        list(chart.counts),
        width=widths,
        align="edge",
        color=colours,
        hatch=hatches,
        edgecolor="#222222",
        linewidth=0.3,
    )
    axes.axvline(0, color="#222222", linewidth=0.8)
    axes.xaxis.set_major_formatter(_tick(millions))
    axes.yaxis.set_major_formatter(_tick(False))
    axes.set_xlabel(unit_label(chart.value_label, money=True, millions=millions))
    axes.set_ylabel(chart.count_label)
    axes.grid(axis="y", color="#dddddd", linewidth=0.5)
    axes.set_axisbelow(True)


def _tornado(chart: Tornado, figure: Any) -> None:
    axes = figure.add_subplot()
    millions = _millions(chart)
    positions = list(range(len(chart.bars)))
    lows = [min(a, b) for _n, a, b in chart.bars]
    spans = [max(abs(b - a), 1e-9) for _n, a, b in chart.bars]
    axes.barh(positions, spans, left=lows, color=PALETTE[0], edgecolor="#222222", linewidth=0.5)
    axes.set_yticks(positions, [name[-40:] for name, _a, _b in chart.bars])
    axes.invert_yaxis()
    axes.axvline(chart.base, color="#222222", linewidth=0.8)
    axes.xaxis.set_major_formatter(_tick(millions))
    axes.set_xlabel(unit_label(chart.value_label, money=True, millions=millions))
    axes.grid(axis="x", color="#dddddd", linewidth=0.5)


def _empty(chart: Chart, figure: Any) -> None:
    figure.text(
        0.5,
        0.45,
        EMPTY[numbers.resolve_language(None)],
        ha="center",
        va="center",
        fontsize=11,
        color="#444444",
    )


def _figure(chart: Chart, width: float, height: float) -> Any:
    from matplotlib.figure import Figure

    if isinstance(chart, BarChart) and chart.horizontal and not is_empty(chart):
        height = max(2.0, 0.45 * len(chart.categories) + 1.2)
    if isinstance(chart, Tornado):
        height = max(2.0, 0.4 * len(chart.bars) + 1.2)
    empty = is_empty(chart)
    figure = Figure(figsize=(width, 1.6 if empty else height), dpi=DPI, layout="constrained")
    figure.suptitle(chart.title, fontsize=11)
    if empty:
        _empty(chart, figure)
    elif isinstance(chart, BarChart):
        _bars(chart, figure)
    elif isinstance(chart, Histogram):
        _histogram(chart, figure)
    else:
        _tornado(chart, figure)
    return figure


def describe(chart: Chart) -> str:
    """The chart's content in words (PNG description, screen-reader label)."""
    if is_empty(chart):
        return f"{chart.title}: {EMPTY[numbers.resolve_language(None)]}"
    if isinstance(chart, BarChart):
        millions = _millions(chart)
        parts = [
            f"{name}: "
            + ", ".join(
                f"{category} {_value_text(value, chart.money, millions)}"
                for category, value in zip(chart.categories, values, strict=False)
            )
            for name, values in chart.series
        ]
        return f"{chart.title}. " + "; ".join(parts)
    return chart.title


@functools.lru_cache(maxsize=256)
def _render(chart: Chart, kind: str, width: float, height: float, language: str) -> bytes:
    import matplotlib

    with matplotlib.rc_context(STYLE):
        figure = _figure(chart, width, height)
        buffer = io.BytesIO()
        metadata = (
            {"Title": chart.title, "Description": describe(chart)}
            if kind == "png"
            else {"Title": chart.title, "Date": None}
        )
        figure.savefig(buffer, format=kind, dpi=DPI, metadata=metadata, bbox_inches="tight")
    return buffer.getvalue()


def png(chart: Chart, width: float = 7.0, height: float = 3.4) -> bytes:
    """The chart as PNG bytes (PDF/DOCX); title and description in the PNG text chunks."""
    return _render(chart, "png", width, height, numbers.resolve_language(None))


def svg(chart: Chart, width: float = 7.0, height: float = 3.4) -> str:
    """The chart as an inline ``<svg>`` element (no XML prologue) with ``role="img"`` and an
    ``aria-label``; text stays text, so it scales, can be searched and is read by tests."""
    raw = _render(chart, "svg", width, height, numbers.resolve_language(None)).decode("utf-8")
    body = raw[raw.index("<svg") :]
    label = escape(describe(chart), quote=True)
    body = body.replace("<svg ", f'<svg role="img" aria-label="{label}" class="chart" ', 1)
    return re.sub(r'\s(width|height)="[\d.]+pt"', "", body, count=2)
