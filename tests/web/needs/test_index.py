"""Areas from GeoJSON and the socio-economic index per area with its map and association."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from sikt.web.accounts.models import Organization, Role
from sikt.web.needs.areas import layer_for
from sikt.web.needs.demo import DISTRICT_INDICATORS, _district_values, districts_geojson
from sikt.web.needs.store import store_for
from tests.web.conftest import login
from tests.web.factories import make_user

pytestmark = pytest.mark.django_db


def _upload(client: Client, data: bytes, crs: str = "") -> object:
    return client.post(
        reverse("needs:areas"),
        {"file": SimpleUploadedFile("omraden.geojson", data, "application/geo+json"), "crs": crs},
    )


def test_areas_index_map_and_association(client: Client, organization: Organization) -> None:
    login(client, make_user(organization, Role.ANALYST))
    assert _upload(client, districts_geojson()).status_code == 302
    store = store_for(organization)
    store.define(list(DISTRICT_INDICATORS))
    store.add_values(_district_values())
    page = client.get(reverse("needs:index")).content.decode()
    assert page.count("<svg") == 2  # the map and the scatter plot
    assert "Hamnen" in page and "Norra Exempelby" in page
    # Norra Exempelby is highest on every variable (index 10), Hamnen lowest (0).
    assert '<td class="num">10,0</td>' in page and '<td class="num">0,0</td>' in page
    assert "Pearsons r = −0,99" in page or "Pearsons r = −1,00" in page


def test_an_invalid_polygon_is_named_and_nothing_is_saved(
    client: Client, organization: Organization
) -> None:
    login(client, make_user(organization, Role.ANALYST))
    bowtie = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"kod": "D1", "namn": "Fjärilen"},
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [[[16, 60], [16.1, 60.1], [16.1, 60], [16, 60.1], [16, 60]]],
                },
            }
        ],
    }
    response = _upload(client, json.dumps(bowtie).encode())
    page = response.content.decode()
    assert response.status_code == 200
    assert "Fjärilen" in page and "Ingenting sparades" in page
    assert layer_for(organization) is None


def test_sweref_coordinates_are_reprojected_when_the_system_is_given(
    client: Client, organization: Organization
) -> None:
    login(client, make_user(organization, Role.COORDINATOR))
    square = [
        [
            [600000, 6650000],
            [601000, 6650000],
            [601000, 6651000],
            [600000, 6651000],
            [600000, 6650000],
        ]
    ]
    document = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"kod": "D1", "namn": "Rutan"},
                "geometry": {"type": "Polygon", "coordinates": square},
            }
        ],
    }
    refused = _upload(client, json.dumps(document).encode())
    assert "EPSG:3006" in refused.content.decode()
    assert _upload(client, json.dumps(document).encode(), crs="EPSG:3006").status_code == 302
    layer = layer_for(organization)
    assert layer is not None
    x, y = layer.shapes[0].geometry.centroid.coords[0]
    assert 16 < x < 17 and 59.9 < y < 60.1


def test_readers_cannot_upload_areas(client: Client, organization: Organization) -> None:
    login(client, make_user(organization, Role.VIEWER))
    assert _upload(client, districts_geojson()).status_code == 403
    assert client.get(reverse("needs:index")).status_code == 200
