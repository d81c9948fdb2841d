"""The Kolada client against recorded API v3 responses: paging, batching, 422, storing."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from sikt.analysis import kolada_store
from sikt.analysis.areagroups import area_group
from sikt.analysis.kolada import KoladaClient, KoladaError, batches
from sikt.analysis.store import KOLADA_ATTRIBUTION, IndicatorStore
from sikt.text import Text
from tests.analysis.kolada_recorded import Recorded


def test_kpi_search_reads_the_documented_fields() -> None:
    recorded = Recorded()
    found = KoladaClient(recorded).search_kpis("behöriga till ett yrkesprogram")
    assert [k.id for k in found] == ["N15419", "N15428"]
    assert found[0].is_divided_by_gender is True
    assert found[0].publication_date == date(2025, 9, 25)
    assert found[0].operating_area == "Grundskola"
    query = parse_qs(urlparse(recorded.requested[0]).query)
    assert query["title"] == ["behöriga till ett yrkesprogram"]


def test_paging_follows_next_url_until_it_is_empty() -> None:
    recorded = Recorded()
    areas = KoladaClient(recorded).areas()
    assert [a.id for a in areas] == ["0000", "0003", "0380", "0480", "0580", "1280"]
    assert len(recorded.requested) == 2
    assert recorded.requested[1] == "https://api.kolada.se/v3/municipality?page=2&per_page=3"


def test_a_next_url_that_repeats_is_refused_instead_of_looping() -> None:
    loop = {"values": [], "next_url": "https://api.kolada.se/v3/kpi?page=1"}

    def fetch(_url: str) -> bytes:
        return json.dumps(loop).encode()

    with pytest.raises(KoladaError, match="never end"):
        list(KoladaClient(fetch).pages("https://api.kolada.se/v3/kpi?page=1"))


def test_groups_accept_member_objects_of_v3_and_v2() -> None:
    group = KoladaClient(Recorded()).group("G124026")
    assert group is not None
    assert group.members == ("0580", "1280", "0480")
    v2 = {"values": [{"id": "G1", "title": "x", "members": [{"member_id": "0180"}]}]}
    client = KoladaClient(lambda _url: json.dumps(v2).encode())
    assert client.groups()[0].members == ("0180",)


def test_ids_are_sent_in_batches_of_25() -> None:
    asked: list[list[str]] = []

    def fetch(url: str) -> bytes:
        segments = urlparse(url).path.split("/")
        asked.append(segments[segments.index("municipality") + 1].split(","))
        return b'{"values": [], "next_url": null}'

    codes = [f"{n:04d}" for n in range(100, 160)]
    KoladaClient(fetch).values(["N15419"], codes, [2024])
    assert [len(part) for part in asked] == [25, 25, 10]
    assert [code for part in asked for code in part] == codes
    assert batches(["a", "b", "a"], 2) == [["a", "b"]]


def test_a_422_splits_the_longest_list_and_retries() -> None:
    asked: list[str] = []

    def fetch(url: str) -> bytes:
        asked.append(url)
        path = urlparse(url).path
        areas = path.split("/municipality/")[1].split("/")[0].split(",")
        if len(areas) > 2:
            raise KoladaError(Text("för många", "too many"), status=422)
        items = [
            {
                "kpi": "N1",
                "municipality": a,
                "period": 2024,
                "values": [{"gender": "T", "value": 1}],
            }
            for a in areas
        ]
        return json.dumps({"values": items, "next_url": None}).encode()

    values = KoladaClient(fetch).values(["N1"], ["0180", "0380", "0480", "0580", "1280"], [2024])
    assert sorted(v.municipality for v in values) == ["0180", "0380", "0480", "0580", "1280"]
    assert len(asked) > 1


def test_other_http_errors_are_not_retried() -> None:
    def fetch(_url: str) -> bytes:
        raise KoladaError(Text("fel", "error"), status=500)

    with pytest.raises(KoladaError) as caught:
        KoladaClient(fetch).values(["N1"], ["0180"], [2024])
    assert caught.value.status == 500


def test_an_answer_that_is_not_json_names_the_url() -> None:
    client = KoladaClient(lambda _url: b"<html>maintenance</html>")
    with pytest.raises(KoladaError, match="JSON"):
        client.areas()


def test_fetch_stores_values_with_gender_status_publication_date_and_attribution(
    tmp_path: Path,
) -> None:
    store = IndicatorStore(tmp_path / "s.duckdb")
    recorded = Recorded()
    summary = kolada_store.fetch(
        KoladaClient(recorded),
        store,
        kpis=["N15419"],
        areas=["0380"],
        years=[2023, 2024],
        group_ids=["G124026"],
    )
    assert summary.indicators == ("N15419",)
    assert summary.unpublished == 1  # Malmö's women: status "Bortfall", no value
    assert summary.values == 11  # neither the unpublished nor the deleted value
    definition = store.definition("N15419")
    assert definition is not None
    assert definition.attribution == KOLADA_ATTRIBUTION
    assert definition.unit == "%"
    women = store.values("N15419", areas=["0380"], sex="K", periods=[2024])[0]
    assert (women.value, women.origin, women.published) == (85.0, "kolada", date(2025, 9, 25))
    areas = store.areas()
    assert areas["0003"].level == "region"
    assert areas["0380"].name == "Uppsala"
    group = area_group(store, "G124026")
    assert group is not None
    assert set(group.members) == {"0580", "1280", "0480"}


def test_fetch_refuses_an_unknown_kpi(tmp_path: Path) -> None:
    store = IndicatorStore(tmp_path / "s.duckdb")
    with pytest.raises(KoladaError, match="N99999"):
        kolada_store.fetch(
            KoladaClient(Recorded({"kpi/N15419,N99999": "kpi_search.json"})),
            store,
            kpis=["N15419", "N99999"],
            areas=["0380"],
            years=[2024],
        )


@pytest.mark.parametrize(
    ("title", "unit"),
    [
        ("Elever i åk. 9 som är behöriga till ett yrkesprogram, hemkommun, andel (%)", "%"),
        ("Nettokostnad individ- och familjeomsorg, kr/inv", "kr/inv"),
        ("Invånare totalt, antal", "antal"),
        ("Något utan enhet", ""),
    ],
)
def test_unit_from_title(title: str, unit: str) -> None:
    assert kolada_store.unit_from_title(title) == unit


def test_region_of_a_municipality() -> None:
    assert kolada_store.region_of("0380") == "0003"
    assert kolada_store.region_of("0003") is None
