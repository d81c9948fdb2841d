"""Files in and out, safely — pure Python (no Django), used by the web, the CLI and the cores.

* :func:`decode_text`: bytes → text (UTF-8 with/without BOM, UTF-16 with BOM, Windows-1252;
  binary files refused).
* :func:`read_table`: CSV (comma/semicolon/tab sniffed) or XLSX (checked for its unpacked size
  and row count before reading) → header + streamed :class:`Row` s, within :class:`Limits`.
* :func:`load_structured`: YAML/JSON with syntax errors explained by line and column.
* Exports: :func:`csv_text`, :func:`neutralise`/:func:`unneutralise` (CSV formula injection),
  :func:`xlsx_row`/:func:`xlsx_value`/:func:`set_text` (XLSX text always a string cell).
* Errors: :class:`FileError` holding :class:`FileIssue` s (row, column, bilingual rule).
"""

from sikt.files.errors import FileError, FileIssue
from sikt.files.export import (
    csv_cell,
    csv_text,
    neutralise,
    set_text,
    unneutralise,
    xlsx_row,
    xlsx_value,
)
from sikt.files.limits import DEFAULT_LIMITS, Limits
from sikt.files.structured import load_structured
from sikt.files.tables import Row, Table, is_xlsx, read_table
from sikt.files.text import decode_text

__all__ = [
    "DEFAULT_LIMITS",
    "FileError",
    "FileIssue",
    "Limits",
    "Row",
    "Table",
    "csv_cell",
    "csv_text",
    "decode_text",
    "is_xlsx",
    "load_structured",
    "neutralise",
    "read_table",
    "set_text",
    "unneutralise",
    "xlsx_row",
    "xlsx_value",
]
