"""Unit-cost library (*enhetskostnader*): the price of one unit of a welfare service.

Why: the SKL guide (004 §5) turns effects into money with unit costs corrected to local costs;
Greater Manchester's unit-cost database shows that each figure needs its source, year, bearer
and a confidence grade to be trusted. Real tables are untidy (see ``data/unit-costs-se.csv``):
amounts given as bounds or ranges, free-text units, undated price years, secondary sources and
composite multi-bearer costs. This module keeps the original text, parses what can be parsed,
and records a caveat for everything the economist must complete — it never guesses silently.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from sikt.calc.bearers import BearerKind, kind_from_text
from sikt.calc.distributions import AnyDistribution, Fixed, Uniform
from sikt.calc.messages import InputError, Issue, from_file_error
from sikt.files import DEFAULT_LIMITS, FileError, Limits, Row, csv_text, read_table, xlsx_row
from sikt.numbers import NumberError, parse_money
from sikt.text import Text


class UnitKind(StrEnum):
    """What one unit is: per day, month, year, occasion or person (``other`` = free text only)."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"
    OCCASION = "occasion"
    PERSON = "person"
    OTHER = "other"


ConfidenceGrade = Literal["A", "B", "C", "D"]

COLUMNS = [
    "key",
    "name_sv",
    "name_en",
    "amount_sek",
    "unit",
    "price_year",
    "bearer",
    "source_title",
    "source_publisher",
    "source_year",
    "source_url",
    "quote",
    "confidence",
    "notes",
    "secondary_source",
]
REQUIRED_COLUMNS = ("key", "name_sv", "amount_sek", "unit", "price_year", "bearer")

_UNIT_RULES: list[tuple[str, UnitKind]] = [
    (r"dygn|/dag|per dag", UnitKind.DAY),
    (r"månad", UnitKind.MONTH),
    (r"och år|/år|per år", UnitKind.YEAR),
    (r"styck|tillfälle|brott|besök|placering", UnitKind.OCCASION),
    (r"person", UnitKind.PERSON),
]
_SECONDARY = ("sekundär", "tidning", "blogg", "återger")


class UnitCost(BaseModel):
    """One unit cost in SEK of ``price_year`` per ``unit``, with its source and caveats.

    ``amount_sek`` is the central value used deterministically; ``lower_sek``/``upper_sek`` hold
    the bounds when the source gives a bound (``>13000``) or a range (``10000000-15000000``).
    """

    model_config = ConfigDict(extra="forbid")

    key: str
    name_sv: str
    name_en: str = ""
    amount_text: str
    amount_sek: float
    lower_sek: float | None = None
    upper_sek: float | None = None
    unit: UnitKind
    unit_text: str
    price_year: int | None
    price_year_text: str
    bearer_text: str
    bearer_kind: BearerKind | None
    composite: bool
    source_title: str = ""
    source_publisher: str = ""
    source_year: str = ""
    source_url: str = ""
    quote: str = ""
    secondary_source: bool = False
    confidence: ConfidenceGrade = "B"
    notes: str = ""

    def distribution(self) -> AnyDistribution:
        """The amount as an input distribution: a range is uniform over it; a lower bound
        (``>13000``) is kept at the bound (conservative for avoided costs)."""
        if self.lower_sek is not None and self.upper_sek is not None:
            return Uniform(low=self.lower_sek, high=self.upper_sek)
        return Fixed(value=self.amount_sek)

    def caveats(self) -> list[Text]:
        """What the economist should check or complete before relying on this figure."""
        out: list[Text] = []
        if self.price_year is None:
            out.append(Text("prisår saknas", "price year missing"))
        if self.unit is UnitKind.OTHER:
            out.append(Text("enheten kunde inte tolkas", "unit could not be interpreted"))
        if self.lower_sek is not None and self.upper_sek is None:
            out.append(Text("beloppet är en nedre gräns", "amount is a lower bound"))
        if self.upper_sek is not None:
            out.append(Text("beloppet är ett intervall", "amount is a range"))
        if self.secondary_source:
            out.append(Text("sekundärkälla", "secondary source"))
        if self.composite:
            out.append(
                Text(
                    "sammansatt kostnad för flera aktörer – dela upp före användning per aktör",
                    "composite multi-bearer cost – split before use per actor",
                )
            )
        return out


NEGATIVE_AMOUNT = Text(
    "en enhetskostnad kan inte vara negativ – en intäkt anges som en nytta i kalkylen",
    "a unit cost cannot be negative – enter a revenue as a benefit in the calculation",
)


