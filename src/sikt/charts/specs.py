"""What a chart shows, independent of how it is drawn."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass


@dataclass(frozen=True)
class BarChart:
    """Bars per category (e.g. year), one colour per series (e.g. cost bearer).

    ``value_label`` names the measured quantity without its unit (the unit is added: ``kr`` or
    ``mnkr`` when ``money``); ``category_label`` names the categories (e.g. "År").
    ``horizontal`` draws one bar per category with its value printed beside it.
    """

    title: str
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[float, ...]], ...]
    value_label: str
    category_label: str = ""
    money: bool = True
    horizontal: bool = False


@dataclass(frozen=True)
class Histogram:
    """A distribution: ``counts[i]`` draws fell in ``[edges[i], edges[i + 1])`` (kronor)."""

    title: str
    edges: tuple[float, ...]
    counts: tuple[int, ...]
    value_label: str
    count_label: str


@dataclass(frozen=True)
class Tornado:
    """One bar per input from the value at its low to its high end, around ``base`` (kronor)."""

    title: str
    base: float
    bars: tuple[tuple[str, float, float], ...]
    value_label: str


@dataclass(frozen=True)
class Scatter:
    """Paired values, one labelled point each (e.g. an area's index against an outcome)."""

    title: str
    points: tuple[tuple[str, float, float], ...]
    x_label: str
    y_label: str


#: One ring of a polygon as ``(x, y)`` pairs in a projected system (metres).
Ring = tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class MapArea:
    """An area of a map: its rings (holes wind opposite to their exterior, as
    ``shapely.geometry.polygon.orient`` leaves them), its value (None: no value) and where its
    name is written."""

    code: str
    name: str
    value: float | None
    rings: tuple[Ring, ...]
    label_at: tuple[float, float]


@dataclass(frozen=True)
class Choropleth:
    """Areas coloured by value in ``classes`` equal intervals from ``low`` to ``high``."""

    title: str
    areas: tuple[MapArea, ...]
    value_label: str
    low: float
    high: float
    classes: int = 5


@dataclass(frozen=True)
class Sankey:
    """Flows between stages (an alluvial diagram): each link is ``(stage, source, target, n)``,
    ``n`` persons going from ``source`` at ``stage`` to ``target`` at ``stage + 1``. A node is as
    tall as the larger of what flows in and out; ``order`` lists the node names top to bottom
    (names not in it follow alphabetically)."""

    title: str
    links: tuple[tuple[int, str, str, int], ...]
    stage_label: str
    count_label: str
    order: tuple[str, ...] = ()


@dataclass(frozen=True)
class LineChart:
    """Values over time, one line per series (e.g. the project and ordinary operations), with
    horizontal reference levels (e.g. baseline and target) and dated markers (e.g. a decision).

    ``value_label`` names the measured quantity with its unit as the user knows it (e.g.
    "Andel i arbete (%)"); values are not money. Each series is ``(name, ((date, value), …))``,
    oldest first; a series may be empty (it is then named in the text, not drawn).
    """

    title: str
    series: tuple[tuple[str, tuple[tuple[dt.date, float], ...]], ...]
    value_label: str
    time_label: str = ""
    references: tuple[tuple[str, float], ...] = ()
    markers: tuple[tuple[str, dt.date], ...] = ()


Chart = BarChart | Histogram | Tornado | Scatter | Choropleth | Sankey | LineChart


def _finite(values: tuple[float, ...]) -> list[float]:
    return [v for v in values if v is not None and math.isfinite(v)]


def is_empty(chart: Chart) -> bool:
    """No values to show: no categories, nothing but zeros, or no draws."""
    if isinstance(chart, BarChart):
        values = [v for _name, series in chart.series for v in _finite(series)]
        return not chart.categories or not any(values)
    if isinstance(chart, Histogram):
        return not chart.counts or sum(chart.counts) == 0
    if isinstance(chart, Scatter):
        return not chart.points
    if isinstance(chart, Choropleth):
        return not chart.areas
    if isinstance(chart, Sankey):
        return not any(n > 0 for *_link, n in chart.links)
    if isinstance(chart, LineChart):
        return not any(_finite(tuple(v for _d, v in points)) for _n, points in chart.series)
    return not chart.bars
