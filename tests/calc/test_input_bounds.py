"""Every number of a case is finite and of sane size; every share of effect lies in [0, 1]
(also the whole support of its distribution); all problems of a file are reported at once."""

from __future__ import annotations

import json

import pytest

from sikt.calc import InputError, load_case, run_deterministic

SHARE_PATHS = [
    ("adjustments", "deadweight"),
    ("adjustments", "attribution"),
    ("adjustments", "displacement"),
    ("outcomes", 0, "deadweight"),
    ("outcomes", 0, "attribution"),
    ("outcomes", 0, "displacement"),
    ("outcomes", 0, "drop_off"),
]


def _issues(data):
    with pytest.raises(InputError) as caught:
        load_case(data)
    return {i.path: i.message for i in caught.value.issues}


def _put(data, path, value):
    target = data
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return data


@pytest.mark.parametrize("path", SHARE_PATHS, ids=lambda p: ".".join(map(str, p)))
@pytest.mark.parametrize(
    "value",
    [
        1.2,
        -0.1,
        {"dist": "uniform", "low": 0.5, "high": 1.5},
        {"dist": "triangular", "low": -0.2, "mode": 0.1, "high": 0.3},
        {"dist": "pert", "low": 0.1, "mode": 0.9, "high": 1.01},
        {"dist": "normal", "mean": 0.2, "sd": 0.05},
        {"dist": "normal", "mean": 0.2, "sd": 0.05, "low": 0},
        {"dist": "lognormal", "mean": 0.2, "sd": 0.05},
    ],
    ids=["fixed>1", "fixed<0", "uniform", "triangular", "pert", "normal", "half-open", "lognormal"],
)
def test_shares_outside_zero_one_are_refused(case_dict, path, value):
    issues = _issues(_put(case_dict(), path, value))
    field = ".".join(f"[{p}]" if isinstance(p, int) else p for p in path).replace(".[", "[")
    assert list(issues) == [field]
    assert "mellan 0 och 1" in issues[field].sv or "0–1" in issues[field].sv
    assert "0" in issues[field].en and "1" in issues[field].en


@pytest.mark.parametrize(
    "value",
    [
        0.0,
        1.0,
        {"dist": "uniform", "low": 0, "high": 1},
        {"dist": "pert", "low": 0.1, "mode": 0.2, "high": 0.4},
        {"dist": "normal", "mean": 0.2, "sd": 0.05, "low": 0, "high": 1},
    ],
)
def test_shares_inside_zero_one_are_accepted(case_dict, value):
    for path in SHARE_PATHS:
        load_case(_put(case_dict(), path, value))


def test_bearer_shares_and_optimism_bias_are_shares(case_dict):
    data = case_dict(adjustments={"optimism_bias": {"B": 1.5}})
    data["outcomes"][0]["valuation"][0] = {"unit_cost": "dygn", "shares": {"ks": 1.5, "sn": -0.5}}
    issues = _issues(data)
    assert {"adjustments.optimism_bias.B", "outcomes[0].valuation[0].shares.ks"} <= set(issues)


@pytest.mark.parametrize(
    ("value", "sv", "en"),
    [
        (float("nan"), "ändligt tal", "finite number"),
        (float("inf"), "ändligt tal", "finite number"),
        (float("-inf"), "ändligt tal", "finite number"),
        (1e308, "för stort", "too large"),
        (10**5000, "ska vara ett tal", "number"),
    ],
    ids=["nan", "inf", "-inf", "1e308", "5000-digits"],
)
def test_non_finite_and_huge_numbers_name_the_field(case_dict, value, sv, en):
    data = case_dict()
    data["outcomes"][0]["effect"] = value
    data["costs"][0]["amounts"][1] = {"dist": "uniform", "low": 0, "high": value}
    data["adjustments"]["cost_uplift"] = value
    issues = _issues(data)
    assert set(issues) == {
        "outcomes[0].effect",
        "costs[0].amounts[1].high",
        "adjustments.cost_uplift",
    }
    for message in issues.values():
        assert sv in message.sv and en in message.en


