"""Charts of the decision document as PNG images, drawn with matplotlib's Agg backend.

One drawing serves the PDF, the DOCX and the on-screen preview. We use ``Figure`` directly
(not ``pyplot``), so no global state is shared between requests and no display is needed.
Colours are the Okabe–Ito palette (distinguishable with colour-vision deficiencies); series are
also told apart by hatching, and every chart sits next to a table with the same numbers.
"""

from __future__ import annotations

import io

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from sikt.web.reports import formatting as f
from sikt.web.reports.document import Chart

PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")
HATCHES = ("", "//", "..", "xx", "\\\\", "--", "++")
DPI = 150


def _axis_label(value: float, _position: object) -> str:
    return f.number(value)


def _horizontal(chart: Chart, axes: Axes) -> None:
    """One bar per category, top to bottom, with the amount printed beside each bar."""
    values = chart.series[0][1] if chart.series else []
    positions = list(range(len(chart.categories)))
    bars = axes.barh(
        positions,
        values,
        color=[PALETTE[0] if value >= 0 else PALETTE[5] for value in values],
        hatch=[HATCHES[0] if value >= 0 else HATCHES[1] for value in values],
        edgecolor="#222222",
        linewidth=0.5,
    )
    axes.bar_label(bars, labels=[f.sek(value) for value in values], padding=3, fontsize=8)
    axes.set_yticks(positions)
    axes.set_yticklabels(chart.categories)
    axes.invert_yaxis()
    axes.axvline(0, color="#222222", linewidth=0.8)
    axes.xaxis.set_major_formatter(FuncFormatter(_axis_label))
    axes.xaxis.set_major_locator(MaxNLocator(nbins=4))
    axes.tick_params(axis="x", labelsize=8)
    axes.set_xlabel(chart.y_label)
    low, high = min([0.0, *values]), max([0.0, *values])
    room = (high - low or 1.0) * 0.6
    axes.set_xlim(low - (room if low < 0 else 0), high + room)
    axes.grid(axis="x", color="#dddddd", linewidth=0.5)


def png(chart: Chart, width_inches: float = 7.0, height_inches: float = 3.4) -> bytes:
    """The chart as PNG bytes: grouped bars, one group per category."""
    if chart.horizontal:
        height_inches = max(2.0, 0.45 * len(chart.categories) + 1.0)
    figure = Figure(figsize=(width_inches, height_inches), dpi=DPI)
    axes = figure.add_subplot()
    if chart.horizontal:
        _horizontal(chart, axes)
        axes.set_title(chart.title, fontsize=11)
        axes.set_axisbelow(True)
        return _save(figure)
    count = max(len(chart.series), 1)
    width = 0.8 / count
    positions = range(len(chart.categories))
    for index, (name, values) in enumerate(chart.series):
        offset = (index - (count - 1) / 2) * width
        axes.bar(
            [p + offset for p in positions],
            values,
            width=width,
            label=name,
            color=PALETTE[index % len(PALETTE)],
            hatch=HATCHES[index % len(HATCHES)],
            edgecolor="#222222",
            linewidth=0.5,
        )
    axes.axhline(0, color="#222222", linewidth=0.8)
    axes.set_xticks(list(positions))
    rotate = len(chart.categories) > 6 or max((len(c) for c in chart.categories), default=0) > 14
    axes.set_xticklabels(
        chart.categories, rotation=30 if rotate else 0, ha="right" if rotate else "center"
    )
    axes.yaxis.set_major_formatter(FuncFormatter(_axis_label))
    axes.set_ylabel(chart.y_label)
    axes.set_title(chart.title, fontsize=11)
    axes.grid(axis="y", color="#dddddd", linewidth=0.5)
    axes.set_axisbelow(True)
    if len(chart.series) > 1:
        axes.legend(fontsize=8, frameon=False)
    return _save(figure)


def _save(figure: Figure) -> bytes:
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()
