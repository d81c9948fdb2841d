"""Where the nodes and bands of a Sankey (alluvial) diagram go — plain geometry, no drawing.

Kept apart from the drawing so the layout can be checked exactly: every band leaves its source
node and enters its target node at heights proportional to its count, bands never overlap
within a node, and a node is as tall as the larger of its inflow and outflow (a person may
leave the trajectory, e.g. when the look-back window ends, so the two need not be equal).

Coordinates: stage ``i`` sits at ``x = i`` (first stage 0); heights run from 1 (top) down to 0.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sikt.charts.specs import Sankey

#: The share of the height left as gaps between the nodes of the fullest stage.
GAP_SHARE = 0.18


@dataclass(frozen=True, slots=True)
class Node:
    stage: int
    name: str
    n: int
    top: float
    bottom: float


@dataclass(frozen=True, slots=True)
class Band:
    stage: int
    source: str
    target: str
    n: int
    #: ``(top, bottom)`` where the band leaves the source node and enters the target node.
    source_span: tuple[float, float]
    target_span: tuple[float, float]


@dataclass(frozen=True, slots=True)
class Layout:
    stages: tuple[int, ...]
    nodes: tuple[Node, ...]
    bands: tuple[Band, ...]


def node_order(chart: Sankey) -> list[str]:
    """The node names top to bottom: ``chart.order`` first, the others alphabetically."""
    names = {name for _s, source, target, n in chart.links if n > 0 for name in (source, target)}
    ordered = [name for name in chart.order if name in names]
    return ordered + sorted(names - set(ordered))


def layout(chart: Sankey) -> Layout:
    """Nodes per stage stacked top to bottom in ``order`` and the bands between them."""
    links = [(s, a, b, n) for s, a, b, n in chart.links if n > 0]
    rank = {name: index for index, name in enumerate(node_order(chart))}
    inflow: dict[tuple[int, str], int] = defaultdict(int)
    outflow: dict[tuple[int, str], int] = defaultdict(int)
    for stage, source, target, n in links:
        outflow[(stage, source)] += n
        inflow[(stage + 1, target)] += n
    sizes = {key: max(inflow[key], outflow[key]) for key in {*inflow, *outflow}}
    stages = tuple(sorted({stage for stage, _name in sizes}))
    per_stage = {
        st: sorted((k for k in sizes if k[0] == st), key=lambda k: rank[k[1]]) for st in stages
    }
    fullest = max(len(keys) for keys in per_stage.values())
    gap = GAP_SHARE / max(fullest - 1, 1) if fullest > 1 else 0.0
    largest = max(sum(sizes[k] for k in keys) for keys in per_stage.values())
    scale = (1.0 - gap * (fullest - 1)) / largest
    nodes: dict[tuple[int, str], Node] = {}
    for stage, keys in per_stage.items():
        top = 1.0
        for key in keys:
            height = sizes[key] * scale
            nodes[key] = Node(stage, key[1], sizes[key], top, top - height)
            top -= height + gap
    # Bands leave a node in the order of their targets and enter in the order of their sources,
    # so that they cross as little as the node order allows.
    leaving = sorted(links, key=lambda link: (link[0], rank[link[1]], rank[link[2]]))
    entering = sorted(links, key=lambda link: (link[0], rank[link[2]], rank[link[1]]))
    used: dict[tuple[int, str], float] = defaultdict(float)
    source_spans = {}
    for stage, source, target, n in leaving:
        node = nodes[(stage, source)]
        top = node.top - used[(stage, source)]
        source_spans[(stage, source, target)] = (top, top - n * scale)
        used[(stage, source)] += n * scale
    used.clear()
    bands = []
    for stage, source, target, n in entering:
        node = nodes[(stage + 1, target)]
        top = node.top - used[(stage + 1, target)]
        used[(stage + 1, target)] += n * scale
        bands.append(
            Band(
                stage,
                source,
                target,
                n,
                source_spans[(stage, source, target)],
                (top, top - n * scale),
            )
        )
    bands.sort(key=lambda band: (band.stage, rank[band.source], rank[band.target]))
    ordered = sorted(nodes.values(), key=lambda node: (node.stage, rank[node.name]))
    return Layout(stages, tuple(ordered), tuple(bands))
