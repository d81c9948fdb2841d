"""The Sankey diagram: layout checked exactly (band heights proportional to counts, bands
stacked without overlap inside each node, node = the larger of inflow and outflow), and the
drawn chart readable as text."""

from __future__ import annotations

import itertools
from collections import defaultdict

import pytest

from sikt import charts
from sikt.charts.sankey import layout

LINKS = (
    (1, "HVB", "SiS", 40),
    (1, "HVB", "Familjehem", 30),
    (1, "SiS", "HVB", 25),
    (2, "SiS", "HVB", 20),
    (2, "Familjehem", "HVB", 28),
    (2, "HVB", "SiS", 10),
)
CHART = charts.Sankey("Vägar till HVB", LINKS, "Steg", "personer", ("HVB", "SiS", "Familjehem"))


def test_nodes_are_the_larger_of_inflow_and_outflow() -> None:
    placed = layout(CHART)
    sizes = {(node.stage, node.name): node.n for node in placed.nodes}
    # HVB at stage 2: 25 flow in, 10 flow out (the others' windows end there).
    assert sizes == {
        (1, "HVB"): 70,
        (1, "SiS"): 25,
        (2, "HVB"): 25,
        (2, "SiS"): 40,
        (2, "Familjehem"): 30,
        (3, "HVB"): 48,
        (3, "SiS"): 10,
    }
    assert placed.stages == (1, 2, 3)
    # Top to bottom in the given order, inside the unit height.
    stage2 = [node for node in placed.nodes if node.stage == 2]
    assert [node.name for node in stage2] == ["HVB", "SiS", "Familjehem"]
    assert all(-1e-9 <= node.bottom < node.top <= 1 for node in placed.nodes)
    assert all(a.bottom > b.top for a, b in itertools.pairwise(stage2))


def test_bands_are_proportional_and_do_not_overlap() -> None:
    placed = layout(CHART)
    scale = {band.n: band.source_span[0] - band.source_span[1] for band in placed.bands}
    per_person = {height / n for n, height in scale.items()}
    assert max(per_person) == pytest.approx(min(per_person))
    for band in placed.bands:
        leave, enter = band.source_span, band.target_span
        assert leave[0] - leave[1] == pytest.approx(enter[0] - enter[1])
    spans: dict[tuple[int, str, str], list[tuple[float, float]]] = defaultdict(list)
    for band in placed.bands:
        spans[(band.stage, band.source, "out")].append(band.source_span)
        spans[(band.stage + 1, band.target, "in")].append(band.target_span)
    nodes = {(node.stage, node.name): node for node in placed.nodes}
    for (stage, name, _side), found in spans.items():
        node = nodes[(stage, name)]
        found.sort(reverse=True)
        assert found[0][0] == pytest.approx(node.top)
        for (_top, bottom), (next_top, _b) in itertools.pairwise(found):
            assert bottom == pytest.approx(next_top)
        assert found[-1][1] >= node.bottom - 1e-12


def test_the_chart_is_drawn_with_a_text_alternative() -> None:
    svg = charts.svg(CHART)
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert "Steg 1–2: HVB → SiS 40 personer" in svg
    assert "Familjehem 30" in svg  # node labels stay text
    assert charts.png(CHART).startswith(b"\x89PNG")


def test_no_flows_is_an_empty_chart() -> None:
    empty = charts.Sankey("Vägar", ((1, "HVB", "SiS", 0),), "Steg", "personer")
    assert charts.is_empty(empty)
    assert "Inga värden ännu" in charts.svg(empty)
