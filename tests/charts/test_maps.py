"""Maps and scatter plots in the one chart stack: classes, colours, missing areas in words."""

from __future__ import annotations

import re

from sikt import charts
from sikt.charts.render import SEQUENTIAL, class_bounds, class_of


def _square(x: float, y: float) -> tuple[tuple[float, float], ...]:
    return ((x, y), (x + 1, y), (x + 1, y + 1), (x, y + 1), (x, y))


MAP = charts.Choropleth(
    "Socioekonomiskt index per område",
    tuple(
        charts.MapArea(
            f"D{i}", f"Område {i}", None if i == 3 else 2.5 * i, (_square(i, 0),), (i + 0.5, 0.5)
        )
        for i in range(5)
    ),
    "Index 0–10",
    0.0,
    10.0,
)


def test_values_fall_in_equal_classes_with_the_top_bound_in_the_top_class() -> None:
    assert class_bounds(MAP)[0] == (0.0, 2.0)
    assert [class_of(MAP, v) for v in (0.0, 1.99, 2.0, 9.99, 10.0)] == [0, 0, 1, 4, 4]


def test_map_svg_names_every_area_its_value_and_the_missing_one() -> None:
    svg = charts.svg(MAP)
    label = re.search(r'aria-label="([^"]*)"', svg)
    assert label is not None
    assert "Område 1 2,5" in label.group(1)
    assert "Område 3 saknar värde" in label.group(1)
    assert "Saknar värde" in svg  # legend entry for the hatched area
    fills = set(re.findall(r"fill: (#[0-9a-f]{6})", svg))
    assert SEQUENTIAL[0] in fills and SEQUENTIAL[-1] in fills


def test_scatter_labels_points_and_axes() -> None:
    svg = charts.svg(charts.Scatter("Samband", (("Norr", 2.0, 30.5),), "Index", "Orosanmälningar"))
    assert "Norr" in svg and "Index" in svg and "Orosanmälningar" in svg
    assert "Norr (2; 30,5)" in svg
    assert charts.is_empty(charts.Scatter("Samband", (), "x", "y"))
