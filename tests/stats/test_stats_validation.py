"""Input handling: files, frames, and errors that name the column and rows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from sikt.stats import (
    StatsInputError,
    diff_in_means,
    difference_in_differences,
    load_frame,
    propensity_matching,
    regression_adjustment,
)


def _frame() -> pd.DataFrame:
    rng = np.random.default_rng(4)
    n = 40
    return pd.DataFrame(
        {
            "utfall": rng.normal(size=n),
            "insats": np.r_[np.ones(15), np.zeros(25)],
            "alder": rng.normal(40, 10, n),
            "kon": rng.binomial(1, 0.5, n),
        }
    )


def test_missing_column_suggests_misspelling() -> None:
    with pytest.raises(StatsInputError) as info:
        diff_in_means(_frame(), "utfal", "insats")
    assert info.value.column == "utfal"
    assert "Menade du 'utfall'?" in info.value.text.sv
    assert "Did you mean 'utfall'?" in info.value.text.en


def test_non_numeric_outcome_names_rows() -> None:
    df = _frame().astype({"utfall": object})
    df.loc[3, "utfall"] = "saknas"
    df.loc[7, "utfall"] = "n/a"
    with pytest.raises(StatsInputError) as info:
        diff_in_means(df, "utfall", "insats")
    assert info.value.column == "utfall" and info.value.rows == [3, 7]
    assert "rad 3, 7" in info.value.text.sv


def test_treatment_not_binary_names_rows() -> None:
    df = _frame()
    df.loc[5, "insats"] = 2
    with pytest.raises(StatsInputError, match="must be 0 or 1") as info:
        diff_in_means(df, "utfall", "insats")
    assert info.value.rows == [5]


def test_group_with_fewer_than_two_members() -> None:
    df = _frame()
    df["insats"] = 0.0
    df.loc[0, "insats"] = 1
    with pytest.raises(StatsInputError, match="at least 2") as info:
        diff_in_means(df, "utfall", "insats")
    assert info.value.column == "insats"


def test_missing_values_error_or_drop() -> None:
    df = _frame()
    df.loc[[2, 9], "alder"] = np.nan
    with pytest.raises(StatsInputError, match="missing values") as info:
        regression_adjustment(df, "utfall", "insats", ["alder"])
    assert info.value.rows == [2, 9]
    r = regression_adjustment(df, "utfall", "insats", ["alder"], drop_missing=True)
    assert r.n_treated + r.n_control == 38
    assert any("uteslöts" in c.sv for c in r.caveats)


def test_all_covariates_constant() -> None:
    df = _frame().assign(a=1.0, b=3.0)
    with pytest.raises(StatsInputError, match="constant") as info:
        propensity_matching(df, "utfall", "insats", ["a", "b"])
    assert info.value.column == "a"
    r = regression_adjustment(df, "utfall", "insats", ["a", "alder"])
    assert any("'a'" in c.en for c in r.caveats)


def test_duplicated_unit_period_names_rows() -> None:
    df = pd.DataFrame(
        {"id": [1, 1, 2, 2, 2, 3, 3, 4, 4], "ar": [1, 2, 1, 2, 2, 1, 2, 1, 2],
         "y": np.arange(9.0), "d": [0, 1, 0, 1, 1, 0, 0, 0, 0]}
    )  # fmt: skip
    with pytest.raises(StatsInputError, match="more than once") as info:
        difference_in_differences(df, "y", "d", "id", "ar")
    assert info.value.rows == [3, 4]


def test_csv_with_semicolon_and_decimal_comma(tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    _frame().to_csv(path, sep=";", decimal=",", index=False)
    r = diff_in_means(path, "utfall", "insats")
    assert r.estimate == pytest.approx(diff_in_means(_frame(), "utfall", "insats").estimate)
    # rows are numbered as in the spreadsheet: header row 1, first record row 2
    path.write_text("utfall;insats\n1,5;1\n2,5;1\nsaknas;0\n0,5;0\n", encoding="utf-8")
    with pytest.raises(StatsInputError) as info:
        diff_in_means(path, "utfall", "insats")
    assert info.value.rows == [4]
    assert "rad 4" in info.value.text.sv


def test_xlsx_file(tmp_path: Path) -> None:
    path = tmp_path / "data.xlsx"
    _frame().to_excel(path, index=False)
    assert load_frame(path).shape == (40, 4)
    assert diff_in_means(path, "utfall", "insats").n_treated == 15


def test_polars_like_frame_is_converted_without_polars() -> None:
    class FakePolars:
        def __init__(self, frame: pd.DataFrame) -> None:
            self._frame = frame

        def to_pandas(self) -> pd.DataFrame:
            return self._frame

    assert diff_in_means(FakePolars(_frame()), "utfall", "insats").n_control == 25


@pytest.mark.parametrize("bad", [42, Path("/nonexistent/file.csv"), Path("data.json")])
def test_unsupported_sources(bad: Any) -> None:
    with pytest.raises(StatsInputError):
        load_frame(bad)


def test_messages_are_bilingual() -> None:
    with pytest.raises(StatsInputError) as info:
        diff_in_means(_frame(), "utfall", "nope")
    assert info.value.text.sv != info.value.text.en
    assert str(info.value) == f"{info.value.text.sv} / {info.value.text.en}"