def _amount(text: str) -> float:
    """One amount by :func:`sikt.numbers.parse_money` (``5 400``, ``5400,50``, ``1,2 mnkr``).

    Raises :class:`~sikt.numbers.NumberError` for a negative, non-finite or huge amount (the
    message says so) and a plain ``ValueError`` for text that is not a number.
    """
    try:
        value = parse_money(text, max_decimals=None)  # bound: 10^15, as MAX_MAGNITUDE
    except NumberError as error:
        if error.code in {"not_finite", "too_large"}:
            raise
        raise ValueError(text) from None
    if value < 0:
        raise NumberError(NEGATIVE_AMOUNT, "negative")
    return float(value)


def parse_amount(text: str) -> tuple[float, float | None, float | None]:
    """``'5400'`` → (5400, None, None); ``'>13000'`` → (13000, 13000, None);
    ``'10000000-15000000'`` → (12500000, 10000000, 15000000). Numbers are read as Swedish users
    write them (``1 200 000,50``). Raises ``ValueError`` (a :class:`~sikt.numbers.NumberError`
    with its own message for negative, non-finite or huge amounts)."""
    cleaned = text.strip()
    bound = re.fullmatch(r"(>=|>|≥)\s*(.+)", cleaned)
    if bound:
        value = _amount(bound.group(2))
        return value, value, None
    span = re.fullmatch(r"([^-–−]+?)\s*[-–]\s*([^-–−]+)", cleaned)
    if span:
        low, high = _amount(span.group(1)), _amount(span.group(2))
        if low >= high:
            raise ValueError(text)
        return (low + high) / 2, low, high
    return _amount(cleaned), None, None


def parse_unit(text: str) -> UnitKind:
    """Map a free-text Swedish unit (``kr/vårddygn``, ``kr/elev och år``) to a :class:`UnitKind`."""
    lowered = text.lower()
    for pattern, kind in _UNIT_RULES:
        if re.search(pattern, lowered):
            return kind
    return UnitKind.OTHER


def parse_price_year(text: str) -> int | None:
    """The price year if the text starts with a four-digit year (``'2020 (1 jul–31 dec…)'``)."""
    match = re.match(r"\s*((?:19|20)\d\d)\b", text)
    return int(match.group(1)) if match else None


def unit_cost_from_row(row: Mapping[str, str]) -> UnitCost:
    """Build a :class:`UnitCost` from one table row (columns as in :data:`COLUMNS`)."""
    amount, lower, upper = parse_amount(row["amount_sek"])
    kind, composite = kind_from_text(row["bearer"])
    publisher = row.get("source_publisher", "") or ""
    secondary_text = (row.get("secondary_source") or "").strip().lower()
    if secondary_text:
        secondary = secondary_text in {"1", "true", "ja", "yes", "x"}
    else:
        secondary = any(w in (publisher + row.get("source_title", "")).lower() for w in _SECONDARY)
    price_year = parse_price_year(row["price_year"])
    confidence = (row.get("confidence") or "").strip().upper()
    if not confidence:
        confidence = "C" if secondary or price_year is None or composite else "B"
    return UnitCost(
        key=row["key"].strip(),
        name_sv=row["name_sv"],
        name_en=row.get("name_en", "") or "",
        amount_text=row["amount_sek"],
        amount_sek=amount,
        lower_sek=lower,
        upper_sek=upper,
        unit=parse_unit(row["unit"]),
        unit_text=row["unit"],
        price_year=price_year,
        price_year_text=row["price_year"],
        bearer_text=row["bearer"],
        bearer_kind=kind,
        composite=composite,
        source_title=row.get("source_title", "") or "",
        source_publisher=publisher,
        source_year=row.get("source_year", "") or "",
        source_url=row.get("source_url", "") or "",
        quote=row.get("quote", "") or "",
        secondary_source=secondary,
        confidence=confidence,  # type: ignore[arg-type]
        notes=row.get("notes", "") or "",
    )


class UnitCostLibrary(BaseModel):
    """A keyed collection of unit costs (the organisation's *enhetskostnadsbibliotek*)."""

    items: dict[str, UnitCost]

    def __contains__(self, key: object) -> bool:
        return key in self.items

    def __getitem__(self, key: str) -> UnitCost:
        return self.items[key]

    def __len__(self) -> int:
        return len(self.items)


#: Rows between two calls of a ``progress`` callback.
PROGRESS_EVERY = 1000


def _reporting(rows: Iterable[Row], progress: Callable[[int], None]) -> Iterator[Row]:
    for count, row in enumerate(rows, start=1):
        yield row
        if count % PROGRESS_EVERY == 0:
            progress(count)


