"""Between table rows (the columns of ``sikt.calc``'s unit-cost format) and records.

Why: one parser decides what an amount like ``>13000`` or a unit like ``kr/elev och år`` means —
``sikt.calc``'s. The web form, the CSV/XLSX import and the export all go through it, so a figure
typed in the browser and the same figure in a file end up identical.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from sikt.calc import UnitCost, UnitCostLibrary, read_unit_cost_table
from sikt.calc.unit_costs import COLUMNS, unit_cost_from_row
from sikt.files import Limits, csv_text
from sikt.web.unitcosts.models import UnitCostEntry


def _decimal(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(round(value, 2)))


def values_from_cost(cost: UnitCost) -> dict[str, Any]:
    """Model field values for a parsed :class:`UnitCost`."""
    return {
        "key": cost.key,
        "name_sv": cost.name_sv,
        "name_en": cost.name_en,
        "amount_text": cost.amount_text.strip(),
        "amount_sek": _decimal(cost.amount_sek),
        "lower_sek": _decimal(cost.lower_sek),
        "upper_sek": _decimal(cost.upper_sek),
        "unit_text": cost.unit_text,
        "unit": cost.unit.value,
        "price_year_text": cost.price_year_text,
        "price_year": cost.price_year,
        "bearer_text": cost.bearer_text,
        "bearer_kind": cost.bearer_kind.value if cost.bearer_kind else "",
        "composite": cost.composite,
        "source_title": cost.source_title,
        "source_publisher": cost.source_publisher,
        "source_year": cost.source_year,
        "source_url": cost.source_url,
        "quote": cost.quote,
        "secondary_source": cost.secondary_source,
        "confidence": cost.confidence,
        "notes": cost.notes,
    }


def row_of(entry: UnitCostEntry) -> dict[str, str]:
    """The record as a table row in :data:`COLUMNS` (the original texts, flags explicit)."""
    return {
        "key": entry.key,
        "name_sv": entry.name_sv,
        "name_en": entry.name_en,
        "amount_sek": entry.amount_text,
        "unit": entry.unit_text,
        "price_year": entry.price_year_text,
        "bearer": entry.bearer_text,
        "source_title": entry.source_title,
        "source_publisher": entry.source_publisher,
        "source_year": entry.source_year,
        "source_url": entry.source_url,
        "quote": entry.quote,
        "confidence": entry.confidence,
        "notes": entry.notes,
        "secondary_source": "ja" if entry.secondary_source else "nej",
    }


def cost_of(entry: UnitCostEntry) -> UnitCost:
    """The record as ``sikt.calc``'s :class:`UnitCost`."""
    return unit_cost_from_row(row_of(entry))


def library_of(entries: list[UnitCostEntry]) -> UnitCostLibrary:
    return UnitCostLibrary(items={entry.key: cost_of(entry) for entry in entries})


#: An import's limits (docs/anvandarguide.md): the file at most 40 MB and 200,000 rows — a
#: whole country's unit costs with room to spare; files over 2,000 rows run in the background.
IMPORT_LIMITS = Limits(max_bytes=40 * 1024 * 1024, max_rows=200_000)


def read_table(
    data: bytes, name: str, progress: Callable[[int], None] | None = None
) -> UnitCostLibrary:
    """Validate a CSV/XLSX file's bytes with ``sikt.calc``'s loader (any Windows encoding,
    comma or semicolon, size and row limits checked first); errors name ``name`` (the file the
    user chose), row, column and rule — an unreadable file is one such error, never a crash.
    ``progress`` gets the number of rows read so far."""
    return read_unit_cost_table(data, name, limits=IMPORT_LIMITS, progress=progress)


def validate_row(row: dict[str, str]) -> UnitCost:
    """Validate one row exactly as a one-row import would; raises :class:`InputError`."""
    data = csv_text(COLUMNS, [[row.get(column, "") for column in COLUMNS]]).encode()
    library = read_table(data, "form")
    return next(iter(library.items.values()))
