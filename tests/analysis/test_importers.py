"""Importing indicator values: long and wide CSV/XLSX, Swedish number formats, all-or-nothing."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from sikt.analysis import importers
from sikt.analysis.importers import ImportRejected, import_indicator_values
from sikt.analysis.store import IndicatorDefinition, IndicatorStore, IndicatorValue
from sikt.numbers import NumberError, parse_number


@pytest.fixture
def store(tmp_path: Path) -> IndicatorStore:
    store = IndicatorStore(tmp_path / "store.duckdb")
    store.define(
        [
            IndicatorDefinition("N15419", "Gymnasiebehörighet", "%", higher_is_better=True),
            IndicatorDefinition("U01", "Egen indikator", "antal"),
        ]
    )
    return store


def test_long_csv_in_windows_1252_with_semicolons_and_decimal_commas(store: IndicatorStore) -> None:
    text = (
        "Indikator;Område;År;Kön;Värde;Antal;Områdesnamn\n"
        "N15419;0380;2023;Kvinnor;82,5;410;Uppsala\n"
        "N15419;0380;2023;män;1 079,25;398;Uppsala\n"
        "N15419;0380;2023;T;80,1;;Uppsala\n"
    )
    summary = import_indicator_values(store, "värden.csv", text.encode("cp1252"))
    assert (summary.rows, summary.indicators, summary.periods) == (3, ("N15419",), (2023,))
    values = {v.sex: v for v in store.values("N15419")}
    assert values["K"].value == 82.5 and values["K"].n == 410
    assert values["M"].value == 1079.25
    assert values["T"].n is None
    assert store.areas()["0380"].name == "Uppsala"
    assert store.areas()["0380"].level == "municipality"


def test_utf8_bom_comma_separated_and_reimport_replaces(store: IndicatorStore) -> None:
    first = "\ufeffindicator,area,period,value\nU01,Norr,2022,5\n".encode()
    import_indicator_values(store, "a.csv", first)
    import_indicator_values(store, "a.csv", b"indicator,area,period,value\nU01,Norr,2022,7\n")
    assert [v.value for v in store.values("U01")] == [7.0]


def test_wide_file_with_one_column_per_year_and_breakdown(store: IndicatorStore) -> None:
    text = (
        "indikator;område;dimension;kategori;2021;2022\n"
        "U01;Norr;Åldersgrupp;13–15 år;4;6\n"
        "U01;Norr;Åldersgrupp;16–18 år;;9\n"
    )
    summary = import_indicator_values(store, "bred.csv", text.encode())
    assert summary.rows == 3
    assert store.dimensions("U01") == ["Åldersgrupp"]
    by_key = {(v.category, v.period): v.value for v in store.values("U01", dimension=None)}
    assert by_key == {("13–15 år", 2021): 4, ("13–15 år", 2022): 6, ("16–18 år", 2022): 9}


def test_xlsx_rows_are_numbered_as_the_spreadsheet_shows_them(store: IndicatorStore) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["indikator", "område", "år", "värde"])
    sheet.append(["U01", "Norr", 2022, 3.5])
    sheet.append([None, None, None, None])
    sheet.append(["U01", "Söder", 2022, "många"])
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(ImportRejected) as info:
        import_indicator_values(store, "fil.xlsx", buffer.getvalue())
    [issue] = info.value.issues
    assert (issue.file, issue.row, issue.column) == ("fil.xlsx", 4, "värde")
    assert "inte ett tal" in issue.message.sv and "not a number" in issue.message.en


def test_every_error_is_named_and_nothing_is_written(store: IndicatorStore) -> None:
    text = (
        "indikator;område;år;värde;kön;antal\n"
        "N15419;0380;2023;80;T;10\n"  # fine, but must not be written
        "N99999;0380;2023;80;T;\n"  # unknown indicator
        "N15419;;2023;80;T;\n"  # area missing
        "N15419;0380;23;80;T;\n"  # period
        "N15419;0380;2023;;T;\n"  # value missing
        "N15419;0380;2023;inf;T;\n"  # not finite
        "N15419;0380;2024;80;X;\n"  # sex
        "N15419;0380;2025;80;T;-1\n"  # count
        "N15419;0380;2023;81;T;\n"  # duplicate of row 2
    )
    with pytest.raises(ImportRejected) as info:
        import_indicator_values(store, "fel.csv", text.encode())
    found = {(i.row, i.column) for i in info.value.issues}
    assert {
        (3, "indikator"),
        (4, "område"),
        (5, "period"),
        (6, "värde"),
        (7, "värde"),
        (8, "kön"),
        (9, "antal"),
        (10, ""),
    } <= found
    assert store.count() == 0
    assert "fel.csv, rad 3, kolumn indikator" in str(info.value.issues[0])


def test_missing_columns_and_unreadable_files(store: IndicatorStore) -> None:
    with pytest.raises(ImportRejected, match="kolumn saknas: värde"):
        import_indicator_values(store, "a.csv", b"indikator;omrade;period\nU01;N;2022\n")
    with pytest.raises(ImportRejected, match="XLSX"):
        import_indicator_values(store, "a.xlsx", b"PK not really a workbook")
    with pytest.raises(ImportRejected, match="inga rader"):
        import_indicator_values(store, "a.csv", b"indikator;omrade;period;varde\n")


def test_numbers_follow_sikt_numbers_rules(store: IndicatorStore) -> None:
    """The bulk check and sikt.numbers agree: what one refuses, the other explains."""
    good = "indikator;område;år;värde\nU01;A;2020;1,5E+06\nU01;B;2020;−3\nU01;C;2020;+1 200 000,5\n"
    import_indicator_values(store, "ok.csv", good.encode())
    assert {v.area_code: v.value for v in store.values("U01")} == {
        "A": 1_500_000.0,
        "B": -3.0,
        "C": 1_200_000.5,
    }
    bad = "indikator;område;år;värde\nU01;D;2020;1.200.000\nU01;E;2020;1 20\nU01;F;2020;1e400\n"
    with pytest.raises(ImportRejected) as info:
        import_indicator_values(store, "fel.csv", bad.encode())
    messages = {issue.row: issue.message.sv for issue in info.value.issues}
    assert "mellanslag" in messages[2]  # sikt.numbers: thousands are grouped by spaces
    assert set(messages) == {2, 3, 4}
    assert len(store.values("U01")) == 3


_VALUE_TEXT = st.one_of(
    st.from_regex(r"[-+−]?\d{1,17}([.,]\d{0,3})?", fullmatch=True),
    st.text(alphabet="0123456789-+,. −eE", min_size=1, max_size=12).filter(str.strip),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(_VALUE_TEXT, min_size=1, max_size=20))
def test_bulk_reading_of_values_agrees_with_sikt_numbers(texts: list[str]) -> None:
    """Plain numbers take a short way in bulk; what is read, and what refused, is still
    exactly what sikt.numbers reads and refuses."""
    store = IndicatorStore(":memory:")
    store.define([IndicatorDefinition("U01", "Egen indikator")])
    header = "indikator;område;år;värde\n"
    expected: dict[str, float] = {}
    refused: set[int] = set()
    for i, text in enumerate(texts):
        try:
            expected[f"A{i}"] = float(parse_number(text, language="sv"))
        except NumberError:
            refused.add(i + 2)
    if refused:
        rows = "".join(f"U01;A{i};2020;{text}\n" for i, text in enumerate(texts))
        with pytest.raises(ImportRejected) as info:
            import_indicator_values(store, "v.csv", (header + rows).encode())
        assert {issue.row for issue in info.value.issues} == refused
    good = "".join(f"U01;A{i};2020;{text}\n" for i, text in enumerate(texts) if f"A{i}" in expected)
    if good:
        import_indicator_values(store, "v.csv", (header + good).encode())
    assert {v.area_code: v.value for v in store.values("U01")} == expected


_CELL = st.sampled_from(["", " "])
_ROW = st.tuples(
    st.sampled_from(["U01", "N15419"]),
    st.sampled_from(["0380", "Norr", "Söder"]),
    st.sampled_from(["2021", "2022"]),
    st.sampled_from(["T", "K", "M", "", "kvinnor", "Män", "totalt"]),
    st.from_regex(r"-?\d{1,6}([.,]\d{1,3})?", fullmatch=True),
    st.sampled_from(["", "0", "12", "410"]),
    st.sampled_from([("", ""), ("Åldersgrupp", "13–15 år"), ("Åldersgrupp", "16–18 år")]),
    _CELL,
)


@settings(max_examples=40, deadline=None)
@given(st.lists(_ROW, min_size=1, max_size=12), st.booleans())
def test_plain_files_are_stored_as_the_careful_way_stores_them(
    rows: list[tuple[str, str, str, str, str, str, tuple[str, str], str]], stored: bool
) -> None:
    """The plain way (one pass, written straight from the file) stores exactly what the careful
    way (every cell parsed, every problem listed) stores, replacing the same stored values, and
    both refuse a file with a repeated key."""
    lines = ["indikator;område;år;kön;värde;antal;dimension;kategori;områdesnamn"]
    for indicator, area, year, sex, value, count, (dimension, category), pad in rows:
        cells = [indicator, area, year, sex, value, count, dimension, category, f"Område {area}"]
        lines.append(
            ";".join(f"{pad}{cell}{pad}" if i != 4 else cell for i, cell in enumerate(cells))
        )
    data = ("\n".join(lines) + "\n").encode()
    results = []
    for careful in (False, True):
        store = IndicatorStore(":memory:")
        store.define(
            [IndicatorDefinition("U01", "Egen"), IndicatorDefinition("N15419", "Behörighet")]
        )
        if stored:
            store.add_values(
                [IndicatorValue("U01", "Norr", 2021, 1.0), IndicatorValue("U01", "Väst", 2021, 2.0)]
            )
        with pytest.MonkeyPatch.context() as patch:
            if careful:
                patch.setattr(importers, "_plain_file", lambda *args: None)
            try:
                summary = importers.import_indicator_values(store, "v.csv", data)
            except ImportRejected as error:
                results.append(("refused", {(i.row, i.column) for i in error.issues}))
                continue
        values = sorted(
            (v.indicator_id, v.area_code, v.period, v.sex, v.dimension, v.category, v.value, v.n)
            for indicator in ("U01", "N15419")
            for v in store.values(indicator, dimension=None)
        )
        results.append((summary, values, store.areas()))
    assert results[0] == results[1]
