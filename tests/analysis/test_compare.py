"""Comparisons and breakdowns of key indicators: series, gaps, ranks, hidden small counts."""

from __future__ import annotations

import pytest

from sikt.analysis.areagroups import AreaGroup, save_groups
from sikt.analysis.breakdown import breakdowns, by_area, by_dimension, by_sex
from sikt.analysis.compare import compare, rank
from sikt.analysis.store import (
    KOLADA_ATTRIBUTION,
    Area,
    IndicatorDefinition,
    IndicatorStore,
    IndicatorValue,
)


@pytest.fixture
def store() -> IndicatorStore:
    store = IndicatorStore(":memory:")
    store.define(
        [
            IndicatorDefinition(
                "N15419", "Behöriga", "%", True, "Kolada", attribution=KOLADA_ATTRIBUTION
            ),
            IndicatorDefinition("U1", "Egen", "antal", False),
        ]
    )
    store.set_areas([Area("0380", "Uppsala"), Area("0003", "Region Uppsala", "region")])
    save_groups(store, [AreaGroup("G1", "Liknande Uppsala", ("0380", "0580", "1280", "0480"))])
    rows = [
        ("0380", 2023, 80.0),
        ("0380", 2024, 82.0),
        ("0000", 2023, 84.0),
        ("0000", 2024, 84.5),
        ("0003", 2024, 80.0),
        ("0580", 2024, 86.0),
        ("1280", 2024, 78.0),
        ("0480", 2024, 88.0),
        ("0180", 2024, 82.0),
        ("2480", 2024, 90.0),
    ]
    store.add_values(
        [IndicatorValue("N15419", a, p, v, origin="kolada") for a, p, v in rows]
        + [
            IndicatorValue("N15419", "0380", 2024, 85.0, sex="K", origin="kolada"),
            IndicatorValue("N15419", "0380", 2024, 79.0, sex="M", origin="kolada"),
            IndicatorValue("U1", "0380", 2024, 12.0, dimension="Ålder", category="13–15", n=40),
            IndicatorValue("U1", "0380", 2024, 3.0, dimension="Ålder", category="16–17", n=3),
            IndicatorValue("U1", "Norr", 2024, 4.0, n=30),
            IndicatorValue("U1", "Söder", 2024, 9.0, n=4),
        ]
    )
    return store


def test_series_over_time_against_country_region_and_group(store: IndicatorStore) -> None:
    result = compare(store, "N15419", "0380", group_id="G1")
    keys = [s.key for s in result.series]
    assert keys == ["own", "country", "region", "group"]
    own = result.series_by_key("own")
    assert own is not None and [p.value for p in own.points] == [80.0, 82.0]
    group = result.series_by_key("group")
    assert group is not None
    point = group.at(2024)
    assert point is not None
    assert point.value == pytest.approx((86 + 78 + 88) / 3)  # the organisation left out
    assert point.members == 3
    assert result.series_by_key("region").label == "Region Uppsala"  # type: ignore[union-attr]


def test_gap_in_units_and_per_cent_with_direction(store: IndicatorStore) -> None:
    gaps = {g.reference_key: g for g in compare(store, "N15419", "0380", group_id="G1").gaps}
    country = gaps["country"]
    assert country.period == 2024
    assert country.units == pytest.approx(-2.5)
    assert country.percent == pytest.approx(-2.5 / 84.5 * 100)
    assert country.favourable is False
    assert gaps["region"].units == pytest.approx(2.0)
    assert gaps["region"].favourable is True


def test_rank_among_municipalities_and_within_the_group(store: IndicatorStore) -> None:
    rankings = {r.among: r for r in compare(store, "N15419", "0380", group_id="G1").rankings}
    # 2024 municipalities: 90, 88, 86, 82 (0380), 82 (0180), 78 → shared 4th of 6.
    assert (rankings["municipalities"].rank, rankings["municipalities"].of) == (4, 6)
    assert (rankings["group"].rank, rankings["group"].of) == (3, 4)


def test_rank_lower_is_better_and_ties() -> None:
    values = {"a": 1.0, "b": 2.0, "c": 2.0, "d": 3.0}
    assert rank(values, "c", highest_first=False) == (2, 4)
    assert rank(values, "d", highest_first=True) == (1, 4)
    assert rank(values, "x", highest_first=True) is None


def test_kolada_attribution_on_kolada_series_only(store: IndicatorStore) -> None:
    result = compare(store, "N15419", "0380", group_id="G1")
    assert result.attributions == (KOLADA_ATTRIBUTION,)
    assert {s.key: s.attribution for s in result.series} == {
        "own": KOLADA_ATTRIBUTION,
        "country": KOLADA_ATTRIBUTION,
        "region": KOLADA_ATTRIBUTION,
        "group": "",
    }
    assert next(s for s in result.series if s.key == "group").derived


def test_breakdown_by_sex_with_difference(store: IndicatorStore) -> None:
    table = by_sex(store, "N15419", "0380")
    assert table is not None
    assert table.labels == ("Kvinnor", "Män", "Totalt")
    assert dict(table.differences)[2024] == pytest.approx(6.0)
    assert dict(table.differences)[2023] is None
    assert table.attribution == KOLADA_ATTRIBUTION


def test_small_counts_are_hidden_in_breakdowns(store: IndicatorStore) -> None:
    table = by_dimension(store, "U1", "0380", "Ålder")
    assert table.cell("13–15", 2024).value == 12.0  # type: ignore[union-attr]
    hidden = table.cell("16–17", 2024)
    assert hidden is not None and hidden.hidden and hidden.value is None
    assert table.attribution == ""
    areas = by_area(store, "U1")
    assert areas.cell("Norr", 2024).value == 4.0  # type: ignore[union-attr]
    assert areas.cell("Söder", 2024).hidden  # type: ignore[union-attr]
    assert by_area(store, "U1", threshold=3).cell("Söder", 2024).value == 9.0  # type: ignore[union-attr]


def test_breakdowns_lists_sex_then_dimensions(store: IndicatorStore) -> None:
    assert [t.dimension for t in breakdowns(store, "N15419", "0380")] == ["Kön"]
    assert [t.dimension for t in breakdowns(store, "U1", "0380")] == ["Ålder"]
    assert by_sex(store, "U1", "0380") is None


def test_unknown_indicator(store: IndicatorStore) -> None:
    with pytest.raises(KeyError):
        compare(store, "X", "0380")
