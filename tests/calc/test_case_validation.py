import json

import pytest

from sikt.calc import InputError, case_to_dict, load_case


def _issues(data):
    with pytest.raises(InputError) as caught:
        load_case(data)
    return caught.value.issues


def test_unknown_bearer_names_the_field_path(case_dict):
    data = case_dict()
    data["outcomes"][0]["valuation"][0]["bearer"] = "fritid"
    (issue,) = _issues(data)
    assert issue.path == "outcomes[0].valuation[0].bearer"
    assert "okänd kostnadsbärare 'fritid'" in issue.message.sv


def test_composite_library_cost_must_be_split(case_dict):
    data = case_dict()
    data["outcomes"][0]["valuation"][0] = {"unit_cost": "personran_samhallskostnad", "bearer": "sn"}
    (issue,) = _issues(data)
    assert "composite" in issue.message.en and "sammansatt" in issue.message.sv


def test_split_composite_cost_is_accepted(case_dict):
    data = case_dict()
    data["outcomes"][0]["valuation"][0] = {
        "unit_cost": "personran_samhallskostnad",
        "shares": {"sn": 0.4, "staten": 0.6},
    }
    assert load_case(data).outcomes[0].valuation[0].shares == {"sn": 0.4, "staten": 0.6}


def test_type_errors_name_path_in_both_languages(case_dict):
    data = case_dict(horizon_years="tio")
    data["outcomes"][0]["effect"] = {"dist": "triangular", "low": 3, "mode": 1, "high": 2}
    issues = {i.path: i.message for i in _issues(data)}
    assert "ska vara ett heltal" in issues["horizon_years"].sv
    assert "low ≤ mode ≤ high" in issues["outcomes[0].effect"].en


def test_missing_and_unknown_fields(case_dict):
    data = case_dict(colour="blue")
    del data["name"]
    issues = {i.path: i.message.sv for i in _issues(data)}
    assert issues["name"].startswith("värde saknas")
    assert issues["colour"].startswith("okänt fält")


def test_reserved_bearer_key_rejected(case_dict):
    data = case_dict()
    data["bearers"][2]["key"] = "society"
    (issue,) = _issues(data)
    assert issue.path == "bearers" and "reserved" in issue.message.en


def test_yaml_syntax_error_is_a_clear_error(tmp_path):
    path = tmp_path / "case.yaml"
    path.write_text("key: [unclosed\n", encoding="utf-8")
    with pytest.raises(InputError, match="syntax"):
        load_case(path)


def test_json_file_and_round_trip(tmp_path, case_dict):
    case = load_case(case_dict())
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case_to_dict(case)), encoding="utf-8")
    assert load_case(path) == case
