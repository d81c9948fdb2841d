"""Copying a shared type case into a case (builder.copy_type_case): bearers mapped by name and
kind, the type case's own unit costs added (a key the case uses for other figures renamed), keys
kept unique, and what stops the copy reported."""

from __future__ import annotations

from typing import Any

from sikt.web.calculations.builder import copy_type_case

CASE: dict[str, Any] = {
    "key": "kalkyl",
    "name": "Kalkyl",
    "base_year": 2025,
    "horizon_years": 5,
    "bearers": [
        {"key": "sn", "name": "Socialnämnden", "kind": "committee"},
        {"key": "fk", "name": "Försäkringskassan", "kind": "social_insurance"},
    ],
    "unit_costs": [{"key": "egen", "name": "Egen", "amount": 100, "price_year": 2025}],
    "type_cases": [{"key": "ungdom", "name": "Ungdom", "persons_per_year": [1], "lines": []}],
}

ITEM: dict[str, Any] = {
    "key": "ungdom",
    "name": "Ungdom som slipper HVB",
    "confidence": "C",
    "deadweight": 0.2,
    "persons_per_year": [5, 5],
    "lines": [
        {"unit_cost": "egen", "without": [1], "with": [0], "bearer": "socialnamnden"},
        {
            "unit_cost": "hvb_dygn",
            "without": [200],
            "with": [20],
            "shares": {"socialnamnden": 0.5, "forsakringskassan": 0.3, "regionen": 0.2},
        },
    ],
    "unit_costs": [{"key": "egen", "name": "Publicerad", "amount": 250}],
    "bearers": [
        {"key": "socialnamnden", "name": "Socialnämnden", "kind": "committee"},
        {"key": "forsakringskassan", "name": "Försäkringskassan", "kind": "social_insurance"},
        {"key": "regionen", "name": "Regionen", "kind": "region"},
    ],
    "source": {"initiative": "Förbundets satsning", "price_year": 2024},
}

COMMITTEES = {"socialnamnden": (7, "Socialnämnden")}


def test_bearers_unit_costs_and_keys_are_mapped_onto_the_case() -> None:
    copied = copy_type_case(
        CASE, ITEM, committees=COMMITTEES, committee_map={"sn": 7}, library={"hvb_dygn"}
    )
    assert (copied.unmatched_bearers, copied.missing_unit_costs) == ([], [])
    assert copied.key == "ungdom_2"
    item = copied.data["type_cases"][-1]
    assert (item["name"], item["confidence"], item["deadweight"]) == (ITEM["name"], "C", 0.2)
    first, second = item["lines"]
    assert first == {"unit_cost": "egen_2", "without": [1], "with": [0], "bearer": "sn"}
    assert second["shares"] == {"sn": 0.5, "fk": 0.3, "regionen": 0.2}
    assert copied.data["bearers"][-1] == {"key": "regionen", "name": "Regionen", "kind": "region"}
    assert copied.data["unit_costs"][-1] == {
        "key": "egen_2",
        "name": "Publicerad",
        "amount": 250,
        "price_year": 2024,
    }
    assert CASE["type_cases"][0]["key"] == "ungdom"  # the input is not changed
    assert len(CASE["bearers"]) == 2


def test_a_committee_without_a_match_and_a_missing_library_cost_are_reported() -> None:
    copied = copy_type_case(CASE, ITEM, committees={}, committee_map={}, library=set())
    assert copied.unmatched_bearers == ["Socialnämnden"]
    assert copied.missing_unit_costs == ["hvb_dygn"]
