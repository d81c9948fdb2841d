"""Indicator pages: define, import (all or nothing, errors by row and column), compare, Kolada."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from sikt.analysis.kolada import KoladaClient, KoladaError
from sikt.analysis.store import IndicatorDefinition
from sikt.text import Text
from sikt.web.accounts.models import Organization, Role
from sikt.web.audit.models import AuditEntry
from sikt.web.needs import kolada
from sikt.web.needs.store import store_for
from tests.analysis.kolada_recorded import Recorded
from tests.web.conftest import login
from tests.web.factories import make_user

pytestmark = pytest.mark.django_db

VALUES = (
    "indikator;område;områdesnamn;period;kön;antal;värde\n"
    "HVB;9999;Exempelby;2022;T;40;12,5\n"
    "HVB;9999;Exempelby;2023;T;44;14,0\n"
    "HVB;0000;Riket;2022;T;;9,0\n"
    "HVB;0000;Riket;2023;T;;9,5\n"
    "HVB;9999;Exempelby;2023;K;3;2,0\n"
    "HVB;9999;Exempelby;2023;M;41;26,0\n"
)


@pytest.fixture
def analyst_client(client: Client, organization: Organization) -> Client:
    organization.municipality_code = "9999"
    organization.save()
    return login(client, make_user(organization, Role.ANALYST))


def _define(client: Client) -> None:
    response = client.post(
        reverse("needs:indicators"),
        {"id": "HVB", "title": "Unga i HVB", "unit": "per 1 000", "direction": "lower"},
    )
    assert response.status_code == 302


def _upload(client: Client, text: str, name: str = "varden.csv") -> object:
    return client.post(
        reverse("needs:indicator-import"),
        {"file": SimpleUploadedFile(name, text.encode("utf-8"), "text/csv")},
    )


def test_analyst_defines_imports_and_compares(
    analyst_client: Client, organization: Organization
) -> None:
    _define(analyst_client)
    assert _upload(analyst_client, VALUES).status_code == 302
    assert store_for(organization).count() == 6
    listing = analyst_client.get(reverse("needs:indicators")).content.decode()
    assert "Unga i HVB" in listing and "2022–2023" in listing
    page = analyst_client.get(reverse("needs:comparison"), {"indikator": "HVB"}).content.decode()
    assert "<svg" in page
    assert "Exempelby" in page and "Riket" in page
    assert "12,5" in page and "9,5" in page
    assert "en skillnad på 4,5 (47,4 %) – sämre" in page  # 14 − 9,5 where lower is better
    assert "dolt" in page  # women 2023 rest on 3 individuals
    assert "2,0" not in page
    assert AuditEntry.objects.filter(note__startswith="Indikatorvärden importerade").exists()


def test_a_bad_file_names_row_and_column_and_writes_nothing(
    analyst_client: Client, organization: Organization
) -> None:
    _define(analyst_client)
    bad = VALUES + "OKAND;9999;Exempelby;2023;T;10;1\nHVB;9999;Exempelby;2024;T;10;mycket\n"
    response = _upload(analyst_client, bad)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ingenting importerades" in page
    assert "<td>8</td>" in page and "<td>9</td>" in page
    assert "okänd indikator" in page and "är inte ett tal" in page
    assert store_for(organization).count() == 0


def test_readers_cannot_load_data(client: Client, organization: Organization) -> None:
    login(client, make_user(organization, Role.VIEWER))
    assert client.get(reverse("needs:indicators")).status_code == 200
    assert client.post(reverse("needs:indicators"), {"id": "X", "title": "X"}).status_code == 403
    assert _upload(client, VALUES).status_code == 403
    assert client.post(reverse("needs:kolada"), {}).status_code == 403
    assert store_for(organization).definitions() == []


def test_kolada_fetch_from_the_page(
    client: Client, organization: Organization, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(kolada, "client", lambda: KoladaClient(Recorded()))
    organization.municipality_code = "0380"
    organization.save()
    login(client, make_user(organization, Role.COORDINATOR))
    response = client.post(
        reverse("needs:kolada"), {"kpis": "N15419", "years": "2023-2024", "group": "G124026"}
    )
    assert response.status_code == 302
    assert len(store_for(organization).values("N15419", sex="T")) == 7
    page = client.get(
        reverse("needs:comparison"), {"indikator": "N15419", "grupp": "G124026"}
    ).content.decode()
    assert "Källa: Kolada" in page
    assert "Liknande kommuner" in page


def test_kolada_without_network_says_so_and_writes_nothing(
    client: Client, organization: Organization, monkeypatch: pytest.MonkeyPatch
) -> None:
    def offline(url: str) -> bytes:
        raise KoladaError(Text("Kolada kunde inte nås; kräver nätverk", "no network"))

    monkeypatch.setattr(kolada, "client", lambda: KoladaClient(offline))
    organization.municipality_code = "0380"
    organization.save()
    login(client, make_user(organization, Role.ANALYST))
    response = client.post(reverse("needs:kolada"), {"kpis": "N15419", "years": "2023"})
    assert "kunde inte nås" in response.content.decode()
    assert store_for(organization).definitions() == []


def test_indicator_chosen_in_an_analysis_is_listed_with_its_title(
    analyst_client: Client, organization: Organization
) -> None:
    store_for(organization).define([IndicatorDefinition("HVB", "Unga i HVB")])
    page = analyst_client.get(reverse("needs:create")).content.decode()
    assert "Unga i HVB (HVB)" in page


def test_comparison_exports_table_and_chart(
    analyst_client: Client, organization: Organization
) -> None:
    import io

    from openpyxl import load_workbook

    _define(analyst_client)
    _upload(analyst_client, VALUES)
    query = {"indikator": "HVB"}
    xlsx = analyst_client.get(reverse("needs:comparison-xlsx"), query)
    assert xlsx["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[1][1:3] == [2022, 2023]
    assert rows[2][:3] == ["Exempelby", 12.5, 14.0] and rows[3][:3] == ["Riket", 9.0, 9.5]
    svg = analyst_client.get(reverse("needs:comparison-svg"), query)
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content
    png = analyst_client.get(reverse("needs:comparison-png"), query)
    assert png.content.startswith(b"\x89PNG")
    assert (
        analyst_client.get(reverse("needs:comparison-xlsx"), {"indikator": "NO"}).status_code == 404
    )
