import pytest

from sikt.calc import load_case, run_deterministic, run_scenarios, run_sensitivity


def test_tornado_covers_uncertain_inputs_widest_first(case_dict, library):
    data = case_dict()
    data["outcomes"][0]["effect"] = {"dist": "uniform", "low": 1, "high": 3}
    data["costs"][0]["amounts"] = [{"dist": "uniform", "low": 99_000, "high": 101_000}, 100_000]
    data["outcomes"][0]["valuation"][0]["unit_cost"] = "utanforskap_livstid_20_till_pension"
    data["outcomes"][0]["valuation"][0]["shares"] = {"sn": 1.0}
    del data["outcomes"][0]["valuation"][0]["bearer"]
    case = load_case(data)
    tornado = run_sensitivity(case, "organisation", library)
    paths = [bar.path for bar in tornado.bars]
    assert set(paths) == {
        "outcomes[0].effect",
        "costs[0].amounts[0]",
        "library.utanforskap_livstid_20_till_pension",
    }
    assert paths[-1] == "costs[0].amounts[0]"
    swings = [bar.swing for bar in tornado.bars]
    assert swings == sorted(swings, reverse=True)
    # effect at its 10th percentile (1.2) equals a deterministic run with that fixed effect
    data["outcomes"][0]["effect"] = 1.2
    expected = run_deterministic(load_case(data), library).perspective("organisation").npv
    effect_bar = next(bar for bar in tornado.bars if bar.path == "outcomes[0].effect")
    assert effect_bar.npv_at_low == pytest.approx(expected)


def test_scenarios_scale_effects_and_costs(case_dict, library):
    case = load_case(
        case_dict(
            scenarios=[{"key": "none", "name": "Ingen effekt", "effect_scale": 0, "cost_scale": 2}]
        )
    )
    expected, none = run_scenarios(case, library)
    assert expected.key == "expected"
    assert none.result.perspective("organisation").npv == pytest.approx(-400_000)