@pytest.mark.parametrize("text", ["nan", "inf", "-Infinity", "1e400", "1e308"])
def test_numbers_written_as_text_are_checked_too(case_dict, text):
    issues = _issues(case_dict(adjustments={"cost_uplift": text}))
    assert list(issues) == ["adjustments.cost_uplift"]


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_files_with_huge_and_non_finite_numbers_give_field_errors(tmp_path, case_dict, suffix):
    data = case_dict()
    text = json.dumps(data)
    text = text.replace('"effect": 2', '"effect": ' + "9" * 5000)
    text = text.replace('"quantity": 50', '"quantity": 1e999')
    text = text.replace('"horizon_years": 5', '"horizon_years": -' + "1" * 400)
    path = tmp_path / f"case{suffix}"
    path.write_text(text, "utf-8")  # JSON is YAML too
    issues = _issues(path)
    assert "för stort" in issues["outcomes[0].effect"].sv
    assert "finite" in issues["outcomes[0].valuation[0].quantity"].en
    assert "horizon_years" in issues


def test_years_and_index_keys_are_bounded(case_dict):
    data = case_dict(price_year=10**30, price_index={10**40: 100, 2025: float("nan")})
    issues = _issues(data)
    assert "price_year" in issues
    assert any(path.startswith("price_index") for path in issues)


def test_every_problem_of_a_file_is_reported_at_once(case_dict):
    # Field errors (a NaN effect, a share above 1) and cross-field errors (an unknown bearer,
    # an unknown unit cost, too many years) together: pydantic alone stops at the first kind.
    data = case_dict()
    data["outcomes"][0]["effect"] = float("nan")
    data["outcomes"][0]["deadweight"] = 1.2
    data["outcomes"][0]["valuation"][0]["bearer"] = "fritid"
    data["costs"][0]["bearer"] = "okand"
    data["costs"][0]["amounts"] = [1] * 6
    data["outcomes"].append(dict(data["outcomes"][0], effect=1, deadweight=0.1))
    data["outcomes"][1]["valuation"] = [{"unit_cost": "finns_inte", "bearer": "sn"}]
    issues = _issues(data)
    assert set(issues) == {
        "outcomes[0].effect",
        "outcomes[0].deadweight",
        "outcomes[0].valuation[0].bearer",
        "costs[0].bearer",
        "costs[0].amounts",
        "outcomes[1].key",
        "outcomes[1].valuation[0].unit_cost",
    }
    assert "fler år än horisonten (6 år, horisonten är 5 år)" in issues["costs[0].amounts"].sv


def test_cross_field_errors_alone_are_all_reported(case_dict):
    data = case_dict()
    data["outcomes"][0]["valuation"][0]["bearer"] = "fritid"
    data["costs"][0]["bearer"] = "okand"
    assert set(_issues(data)) == {"outcomes[0].valuation[0].bearer", "costs[0].bearer"}


def test_a_share_of_one_is_allowed_and_turns_the_benefit_off(case_dict, library):
    case = load_case(_put(case_dict(), ("adjustments", "deadweight"), 1))
    assert run_deterministic(case, library).perspective("sn").pv_benefits == 0


@pytest.mark.parametrize(
    "amount",
    [
        -85_000,
        {"dist": "triangular", "low": -10, "mode": 5, "high": 10},
        {"dist": "uniform", "low": -1, "high": 1},
        {"dist": "normal", "mean": 100, "sd": 50},  # mean − 3 sd below 0
    ],
    ids=["fixed", "triangular", "uniform", "normal"],
)
def test_a_case_files_own_unit_cost_is_never_negative(case_dict, amount):
    """Issue 8 item 5: as in the unit-cost library's form and import, a revenue is a benefit."""
    units = [{"key": "lokal", "name": "Lokal kostnad", "amount": amount}]
    message = _issues(case_dict(unit_costs=units))["unit_costs[0].amount"]
    assert message.sv.startswith("en enhetskostnad kan inte vara negativ")
    assert "revenue" in message.en


def test_a_case_files_own_unit_cost_may_be_zero_or_a_positive_range(case_dict):
    units = [
        {"key": "noll", "name": "Ingen kostnad", "amount": 0},
        {"key": "lokal", "name": "Lokal", "amount": {"dist": "normal", "mean": 100, "sd": 30}},
        {
            "key": "trunk",
            "name": "Trunk",
            "amount": {"dist": "normal", "mean": 1, "sd": 5, "low": 0},
        },
    ]
    load_case(case_dict(unit_costs=case_dict().get("unit_costs", []) + units))
