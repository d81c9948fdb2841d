"""Between table rows (the columns of ``sikt.calc``'s unit-cost format) and records.

Why: one parser decides what an amount like ``>13000`` or a unit like ``kr/elev och år`` means —
``sikt.calc``'s. The web form, the CSV/XLSX import and the export all go through it, so a figure
typed in the browser and the same figure in a file end up identical.
"""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from sikt.calc import InputError, UnitCost, UnitCostLibrary, load_unit_cost_library
from sikt.calc.unit_costs import COLUMNS, unit_cost_from_row
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


def read_table(path: Path, name: str) -> UnitCostLibrary:
    """Validate a CSV/XLSX file with ``sikt.calc``'s loader; errors name ``name`` (the file the
    user chose), row, column and rule. Unreadable files become one :class:`InputError`."""
    from sikt.calc import Issue
    from sikt.text import Text

    try:
        return load_unit_cost_library(path)
    except InputError as error:
        raise InputError(name, error.issues) from None
    except UnicodeDecodeError:
        problem = Text("filen är inte UTF-8-kodad text", "the file is not UTF-8 encoded text")
    except Exception:  # openpyxl/zipfile raise many types for a damaged workbook
        problem = Text("filen kunde inte läsas som CSV eller XLSX", "the file is not CSV or XLSX")
    raise InputError(name, [Issue("(fil/file)", problem)])


def validate_row(row: dict[str, str]) -> UnitCost:
    """Validate one row exactly as a one-row import would; raises :class:`InputError`."""
    import csv

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "row.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(COLUMNS)
            writer.writerow([row.get(column, "") for column in COLUMNS])
        library = read_table(path, "form")
    return next(iter(library.items.values()))
