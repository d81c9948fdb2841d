"""Shared builders for calculation tests: small cases whose numbers can be checked by hand."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from sikt.calc import (
    Case,
    UnitCostLibrary,
    load_unit_cost_library,
    propose_repayment_plan,
    run_deterministic,
    run_monte_carlo,
    run_sensitivity,
)
from sikt.calc.export.html import report_html

BASE: dict[str, Any] = {
    "key": "hand",
    "name": "Handräknat fall",
    "base_year": 2025,
    "horizon_years": 5,
    "discounting": {"rate": 0.0},
    "bearers": [
        {"key": "ks", "name": "Kommunstyrelsen", "kind": "committee"},
        {"key": "sn", "name": "Socialnämnden", "kind": "committee"},
        {"key": "staten", "name": "Staten", "kind": "state"},
    ],
    "unit_costs": [{"key": "dygn", "name": "Vårddygn", "amount": 1000, "price_year": 2025}],
    "costs": [{"name": "Team", "bearer": "ks", "amounts": [100000, 100000]}],
    "adjustments": {"optimism_bias": {"A": 0, "B": 0, "C": 0, "D": 0}},
    "outcomes": [
        {
            "key": "placering",
            "name": "Undvikna placeringar",
            "effect": 2,
            "duration_years": 1,
            "valuation": [{"unit_cost": "dygn", "quantity": 50, "bearer": "sn"}],
        }
    ],
}


def case_dict(**changes: Any) -> dict[str, Any]:
    """A deep copy of :data:`BASE` with top-level keys replaced."""
    data = copy.deepcopy(BASE)
    data.update(changes)
    return data


@pytest.fixture(scope="session")
def library() -> UnitCostLibrary:
    return load_unit_cost_library()


@pytest.fixture(name="case_dict", scope="session")
def case_dict_fixture() -> Any:
    """The :func:`case_dict` builder, as a fixture (test folders are not packages)."""
    return case_dict


def full_report(case: Case, library: UnitCostLibrary) -> str:
    """The HTML report with every part: results, 200 Monte Carlo draws, tornado, repayment."""
    result = run_deterministic(case, library)
    return report_html(
        case,
        result,
        run_monte_carlo(case, 200, 1, library),
        run_sensitivity(case, "organisation", library),
        propose_repayment_plan(case, result, library),
    )


@pytest.fixture(name="full_report", scope="session")
def full_report_fixture() -> Any:
    """:func:`full_report`, as a fixture."""
    return full_report
