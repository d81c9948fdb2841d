import pytest

from sikt.calc import load_case, propose_repayment_plan, revise_repayment_plan


def test_plan_repays_cost_from_earliest_savings(case_dict, library):
    # Savings 100 000 kr/yr to Socialnämnden; cost 200 000 kr → repay 100 000 in 2025 and 2026.
    plan = propose_repayment_plan(load_case(case_dict()), library=library)
    assert plan.repayments["sn"] == pytest.approx([100_000, 100_000, 0, 0, 0])
    assert plan.repayments["ks"] == [0.0] * 5
    assert plan.approved
    assert "Godkänd" in plan.explanation.sv and "Approved" in plan.explanation.en


def test_rule_fails_when_savings_are_short(case_dict, library):
    data = case_dict()
    data["costs"][0]["amounts"] = [400_000, 400_000]
    plan = propose_repayment_plan(load_case(data), library=library)
    assert not plan.approved
    assert "saknas 300\u00a0000\u00a0kr" in plan.explanation.sv
    assert "300,000\u00a0SEK short" in plan.explanation.en
    assert plan.repaid_total == pytest.approx(500_000)


def test_window_and_share_limit_repayment(case_dict, library):
    data = case_dict(repayment={"first_year": 2026, "last_year": 2027, "share_of_savings": 0.5})
    plan = propose_repayment_plan(load_case(data), library=library)
    assert plan.repayments["sn"] == pytest.approx([0, 50_000, 50_000, 0, 0])


def test_revision_scales_future_repayments_by_realised_effect(case_dict, library):
    case = load_case(case_dict())
    plan = propose_repayment_plan(case, library=library)
    revised = revise_repayment_plan(case, plan, from_year=2026, effect_ratio=0.5, library=library)
    assert revised.repayments["sn"] == pytest.approx([100_000, 50_000, 0, 0, 0])
    assert revised.savings["sn"] == pytest.approx([50_000] * 5)
    per_outcome = revise_repayment_plan(
        case, plan, from_year=2025, outcome_ratios={"placering": 0.25}, library=library
    )
    assert per_outcome.repayments["sn"] == pytest.approx([25_000, 25_000, 0, 0, 0])