def _rows_to_library(source: str, rows: Iterable[Row]) -> UnitCostLibrary:
    issues: list[Issue] = []
    items: dict[str, UnitCost] = {}
    for number, row in ((r.number, r.values) for r in rows):
        where = f"rad/row {number}"
        for column in ("key", "name_sv", "amount_sek", "unit", "bearer"):
            if not str(row.get(column, "")).strip():
                issues.append(Issue(f"{where}, {column}", Text("värde saknas", "value missing")))
        try:
            parse_amount(str(row.get("amount_sek", "")))
        except NumberError as error:
            issues.append(Issue(f"{where}, amount_sek", error.message))
        except ValueError:
            issues.append(
                Issue(
                    f"{where}, amount_sek",
                    Text(
                        "ska vara ett tal, en gräns (>13000) eller ett intervall (10-15)",
                        "must be a number, a bound (>13000) or a range (10-15)",
                    ),
                )
            )
        confidence = str(row.get("confidence", "")).strip().upper()
        if confidence and confidence not in {"A", "B", "C", "D"}:
            issues.append(
                Issue(
                    f"{where}, confidence", Text("ska vara A, B, C eller D", "must be A, B, C or D")
                )
            )
        key = str(row.get("key", "")).strip()
        if key in items:
            issues.append(Issue(f"{where}, key", Text("nyckeln finns redan", "duplicate key")))
        if issues and issues[-1].path.startswith(where):
            continue
        items[key] = unit_cost_from_row({k: str(v) for k, v in row.items()})
    if issues:
        raise InputError(source, issues)
    return UnitCostLibrary(items=items)


def load_unit_cost_library(path: str | Path | None = None) -> UnitCostLibrary:
    """Load a unit-cost table from CSV or XLSX (first sheet); ``None`` → the starter library.

    Raises :class:`~sikt.calc.messages.InputError` naming row and column of every problem.
    """
    if path is None:
        data = resources.files("sikt.calc").joinpath("data/unit-costs-se.csv").read_bytes()
        return read_unit_cost_table(data, "unit-costs-se.csv")
    return read_unit_cost_table(Path(path).read_bytes(), str(path))


def read_unit_cost_table(
    data: bytes,
    name: str,
    *,
    limits: Limits = DEFAULT_LIMITS,
    progress: Callable[[int], None] | None = None,
) -> UnitCostLibrary:
    """Load a unit-cost table from the bytes of a CSV (any Windows encoding, comma or
    semicolon) or XLSX file named ``name``, within ``limits`` (checked before rows are read,
    :func:`sikt.files.read_table`). Raises :class:`InputError` naming row and column.

    ``progress`` is called with the number of rows read so far every :data:`PROGRESS_EVERY`
    rows, so that a large import in the background can show how far it has come."""
    try:
        table = read_table(data, name, required=REQUIRED_COLUMNS, limits=limits)
        rows = table.rows if progress is None else _reporting(table.rows, progress)
        return _rows_to_library(name, rows)
    except FileError as error:
        raise from_file_error(error) from None


def _row_of(cost: UnitCost) -> list[str]:
    values = {
        "key": cost.key,
        "name_sv": cost.name_sv,
        "name_en": cost.name_en,
        "amount_sek": cost.amount_text,
        "unit": cost.unit_text,
        "price_year": cost.price_year_text,
        "bearer": cost.bearer_text,
        "source_title": cost.source_title,
        "source_publisher": cost.source_publisher,
        "source_year": cost.source_year,
        "source_url": cost.source_url,
        "quote": cost.quote,
        "confidence": cost.confidence,
        "notes": cost.notes,
        "secondary_source": "ja" if cost.secondary_source else "nej",
    }
    return [values[c] for c in COLUMNS]


def save_unit_cost_library(library: UnitCostLibrary, path: str | Path) -> None:
    """Write the library as CSV or XLSX (by suffix) in the columns :data:`COLUMNS`.

    Every text is written as text, never as a formula (:mod:`sikt.files.export`); the CSV is
    UTF-8 with a byte-order mark so that Excel shows å, ä and ö.
    """
    path = Path(path)
    rows = [_row_of(c) for c in library.items.values()]
    if path.suffix.lower() == ".xlsx":
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.title = "Enhetskostnader"
        sheet.append(xlsx_row(sheet, COLUMNS))
        for row in rows:
            sheet.append(xlsx_row(sheet, row))
        book.save(path)
        return
    path.write_text(csv_text(COLUMNS, rows), "utf-8-sig")
