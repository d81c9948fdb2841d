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
from sikt.charts.specs import (
    BarChart,
    Chart,
    Choropleth,
    Histogram,
    LineChart,
    Sankey,
    Scatter,
    Tornado,
    is_empty,
)

PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")
HATCHES = ("", "//", "..", "xx", "\\\\", "--", "++")
#: Sequential classes for maps, light (low) to dark (high): ColorBrewer "Blues", readable with
#: colour-vision deficiencies and in greyscale.
SEQUENTIAL = ("#eff3ff", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c", "#08306b")
MISSING = {"sv": "Saknar värde", "en": "No value"}
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
    elif isinstance(chart, Tornado):
        values = [abs(v) for _n, a, b in chart.bars for v in (a, b)] + [abs(chart.base)]
    else:
        return False
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


def _scatter(chart: Scatter, figure: Any) -> None:
    axes = figure.add_subplot()
    xs = [x for _label, x, _y in chart.points]
    ys = [y for _label, _x, y in chart.points]
    axes.scatter(xs, ys, color=PALETTE[0], edgecolor="#222222", linewidth=0.5, zorder=3)
    for label, x, y in chart.points:
        axes.annotate(label, (x, y), textcoords="offset points", xytext=(4, 3), fontsize=7)
    axes.xaxis.set_major_formatter(_tick(False))
    axes.yaxis.set_major_formatter(_tick(False))
    axes.set_xlabel(chart.x_label)
    axes.set_ylabel(chart.y_label)
    axes.grid(color="#dddddd", linewidth=0.5)
    axes.set_axisbelow(True)


def class_bounds(chart: Choropleth) -> list[tuple[float, float]]:
    """The equal-interval classes ``(from, to)`` of a map, low to high."""
    step = (chart.high - chart.low) / chart.classes
    return [(chart.low + i * step, chart.low + (i + 1) * step) for i in range(chart.classes)]


def class_of(chart: Choropleth, value: float) -> int:
    """Index of the class ``value`` falls in (the top bound belongs to the top class)."""
    if chart.high <= chart.low:
        return 0
    index = int((value - chart.low) / (chart.high - chart.low) * chart.classes)
    return min(max(index, 0), chart.classes - 1)


def _colours(classes: int) -> list[str]:
    picks = [round(i * (len(SEQUENTIAL) - 1) / max(classes - 1, 1)) for i in range(classes)]
    return [SEQUENTIAL[i] for i in picks]


def _choropleth(chart: Choropleth, figure: Any) -> None:
    from matplotlib.patches import Patch, PathPatch
    from matplotlib.path import Path

    axes = figure.add_subplot()
    colours = _colours(chart.classes)
    for area in chart.areas:
        path = Path.make_compound_path(*(Path(list(ring), closed=True) for ring in area.rings))
        missing = area.value is None
        axes.add_patch(
            PathPatch(
                path,
                facecolor="#ffffff" if missing else colours[class_of(chart, area.value or 0.0)],
                hatch="//" if missing else "",
                edgecolor="#222222",
                linewidth=0.6,
            )
        )
        dark = not missing and class_of(chart, area.value or 0.0) >= chart.classes * 0.6
        axes.text(
            *area.label_at,
            area.name,
            ha="center",
            va="center",
            fontsize=7,
            color="#ffffff" if dark else "#222222",
        )
    axes.autoscale_view()
    axes.set_aspect("equal")
    axes.set_axis_off()
    handles = [
        Patch(
            facecolor=colour,
            edgecolor="#222222",
            label=f"{numbers.format_decimal(low)}–{numbers.format_decimal(high)}",
        )
        for colour, (low, high) in zip(colours, class_bounds(chart), strict=True)
    ]
    if any(area.value is None for area in chart.areas):
        language = numbers.resolve_language(None)
        handles.append(
            Patch(facecolor="#ffffff", edgecolor="#222222", hatch="//", label=MISSING[language])
        )
    figure.legend(
        handles=handles,
        title=chart.value_label,
        loc="outside right center",
        frameon=False,
    )


def _sankey(chart: Sankey, figure: Any) -> None:
    """Nodes as labelled bars per stage and bands as filled Bézier curves between them, each
    band in its source's colour (and the node's hatching, for greyscale print)."""
    from matplotlib.patches import PathPatch, Rectangle
    from matplotlib.path import Path

    from sikt.charts.sankey import layout, node_order

    placed = layout(chart)
    ranked = node_order(chart)
    colour = {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(ranked)}
    hatch = {name: HATCHES[i % len(HATCHES)] for i, name in enumerate(ranked)}
    axes = figure.add_subplot()
    width = 0.06
    for band in placed.bands:
        x0, x1 = band.stage + width / 2, band.stage + 1 - width / 2
        middle = (x0 + x1) / 2
        (s_top, s_bottom), (t_top, t_bottom) = band.source_span, band.target_span
        path = Path(
            [
                (x0, s_top),
                (middle, s_top),
                (middle, t_top),
                (x1, t_top),
                (x1, t_bottom),
                (middle, t_bottom),
                (middle, s_bottom),
                (x0, s_bottom),
                (x0, s_top),
            ],
            [Path.MOVETO, *[Path.CURVE4] * 3, Path.LINETO, *[Path.CURVE4] * 3, Path.CLOSEPOLY],
        )
        axes.add_patch(PathPatch(path, facecolor=colour[band.source], alpha=0.35, linewidth=0))
    last = max(placed.stages)
    for node in placed.nodes:
        axes.add_patch(
            Rectangle(
                (node.stage - width / 2, node.bottom),
                width,
                node.top - node.bottom,
                facecolor=colour[node.name],
                hatch=hatch[node.name],
                edgecolor="#222222",
                linewidth=0.5,
            )
        )
        at_end = node.stage == last
        axes.text(
            node.stage + (-1 if at_end else 1) * (width / 2 + 0.03),
            (node.top + node.bottom) / 2,
            f"{node.name} {numbers.format_integer(node.n)}",
            ha="right" if at_end else "left",
            va="center",
            fontsize=7,
            bbox={"facecolor": "#ffffff", "alpha": 0.75, "edgecolor": "none", "pad": 1},
        )
    for stage in placed.stages:
        axes.text(stage, 1.04, f"{chart.stage_label} {stage}", ha="center", fontsize=8)
    axes.set_xlim(min(placed.stages) - 0.1, last + 0.1)
    axes.set_ylim(-0.02, 1.08)
    axes.set_axis_off()


#: Line styles of the reference levels (dashes tell them apart in greyscale too).
REFERENCE_STYLES = ((0, (6, 4)), (0, (2, 3)), (0, (10, 3, 2, 3)))
MARKERS = ("o", "s", "^", "D", "v", "P", "X")


def _lines(chart: LineChart, figure: Any) -> None:
    """Each series as a line with point markers; references as dashed levels across the whole
    period; markers as dotted vertical lines named at the top."""
    from matplotlib.dates import DateFormatter

    axes = figure.add_subplot()
    for index, (name, points) in enumerate(chart.series):
        if not points:
            continue
        axes.plot(
            [day for day, _v in points],
            [value for _d, value in points],
            label=name,
            color=PALETTE[index % len(PALETTE)],
            marker=MARKERS[index % len(MARKERS)],
            markersize=4,
            linewidth=1.5,
        )
    for index, (name, level) in enumerate(chart.references):
        axes.axhline(
            level,
            label=f"{name} {numbers.format_decimal(level)}",
            color="#555555" if index == 0 else PALETTE[(index + 1) % len(PALETTE)],
            linestyle=REFERENCE_STYLES[index % len(REFERENCE_STYLES)],
            linewidth=1.0,
        )
    for name, day in chart.markers:
        axes.axvline(day, color="#222222", linestyle=":", linewidth=1.0)
        axes.annotate(
            name,
            (day, 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(3, -3),
            textcoords="offset points",
            ha="left",
            va="top",
            fontsize=7,
            bbox={"facecolor": "#ffffff", "alpha": 0.85, "edgecolor": "none", "pad": 1},
        )
    axes.xaxis.set_major_formatter(DateFormatter("%Y-%m"))  # type: ignore[no-untyped-call]
    axes.yaxis.set_major_formatter(_tick(False))
    axes.set_ylabel(chart.value_label)
    if chart.time_label:
        axes.set_xlabel(chart.time_label)
    axes.grid(color="#dddddd", linewidth=0.5)
    axes.set_axisbelow(True)
    drawn = sum(1 for _n, points in chart.series if points) + len(chart.references)
    figure.legend(loc="outside lower center", ncols=min(max(drawn, 1), 3), frameon=False)


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
    elif isinstance(chart, Scatter):
        _scatter(chart, figure)
    elif isinstance(chart, Choropleth):
        _choropleth(chart, figure)
    elif isinstance(chart, Sankey):
        _sankey(chart, figure)
    elif isinstance(chart, LineChart):
        _lines(chart, figure)
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
    if isinstance(chart, Scatter):
        points = (
            f"{label} ({numbers.format_decimal(x)}; {numbers.format_decimal(y)})"
            for label, x, y in chart.points
        )
        return f"{chart.title}. {chart.x_label} / {chart.y_label}: " + ", ".join(points)
    if isinstance(chart, Choropleth):
        missing = MISSING[numbers.resolve_language(None)].lower()
        areas = (
            f"{a.name} {missing if a.value is None else numbers.format_decimal(a.value)}"
            for a in chart.areas
        )
        return f"{chart.title}. {chart.value_label}: " + ", ".join(areas)
    if isinstance(chart, Sankey):
        flows = (
            f"{chart.stage_label} {stage}–{stage + 1}: {source} → {target} "
            f"{numbers.format_integer(n)} {chart.count_label}"
            for stage, source, target, n in chart.links
            if n > 0
        )
        return f"{chart.title}. " + "; ".join(flows)
    if isinstance(chart, LineChart):
        return _describe_lines(chart)
    return chart.title


def _describe_lines(chart: LineChart) -> str:
    parts = [
        f"{name}: "
        + (
            ", ".join(f"{day.isoformat()} {numbers.format_decimal(value)}" for day, value in points)
            if points
            else EMPTY[numbers.resolve_language(None)].lower()
        )
        for name, points in chart.series
    ]
    parts += [f"{name} {numbers.format_decimal(level)}" for name, level in chart.references]
    parts += [f"{name} {day.isoformat()}" for name, day in chart.markers]
    return f"{chart.title} ({chart.value_label}). " + "; ".join(parts)


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
