"""Reading uploaded tables (CSV or XLSX) into Arrow, every cell as text, with row numbers.

Why text: validation must name the row and column of each bad cell, so nothing is converted
on reading; the importers convert column-wise in DuckDB afterwards. CSV files come in UTF-8
(with or without BOM) or Windows-1252, separated by semicolons, commas or tabs (Swedish Excel
writes semicolons and decimal commas). ``_row`` is the row number a spreadsheet shows: the
header is row 1.

Until the shared upload reader (``sikt.files``) lands this small reader serves the needs
analysis; it keeps the same rules.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from sikt.text import Text

ROW = "_row"
MAX_BYTES = 200 * 1024 * 1024
MAX_XLSX_ROWS = 1_100_000


@dataclass(frozen=True, slots=True)
class FileProblem(Exception):
    """A problem with the file as a whole (cannot be read, no header …)."""

    message: Text

    def __str__(self) -> str:
        return str(self.message)


def as_utf8(data: bytes) -> bytes:
    """The bytes as UTF-8 without BOM: unchanged when valid UTF-8, else read as Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace").encode("utf-8")
    return data


def sniff_delimiter(header_line: str) -> str:
    counts = {sep: header_line.count(sep) for sep in (";", "\t", ",")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ";"


def read_csv(data: bytes) -> pa.Table:
    if len(data) > MAX_BYTES:
        raise FileProblem(Text("Filen är för stor (högst 200 MB).", "The file is too large."))
    data = as_utf8(data)
    first = data.split(b"\n", 1)[0].decode("utf-8").rstrip("\r")
    if not first.strip():
        raise FileProblem(Text("Filen saknar rubrikrad.", "The file has no header row."))
    delimiter = sniff_delimiter(first)
    header = next(csv.reader([first], delimiter=delimiter))
    names = [h.strip() for h in header]
    try:
        table = pacsv.read_csv(
            io.BytesIO(data),
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=False),
            convert_options=pacsv.ConvertOptions(
                column_types={name: pa.string() for name in names},
                strings_can_be_null=False,
            ),
        )
    except pa.ArrowInvalid as exc:
        raise FileProblem(
            Text(f"Filen kan inte läsas som CSV: {exc}", f"The file cannot be read as CSV: {exc}")
        ) from None
    return table.append_column(ROW, pa.array(np.arange(2, table.num_rows + 2, dtype=np.int64)))


def read_xlsx(data: bytes) -> pa.Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        raise FileProblem(
            Text("Filen kan inte läsas som XLSX.", "The file cannot be read as XLSX.")
        ) from None
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    if not header:
        raise FileProblem(Text("Filen saknar rubrikrad.", "The file has no header row."))
    names = ["" if h is None else str(h).strip() for h in header]
    columns: list[list[str]] = [[] for _ in names]
    numbers: list[int] = []
    for index, row in enumerate(rows, start=2):
        if index > MAX_XLSX_ROWS:
            raise FileProblem(Text("Filen har för många rader.", "The file has too many rows."))
        if row is None or all(cell is None or str(cell).strip() == "" for cell in row):
            continue
        numbers.append(index)
        for position in range(len(names)):
            cell = row[position] if position < len(row) else None
            columns[position].append(_cell_text(cell))
    workbook.close()
    arrays = {name: pa.array(col, pa.string()) for name, col in zip(names, columns, strict=True)}
    arrays[ROW] = pa.array(numbers, pa.int64())
    return pa.table(arrays)


def _cell_text(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, float):
        return repr(cell)
    if hasattr(cell, "isoformat"):
        return str(cell.isoformat())
    return str(cell)


def read_table(filename: str, data: bytes) -> pa.Table:
    """Read an uploaded ``.csv``/``.txt`` or ``.xlsx`` file; every column as text plus ``_row``."""
    if filename.lower().endswith(".xlsx") or data[:2] == b"PK":
        return read_xlsx(data)
    return read_csv(data)
