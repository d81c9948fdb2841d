"""Case files (YAML/JSON) in any Windows encoding; syntax errors explained with line and column."""

import pytest

from sikt.files import FileError, load_structured
from tests.files.samples import BINARY, utf8_bom, windows_1252

YAML = "name: Familjecentral Öst\ncosts:\n  - name: Personal\n    amounts: [100, 200]\n"


@pytest.mark.parametrize("encode", [str.encode, utf8_bom, windows_1252])
def test_yaml_in_any_windows_encoding(encode):
    assert load_structured(encode(YAML), "fall.yaml")["name"] == "Familjecentral Öst"


@pytest.mark.parametrize(
    ("text", "line", "says"),
    [
        ("name: a\ncosts:\n\t- x\n", 3, "tabb"),
        ("name: a: b\n", 1, "kolon"),
        ("name: a\n  costs: 1\n", 2, "kolon"),
        ("a:\n  - 1\n b: 2\n", 3, "indraget"),
    ],
)
def test_yaml_syntax_errors_are_explained_in_swedish_with_line(text, line, says):
    with pytest.raises(FileError) as caught:
        load_structured(text.encode(), "fall.yaml")
    issue = caught.value.issues[0]
    assert f"rad {line}, kolumn" in issue.message.sv
    assert says in issue.message.sv
    assert f"line {line}" in issue.message.en


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ('{"name": "a" "b": 1}', "kommatecken saknas"),
        ('{"name": "a",}', "dubbla citattecken"),
        ('{"x": NaN}', "inte är ändligt"),
        ('{"x": Infinity}', "inte är ändligt"),
    ],
)
def test_json_errors(text, says):
    with pytest.raises(FileError) as caught:
        load_structured(text.encode(), "fall.json")
    assert says in caught.value.issues[0].message.sv


def test_huge_integer_in_yaml_is_refused_not_a_crash():
    with pytest.raises(FileError, match="orimligt långt"):
        load_structured(f"x: {'9' * 5000}\n".encode(), "fall.yaml")


def test_binary_case_file():
    with pytest.raises(FileError, match="binära"):
        load_structured(BINARY, "fall.yaml")
