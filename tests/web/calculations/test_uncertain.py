from __future__ import annotations

import pytest

from sikt.web.calculations import uncertain


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2 400 000", 2400000.0),
        ("0,15", 0.15),
        ("10..20", {"dist": "uniform", "low": 10.0, "high": 20.0}),
        ("10..15..20", {"dist": "triangular", "low": 10.0, "mode": 15.0, "high": 20.0}),
        ("pert:0.08..0.15..0.25", {"dist": "pert", "low": 0.08, "mode": 0.15, "high": 0.25}),
        ("normal:100..15", {"dist": "normal", "mean": 100.0, "sd": 15.0}),
    ],
)
def test_notation_parses_and_formats_back(text: str, value: object) -> None:
    assert uncertain.parse_value(text) == value
    assert uncertain.parse_value(uncertain.format_value(value)) == value


@pytest.mark.parametrize("text", ["", "abc", "1..2..3..4", "beta:1..2", "normal:1..2..3"])
def test_bad_notation_is_refused(text: str) -> None:
    with pytest.raises(uncertain.NotationError):
        uncertain.parse_value(text)


def test_shares_are_shown_and_read_as_per_cent() -> None:
    share = {"dist": "pert", "low": 0.05, "mode": 0.1, "high": 0.2}
    assert uncertain.format_share(share) == "pert:5..10..20"
    assert uncertain.scale(uncertain.parse_value("pert:5..10..20"), 0.01) == share
    assert uncertain.format_share(0.07) == "7"
