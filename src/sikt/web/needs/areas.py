"""The organisation's own areas (districts) for maps, and the socio-economic index per area.

The areas arrive as GeoJSON, validated and reprojected by :func:`sikt.analysis.geo.read_geojson`
and kept as one file per organisation next to its indicator store
(``SIKT_DATA_DIR/behov/organisation-<id>-omraden.geojson``, WGS 84). The index is
:func:`sikt.analysis.index.socioeconomic_index` over the chosen indicators' values of those
areas in one year; a value resting on fewer than 5 individuals counts as missing, so an area
missing a variable gets no index.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import shapely
from shapely.geometry.polygon import orient

from sikt import charts
from sikt.analysis.compare import point_of
from sikt.analysis.geo import Layer, layer_from_geojson, projected
from sikt.analysis.index import Correlation, IndexResult, correlation, socioeconomic_index
from sikt.analysis.store import IndicatorStore
from sikt.analysis.suppression import DEFAULT_THRESHOLD
from sikt.charts.specs import Ring
from sikt.web.accounts.models import Organization
from sikt.web.needs.store import store_path


def layer_path(organization: Organization) -> Path:
    return store_path(organization).with_name(f"organisation-{organization.pk}-omraden.geojson")


def layer_for(organization: Organization) -> Layer | None:
    path = layer_path(organization)
    return layer_from_geojson(path.read_text(encoding="utf-8")) if path.exists() else None


def save_layer(organization: Organization, layer: Layer) -> None:
    path = layer_path(organization)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(layer.geojson(), encoding="utf-8")
    temporary.replace(path)


def area_values(
    store: IndicatorStore, indicator_id: str, codes: list[str], year: int
) -> dict[str, float | None]:
    """Total values of ``indicator_id`` per area in ``year``; hidden (n < 5) values as None."""
    shown: dict[str, float | None] = dict.fromkeys(codes)
    for value in store.values(indicator_id, areas=codes, sex="T", periods=[year]):
        shown[value.area_code] = point_of(value, DEFAULT_THRESHOLD).value
    return shown


@dataclass(frozen=True)
class IndexPage:
    result: IndexResult
    values: dict[str, dict[str, float | None]]
    outcome: dict[str, float | None]
    association: Correlation | None


def index_of(
    store: IndicatorStore,
    layer: Layer,
    variables: list[str],
    year: int,
    outcome_id: str | None,
) -> IndexPage:
    """The index of every area of ``layer`` and, when an outcome is chosen and at least four
    areas have both, Pearson's r between index and outcome with its 95 % interval."""
    codes = layer.codes()
    values = {v: area_values(store, v, codes, year) for v in variables}
    directions = {}
    for variable in variables:
        definition = store.definition(variable)
        directions[variable] = definition is None or definition.higher_is_better is not False
    result = socioeconomic_index(values, variables=directions)
    outcome = area_values(store, outcome_id, codes, year) if outcome_id else {}
    pairs = [
        (score, outcome[code])
        for code, score in result.scores.items()
        if score is not None and outcome.get(code) is not None
    ]
    association = None
    if len(pairs) >= 4:
        association = correlation([x for x, _y in pairs], [y for _x, y in pairs])  # type: ignore[misc]
    return IndexPage(result, values, outcome, association)


def _rings(geometry: shapely.Geometry) -> tuple[Ring, ...]:
    polygons = list(getattr(geometry, "geoms", [geometry]))
    rings: list[Ring] = []
    for polygon in polygons:
        oriented = orient(polygon, 1.0)
        for ring in (oriented.exterior, *oriented.interiors):
            rings.append(tuple((float(x), float(y)) for x, y in ring.coords))
    return tuple(rings)


def index_map(layer: Layer, scores: dict[str, float | None], title: str, label: str) -> str:
    """The areas coloured by index 0–10 (SVG), drawn in SWEREF 99 TM."""
    areas = []
    for shape in projected(layer):
        point = shape.geometry.representative_point()
        score = scores.get(shape.code)
        areas.append(
            charts.MapArea(
                shape.code,
                shape.name or shape.code,
                None if score is None or not math.isfinite(score) else round(score, 1),
                _rings(shape.geometry),
                (float(point.x), float(point.y)),
            )
        )
    return charts.svg(charts.Choropleth(title, tuple(areas), label, 0.0, 10.0), height=4.5)


def association_chart(layer: Layer, page: IndexPage, title: str, x_label: str, y_label: str) -> str:
    names = {s.code: s.name or s.code for s in layer.shapes}
    points = tuple(
        (names.get(code, code), round(score, 2), float(page.outcome[code]))  # type: ignore[arg-type]
        for code, score in page.result.scores.items()
        if score is not None and page.outcome.get(code) is not None
    )
    return charts.svg(charts.Scatter(title, points, x_label, y_label))
