"""CSV and XLSX uploads: Swedish Excel's dialect read, limits checked before work, header first."""

import time
from decimal import Decimal

import pytest

from sikt.files import FileError, Limits, neutralise, read_table
from sikt.numbers import parse_number
from tests.files.samples import BINARY, utf8_bom, windows_1252, xlsx_bomb, xlsx_bytes


def _rows(table):
    return [row.values for row in table.rows]


def test_semicolon_csv_with_decimal_comma_from_swedish_excel():
    data = windows_1252("key;namn;belopp\nhvb;HVB-placering – dygn;1 200,50\n")
    table = read_table(data, "kostnader.csv", required=["key", "belopp"])
    assert table.delimiter == ";"
    rows = _rows(table)
    assert rows == [{"key": "hvb", "namn": "HVB-placering – dygn", "belopp": "1 200,50"}]
    assert parse_number(rows[0]["belopp"]) == Decimal("1200.50")


def test_comma_csv_with_bom_and_quoted_decimal_comma():
    table = read_table(utf8_bom('key,belopp\nhvb,"5400,5"\n'), "k.csv")
    assert table.delimiter == ","
    assert _rows(table) == [{"key": "hvb", "belopp": "5400,5"}]


def test_row_numbers_are_as_the_spreadsheet_shows_them():
    table = read_table(b"a;b\n1;2\n\n3;4\n", "k.csv")
    assert [row.number for row in table.rows] == [2, 4]


def test_missing_column_is_reported_before_any_row_is_read():
    with pytest.raises(FileError) as caught:
        read_table(b"key;namn\nx;y\n", "k.csv", required=["key", "belopp", "enhet"])
    assert [issue.column for issue in caught.value.issues] == ["belopp", "enhet"]
    assert "kolumnen saknas" in caught.value.issues[0].message.sv


def test_too_many_rows_is_refused_before_reading():
    data = b"a\n" + b"1\n" * 11
    with pytest.raises(FileError, match="fler än 10 rader"):
        read_table(data, "k.csv", limits=Limits(max_rows=10))


def test_too_large_a_file_is_refused():
    with pytest.raises(FileError, match="större än 1 MB"):
        read_table(b"a\n" + b"x" * (1024 * 1024), "k.csv", limits=Limits(max_bytes=1024 * 1024))


def test_binary_file_named_csv_gets_a_clear_error():
    with pytest.raises(FileError, match="binära data"):
        read_table(BINARY, "k.csv")


def test_exported_formula_prefix_is_removed_on_import():
    data = f"key;notes\nx;{neutralise('=1+1')}\n".encode()
    assert _rows(read_table(data, "k.csv")) == [{"key": "x", "notes": "=1+1"}]


def test_xlsx_cells_come_back_as_text_numbers_included():
    data = xlsx_bytes([["key", "belopp", "andel"], ["hvb", 5400, 0.1], ["x", 1200.5, None]])
    rows = _rows(read_table(data, "k.xlsx", required=["key"]))
    assert rows == [
        {"key": "hvb", "belopp": "5400", "andel": "0.1"},
        {"key": "x", "belopp": "1200.5", "andel": ""},
    ]


def test_xlsx_with_too_many_rows_is_refused_from_its_stated_dimension():
    data = xlsx_bytes([["a"], *[[i] for i in range(30)]])
    with pytest.raises(FileError, match="fler än 20 rader"):
        read_table(data, "k.xlsx", limits=Limits(max_rows=20))


def test_xlsx_bomb_is_refused_fast_from_the_zip_directory():
    bomb = xlsx_bomb(["key", "name_sv", "amount_sek"])
    assert len(bomb) < 400 * 1024
    started = time.perf_counter()
    with pytest.raises(FileError, match="packas upp till 60 MB"):
        read_table(bomb, "bomb.xlsx")
    print(f"bomb of {len(bomb) // 1024} KB refused in {time.perf_counter() - started:.3f} s")


def test_damaged_workbook_gets_a_clear_error():
    data = xlsx_bytes([["a"], [1]])
    with pytest.raises(FileError, match=r"skadad|kunde inte läsas"):
        read_table(data[: len(data) // 2], "k.xlsx")
