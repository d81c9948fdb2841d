"""Tables from uploaded CSV or XLSX files: header checked first, rows streamed, limits enforced.

Why: an import must explain a bad file, not crash on it or grind on it. The format is decided by
the bytes (an XLSX is a zip archive), not only by the name. CSV: any encoding
:func:`sikt.files.text.decode_text` reads, comma-, semicolon- or tab-separated (Swedish Excel
writes semicolons, because the comma is the decimal separator); cells that an export neutralised
against formula injection (``'=…``) are restored. XLSX: the first sheet, opened read-only after
the zip directory's uncompressed sizes and the sheet's stated dimension are checked against
:class:`~sikt.files.limits.Limits`. Cells are returned as text; numbers are read by
:mod:`sikt.numbers`, which accepts decimal comma or point.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sikt.files.errors import FileError, FileIssue
from sikt.files.export import unneutralise
from sikt.files.limits import DEFAULT_LIMITS, Limits, megabytes
from sikt.files.text import decode_text
from sikt.text import Text

DELIMITERS = (";", ",", "\t")


@dataclass(frozen=True, slots=True)
class Row:
    """One data row: ``number`` as a spreadsheet shows it (the header is row 1)."""

    number: int
    values: dict[str, str]


@dataclass
class Table:
    """The header (column names, stripped) and the data rows, read lazily."""

    name: str
    header: list[str]
    rows: Iterator[Row] = field(repr=False)
    kind: str = "csv"
    delimiter: str = ","


def is_xlsx(data: bytes) -> bool:
    return data.startswith(b"PK\x03\x04")


def read_table(
    data: bytes,
    name: str,
    *,
    required: Sequence[str] = (),
    limits: Limits = DEFAULT_LIMITS,
) -> Table:
    """Open ``data`` (the file ``name``) as a table; :class:`FileError` for a file that is too
    large, unreadable, empty or lacks a ``required`` column (all checked before rows are read).

    The returned rows raise :class:`FileError` if the file has more than ``limits.max_rows``.
    """
    if len(data) > limits.max_bytes:
        raise FileError.whole(
            name,
            f"filen är större än {megabytes(limits.max_bytes)} MB",
            f"the file is larger than {megabytes(limits.max_bytes)} MB",
        )
    if not data.strip():
        raise FileError.whole(name, "filen är tom", "the file is empty")
    table = _xlsx(data, name, limits) if is_xlsx(data) else _csv(data, name, limits)
    _check_header(table, required)
    return table


def _check_header(table: Table, required: Sequence[str]) -> None:
    issues = []
    if len(set(table.header) - {""}) != len([h for h in table.header if h]):
        issues.append(
            FileIssue(Text("två kolumner har samma namn", "two columns have the same name"), 1)
        )
    for column in required:
        if column not in table.header:
            issues.append(
                FileIssue(
                    Text("kolumnen saknas i rubrikraden", "column missing from the header row"),
                    None,
                    column,
                )
            )
    if issues:
        raise FileError(table.name, issues)


def _too_many_rows(name: str, limits: Limits) -> FileError:
    count = f"{limits.max_rows:,}".replace(",", " ")
    return FileError.whole(
        name,
        f"filen har fler än {count} rader; dela upp den",
        f"the file has more than {count} rows; split it",
    )


def _sniff(first_line: str) -> str:
    """The delimiter that splits the header into the most columns (``,`` when none does)."""
    counts = {d: len(next(csv.reader([first_line], delimiter=d), [])) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] > 1 else ","


def _csv(data: bytes, name: str, limits: Limits) -> Table:
    text = decode_text(data, name)
    first_line = text.lstrip("\r\n").splitlines()[0] if text.strip() else ""
    delimiter = _sniff(first_line)
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise FileError.whole(
            name, f"filen kan inte läsas som CSV ({error})", f"not a readable CSV file ({error})"
        ) from None
    numbered = [(n, r) for n, r in enumerate(records, start=1) if any(c.strip() for c in r)]
    if not numbered:
        raise FileError.whole(name, "filen är tom", "the file is empty")
    if len(numbered) - 1 > limits.max_rows:
        raise _too_many_rows(name, limits)
    header_number, header_record = numbered[0]
    header = [h.strip().lstrip("\ufeff") for h in header_record]
    if len(header) > limits.max_columns:
        raise FileError.whole(name, "filen har för många kolumner", "the file has too many columns")

    def rows() -> Iterator[Row]:
        for number, record in numbered[1:]:
            cells = [unneutralise(cell) for cell in record]
            yield Row(number - header_number + 1, dict(zip(header, cells, strict=False)))

    return Table(name, header, rows(), "csv", delimiter)


def _check_archive(data: bytes, name: str, limits: Limits) -> None:
    not_readable = FileError.whole(
        name,
        "filen är skadad eller inte en Excel-fil (.xlsx)",
        "the file is damaged or not an Excel workbook (.xlsx)",
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise not_readable from None
    if not any(part.filename.startswith("xl/worksheets/") for part in parts):
        raise not_readable
    unpacked = sum(part.file_size for part in parts)
    if unpacked > limits.max_unpacked_bytes:
        size = megabytes(unpacked)
        raise FileError.whole(
            name,
            f"arbetsboken packas upp till {size} MB, mer än gränsen "
            f"{megabytes(limits.max_unpacked_bytes)} MB; dela upp den eller spara som CSV",
            f"the workbook unpacks to {size} MB, more than the limit of "
            f"{megabytes(limits.max_unpacked_bytes)} MB; split it or save it as CSV",
        )


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return format(Decimal(repr(value)).normalize(), "f") if value == value else "nan"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _damaged(name: str) -> FileError:
    return FileError.whole(
        name,
        "arbetsboken kunde inte läsas; spara den igen i Excel som .xlsx",
        "the workbook could not be read; save it again from Excel as .xlsx",
    )


def _xlsx(data: bytes, name: str, limits: Limits) -> Table:
    from openpyxl import load_workbook

    _check_archive(data, name, limits)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        stated_rows = sheet.max_row
        if stated_rows is not None and stated_rows - 1 > limits.max_rows:
            raise _too_many_rows(name, limits)
        records = sheet.iter_rows(values_only=True)
        first = next(records, None)
    except FileError:
        raise
    except Exception:  # openpyxl raises many types for a damaged workbook
        raise _damaged(name) from None
    if first is None:
        raise FileError.whole(name, "arbetsboken är tom", "the workbook is empty")
    header = [_cell_text(h).strip() for h in first]
    while header and not header[-1]:
        header.pop()
    if len(header) > limits.max_columns:
        raise FileError.whole(name, "filen har för många kolumner", "the file has too many columns")

    def rows() -> Iterator[Row]:
        try:
            for number, record in enumerate(records, start=2):
                if number - 1 > limits.max_rows:
                    raise _too_many_rows(name, limits)
                cells = [_cell_text(value) for value in record[: len(header)]]
                if any(cell.strip() for cell in cells):
                    yield Row(number, dict(zip(header, cells, strict=False)))
        except FileError:
            raise
        except Exception:  # a sheet damaged after its header row
            raise _damaged(name) from None
        finally:
            book.close()

    return Table(name, header, rows(), "xlsx")
