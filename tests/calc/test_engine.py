"""Hand-calculated cases: every expected number is worked out in the comment above it."""

import numpy as np
import pytest

from sikt.calc import load_case, run_deterministic
from sikt.calc.engine import _stock


def test_avoided_events_valued_and_booked_to_bearer(library, case_dict):
    # 2 avoided placements/yr × 50 days × 1 000 kr = 100 000 kr/yr to Socialnämnden, 5 years.
    result = run_deterministic(load_case(case_dict()), library)
    sn = result.perspective("sn")
    assert sn.yearly.adjusted_benefits == pytest.approx([100_000] * 5)
    # Organisation: 500 000 benefits − 200 000 costs at 0 % = 300 000.
    assert result.perspective("organisation").npv == pytest.approx(300_000)
    assert result.perspective("staten").npv == 0


def test_duration_and_drop_off(library, case_dict):
    # e=2/yr, duration 3, drop-off 0.5: S = 2, 2+1, 2+1+0.5, 3.5, 3.5 (× 50 000 kr)
    data = case_dict()
    data["outcomes"][0].update(duration_years=3, drop_off=0.5)
    sn = run_deterministic(load_case(data), library).perspective("sn")
    assert sn.yearly.gross_benefits == pytest.approx([100_000, 150_000, 175_000, 175_000, 175_000])


def test_probability_effect_uses_group_and_ramp(library, case_dict):
    # 10 % × group [10, 20] × ramp [0.5, 1] → 0.5, 2 events × 50 000 kr
    data = case_dict(target_group={"size_per_year": [10, 20]})
    data["outcomes"][0].update(effect_kind="probability", effect=0.1, ramp_up=[0.5, 1])
    sn = run_deterministic(load_case(data), library).perspective("sn")
    assert sn.yearly.gross_benefits == pytest.approx([25_000, 100_000, 0, 0, 0])


def test_adjustments_multiply(library, case_dict):
    # (1−0.2)(1−0.25)(1−0.1)(1−optimism C 0.25) = 0.405
    data = case_dict(
        adjustments={
            "deadweight": 0.2,
            "attribution": 0.25,
            "displacement": 0.1,
            "optimism_bias": {"C": 0.25},
        }
    )
    data["outcomes"][0]["confidence"] = "C"
    sn = run_deterministic(load_case(data), library).perspective("sn")
    assert sn.yearly.adjusted_benefits[0] == pytest.approx(100_000 * 0.405)
    assert sn.yearly.gross_benefits[0] == pytest.approx(100_000)


def test_added_outcome_is_a_negative_benefit(library, case_dict):
    data = case_dict()
    data["outcomes"][0]["direction"] = "added"
    assert run_deterministic(load_case(data), library).perspective("sn").npv == pytest.approx(
        -500_000
    )


def test_price_index_restates_unit_costs_and_costs(library, case_dict):
    # Unit cost in 2020 prices, index 100 → 110: 1 000 kr becomes 1 100 kr.
    data = case_dict(price_index={2020: 100, 2025: 110})
    data["unit_costs"][0]["price_year"] = 2020
    data["costs"][0]["price_year"] = 2020
    result = run_deterministic(load_case(data), library)
    assert result.perspective("sn").yearly.gross_benefits[0] == pytest.approx(110_000)
    assert result.perspective("ks").yearly.costs[0] == pytest.approx(110_000)
    assert result.caveats == []


def test_missing_price_index_is_a_caveat_not_a_guess(library, case_dict):
    data = case_dict()
    data["unit_costs"][0]["price_year"] = 2020
    result = run_deterministic(load_case(data), library)
    assert result.perspective("sn").yearly.gross_benefits[0] == pytest.approx(100_000)
    assert any("prisindex saknas" in c.sv for c in result.caveats)


def test_type_case_convolves_persons_with_trajectory(library, case_dict):
    # persons [2, 4]; without−with per year since start = [10−4, 10−8] = [6, 2] days × 1 000 kr
    # year 0: 2×6 = 12; year 1: 2×2 + 4×6 = 28; year 2: 4×2 = 8  (thousand kr)
    data = case_dict(outcomes=[])
    data["type_cases"] = [
        {
            "key": "typ",
            "name": "Typfall",
            "persons_per_year": [2, 4],
            "lines": [
                {
                    "unit_cost": "dygn",
                    "without": [10, 10],
                    "with": [4, 8],
                    "shares": {"sn": 0.5, "staten": 0.5},
                }
            ],
        }
    ]
    result = run_deterministic(load_case(data), library)
    assert result.perspective("society").yearly.gross_benefits == pytest.approx(
        [12_000, 28_000, 8_000, 0, 0]
    )
    assert result.perspective("state").yearly.gross_benefits[1] == pytest.approx(14_000)


def test_perspectives_add_up(library, case_dict):
    data = case_dict()
    data["outcomes"][0]["valuation"][0] = {
        "unit_cost": "dygn",
        "quantity": 50,
        "shares": {"sn": 0.7, "staten": 0.3},
    }
    result = run_deterministic(load_case(data), library)
    actors = sum(p.npv for p in result.perspectives if p.level == "actor")
    assert result.perspective("society").npv == pytest.approx(actors)
    assert result.perspective("organisation").npv == pytest.approx(
        result.perspective("ks").npv + result.perspective("sn").npv
    )


def test_library_cost_with_price_year_and_index(library, case_dict):
    # HVB (Cura) 4 219 kr/dygn in 2025 prices, case in 2025: 1 event × 10 days = 42 190 kr
    data = case_dict()
    data["outcomes"][0].update(
        effect=1,
        valuation=[{"unit_cost": "hvb_cura_institutionsvard_2025", "quantity": 10, "bearer": "sn"}],
    )
    assert run_deterministic(load_case(data), library).perspective("sn").yearly.gross_benefits[
        0
    ] == pytest.approx(42_190)


def test_stock_closed_form_equals_the_sum_over_cohorts():
    # S_t = Σ_{a<D, a≤t} e_{t−a} keep^a, reduced with W; checked against the literal sum.
    rng = np.random.default_rng(2)
    n, years, duration = 6, 7, [1, 3, 7, 12]
    profile = rng.uniform(0, 2, (len(duration), n, years))
    effect = rng.uniform(0, 3, (len(duration), n))
    keep = rng.uniform(-0.2, 1, (len(duration), n))
    weights = rng.uniform(0, 1, (years, 2))
    expected = np.zeros((len(duration), n, years))
    for o, d in enumerate(duration):
        for t in range(years):
            for a in range(min(d, t + 1)):
                expected[o, :, t] += effect[o] * profile[o, :, t - a] * keep[o] ** a
    yearly = _stock(profile, effect, keep, duration, np.eye(years))
    assert yearly == pytest.approx(expected, rel=1e-12)
    reduced = _stock(profile, effect, keep, duration, weights)
    assert reduced == pytest.approx(expected @ weights, rel=1e-12)
