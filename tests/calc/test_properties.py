"""Invariants of the calculation (hypothesis), as listed in issue 3."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sikt.calc import (
    load_case,
    load_unit_cost_library,
    propose_repayment_plan,
    run_deterministic,
    run_monte_carlo,
)
from sikt.calc.money import discount_factors

amount = st.floats(min_value=0, max_value=1e6, allow_nan=False)
amounts = st.lists(amount, min_size=1, max_size=5)
rate = st.floats(min_value=0, max_value=0.2)
FAST = settings(max_examples=25, deadline=None)
LIBRARY = load_unit_cost_library()


def _build(case_dict, costs, effect, quantity, rate_value=0.035, share=0.5):
    data = case_dict(discounting={"rate": rate_value})
    data["costs"] = [{"name": "Team", "bearer": "ks", "amounts": costs}]
    data["outcomes"][0].update(
        effect=effect,
        duration_years=2,
        valuation=[
            {
                "unit_cost": "dygn",
                "quantity": quantity,
                "shares": {"sn": share, "staten": 1 - share},
            }
        ],
    )
    return load_case(data)


@FAST
@given(costs=amounts, rate_value=rate)
def test_zero_effect_gives_minus_pv_of_costs(case_dict, costs, rate_value):
    case = _build(case_dict, costs, 0.0, 50, rate_value)
    padded = np.zeros(5)
    padded[: len(costs)] = costs
    expected = -float(np.dot(padded, discount_factors(rate_value, 5)))
    for key in ("organisation", "society"):
        assert run_deterministic(case, LIBRARY).perspective(key).npv == pytest.approx(
            expected, abs=1e-6
        )


@FAST
@given(
    costs=st.lists(st.floats(min_value=1, max_value=1e6), min_size=1, max_size=5),
    effect=st.floats(min_value=0, max_value=20),
    k=st.floats(min_value=0.01, max_value=100),
)
def test_scaling_costs_and_benefits_keeps_bcr(case_dict, costs, effect, k):
    base = run_deterministic(_build(case_dict, costs, effect, 50), LIBRARY).perspective("society")
    scaled = run_deterministic(_build(case_dict, [c * k for c in costs], effect * k, 50), LIBRARY)
    assert scaled.perspective("society").bcr == pytest.approx(base.bcr, rel=1e-9)


@FAST
@given(
    costs=st.lists(st.floats(min_value=1, max_value=1e6), min_size=1, max_size=1),
    effect=st.floats(min_value=0, max_value=20),
    low=rate,
    extra=st.floats(min_value=0.001, max_value=0.2),
)
def test_higher_rate_never_raises_npv_when_costs_come_first(  # all costs in the base year
    case_dict, library, costs, effect, low, extra
):
    data = case_dict(discounting={"rate": low})
    data["costs"] = [{"name": "Team", "bearer": "ks", "amounts": costs}]
    data["outcomes"][0]["effect"] = effect
    data["outcomes"][0]["ramp_up"] = [0, 0]  # benefits only after the costs (years ≥ 2)
    at_low = run_deterministic(load_case(data), LIBRARY).perspective("organisation").npv
    data["discounting"] = {"rate": low + extra}
    at_high = run_deterministic(load_case(data), LIBRARY).perspective("organisation").npv
    assert at_high <= at_low + 1e-6


@FAST
@given(
    costs=amounts,
    effect=st.floats(min_value=0, max_value=20),
    share=st.floats(min_value=0, max_value=1),
    repay_share=st.floats(min_value=0, max_value=1),
)
def test_repayments_never_exceed_savings(case_dict, costs, effect, share, repay_share):
    data = _build(case_dict, costs, effect, 50, share=share).model_dump(by_alias=True)
    data["repayment"] = {"share_of_savings": repay_share}
    case = load_case(data)
    plan = propose_repayment_plan(case, library=LIBRARY)
    for committee in plan.committees:
        for repaid, saved in zip(plan.repayments[committee], plan.savings[committee], strict=True):
            assert 0 <= repaid <= saved * repay_share + 1e-6
    assert plan.repaid_total <= plan.investment_cost + 1e-6
    assert set(plan.committees) == {"ks", "sn"}  # only municipal committees repay


@settings(max_examples=5, deadline=None)
@given(seed=st.integers(min_value=0, max_value=10_000))
def test_monte_carlo_mean_of_linear_model_within_four_standard_errors(case_dict, seed):
    # Linear in the effect and the unit-cost amount separately (independent, symmetric inputs).
    # Four standard errors: at three, one random seed in ~370 fails (seed 736 did, 3.03 s.e.).
    data = case_dict()
    data["costs"][0]["amounts"] = [{"dist": "normal", "mean": 100_000, "sd": 20_000}, 100_000]
    data["outcomes"][0]["effect"] = {"dist": "uniform", "low": 0, "high": 4}
    data["unit_costs"][0]["amount"] = {"dist": "triangular", "low": 500, "mode": 1000, "high": 1500}
    case = load_case(data)
    deterministic = run_deterministic(case, LIBRARY).perspective("organisation").npv
    simulated = run_monte_carlo(case, draws=4000, seed=seed, library=LIBRARY).perspective(
        "organisation"
    )
    assert abs(simulated.mean - deterministic) <= 4 * simulated.standard_error
