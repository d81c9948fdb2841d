"""Reading uploaded tables (CSV or XLSX) into Arrow, every cell as text, with row numbers.

Why text: validation must name the row and column of each bad cell, so nothing is converted
on reading; the importers convert column-wise in DuckDB afterwards. The file itself is read by
the shared upload rules of :mod:`sikt.files`: the encoding (UTF-8 with or without BOM, UTF-16,
Windows-1252; binary files refused) by :func:`sikt.files.decode_text`, an XLSX — recognised by
its bytes — with its unpacked size and row count checked before reading, the delimiter sniffed
the same way (semicolon, comma or tab), cells an export neutralised against formula injection
restored. What differs is the scale: a CSV of a million indicator values is parsed by Arrow's
CSV reader in one pass instead of row by row. ``_row`` is the row number a spreadsheet shows:
the header is row 1.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from sikt.files import FileError, Limits, decode_text, is_xlsx, unneutralise
from sikt.files import read_table as read_upload
from sikt.files.limits import megabytes
from sikt.files.tables import DELIMITERS
from sikt.text import Text

ROW = "_row"
MAX_BYTES = 200 * 1024 * 1024
MAX_XLSX_ROWS = 1_100_000
#: Analysis uploads are larger than forms' uploads: a register extract, a national table.
LIMITS = Limits(
    max_bytes=MAX_BYTES,
    max_rows=MAX_XLSX_ROWS,
    max_unpacked_bytes=400 * 1024 * 1024,
    max_columns=500,
)


@dataclass(frozen=True, slots=True)
class FileProblem(Exception):
    """A problem with the file as a whole (cannot be read, no header …)."""

    message: Text

    def __str__(self) -> str:
        return str(self.message)


def _problem(error: FileError) -> FileProblem:
    return FileProblem(
        Text(
            "; ".join(issue.message.sv for issue in error.issues),
            "; ".join(issue.message.en for issue in error.issues),
        )
    )


def sniff_delimiter(header_line: str) -> str:
    """The delimiter that splits the header into the most columns (as :mod:`sikt.files`)."""
    counts = {d: len(next(csv.reader([header_line], delimiter=d), [])) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] > 1 else ";"


def _restore_neutralised(table: pa.Table) -> pa.Table:
    """Undo formula neutralisation (``'=…``) in the few cells that carry it."""
    for index, name in enumerate(table.column_names):
        column = table.column(index)
        if not pa.types.is_string(column.type) or not pc.any(pc.starts_with(column, "'")).as_py():
            continue
        restored = pa.array([unneutralise(v) for v in column.to_pylist()], pa.string())
        table = table.set_column(index, name, restored)
    return table


def read_csv(data: bytes, filename: str = "upload.csv", limits: Limits = LIMITS) -> pa.Table:
    if len(data) > limits.max_bytes:
        raise FileProblem(
            Text(
                f"Filen är för stor (högst {megabytes(limits.max_bytes)} MB).",
                f"The file is too large (at most {megabytes(limits.max_bytes)} MB).",
            )
        )
    try:
        text = decode_text(data, filename)
    except FileError as error:
        raise _problem(error) from None
    text = text.lstrip("\r\n")
    first = text.split("\n", 1)[0].rstrip("\r")
    if not first.strip():
        raise FileProblem(Text("Filen saknar rubrikrad.", "The file has no header row."))
    delimiter = sniff_delimiter(first)
    header = next(csv.reader([first], delimiter=delimiter))
    names = [h.strip().lstrip("\ufeff") for h in header]
    if len(names) > limits.max_columns:
        raise FileProblem(Text("Filen har för många kolumner.", "The file has too many columns."))
    try:
        table = pacsv.read_csv(
            io.BytesIO(text.encode("utf-8")),
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
    table = _restore_neutralised(table)
    return table.append_column(ROW, pa.array(np.arange(2, table.num_rows + 2, dtype=np.int64)))


def read_xlsx(data: bytes, filename: str = "upload.xlsx", limits: Limits = LIMITS) -> pa.Table:
    """The first sheet, through :func:`sikt.files.read_table` (size, unpacked size and row
    count checked before reading)."""
    if not is_xlsx(data):
        raise FileProblem(
            Text(
                "Filen kan inte läsas som XLSX (den är ingen Excel-arbetsbok).",
                "The file cannot be read as XLSX (it is not an Excel workbook).",
            )
        )
    try:
        upload = read_upload(data, filename, limits=limits)
        names = upload.header
        columns: list[list[str]] = [[] for _ in names]
        numbers: list[int] = []
        for row in upload.rows:
            numbers.append(row.number)
            for position, name in enumerate(names):
                columns[position].append(row.values.get(name, ""))
    except FileError as error:
        raise _problem(error) from None
    if not names or not any(names):
        raise FileProblem(Text("Filen saknar rubrikrad.", "The file has no header row."))
    arrays = {name: pa.array(col, pa.string()) for name, col in zip(names, columns, strict=True)}
    arrays[ROW] = pa.array(numbers, pa.int64())
    return pa.table(arrays)


def read_table(filename: str, data: bytes, *, limits: Limits = LIMITS) -> pa.Table:
    """Read an uploaded ``.csv``/``.txt`` or ``.xlsx`` file; every column as text plus ``_row``."""
    if is_xlsx(data) or filename.lower().endswith(".xlsx"):
        return read_xlsx(data, filename, limits)
    return read_csv(data, filename, limits)
