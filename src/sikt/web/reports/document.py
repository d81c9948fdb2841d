"""The decision document (*beslutsunderlag*) as one tree of plain data.

A selector (:mod:`sikt.web.reports.assemble`) builds a :class:`DecisionDocument` from the
initiative's records, already formatted as text in Swedish; the on-screen preview, the PDF
renderer and the DOCX renderer only lay it out. So the three can never disagree on a number.

Blocks are deliberately few: a paragraph, a list of facts (label and value), a table, a bullet
list and a chart. A chart carries its data (not an image), is drawn by
:mod:`sikt.charts` for every medium, and always has a table of the same numbers
beside it, so nothing is conveyed by the picture alone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import ClassVar

from sikt.charts import BarChart


@dataclass(frozen=True)
class Paragraph:
    kind: ClassVar[str] = "paragraph"
    text: str
    #: Shown emphasised (e.g. "no calculation yet").
    note: bool = False


@dataclass(frozen=True)
class Facts:
    """Label–value pairs, e.g. the key figures."""

    kind: ClassVar[str] = "facts"
    items: list[tuple[str, str]]


@dataclass(frozen=True)
class Bullets:
    kind: ClassVar[str] = "bullets"
    items: list[str]


@dataclass(frozen=True)
class Table:
    kind: ClassVar[str] = "table"
    caption: str
    header: list[str]
    rows: list[list[str]]
    #: Indexes of columns with numbers (right-aligned).
    numeric: frozenset[int] = frozenset()
    #: The last row is a total (bold).
    total_row: bool = False


@dataclass(frozen=True)
class Chart:
    """A bar chart: one bar (or group of bars) per category, one colour per series."""

    kind: ClassVar[str] = "chart"
    title: str
    categories: list[str]
    #: ``[(series name, [value per category])]`` in SEK.
    series: list[tuple[str, list[float]]]
    #: The measured quantity; its unit (kr or mnkr) is added when the chart is drawn.
    value_label: str = ""
    #: What the categories are (e.g. "År"); empty when the category names say it.
    category_label: str = ""
    #: Horizontal bars with the value printed at each bar (for long category names).
    horizontal: bool = False
    #: The values are kronor (axis in kr or mnkr); counts and other numbers are not.
    money: bool = True

    def spec(self) -> BarChart:
        """The chart for :mod:`sikt.charts`, drawn the same on the page, in the PDF and DOCX."""
        return BarChart(
            title=self.title,
            categories=tuple(self.categories),
            series=tuple((name, tuple(values)) for name, values in self.series),
            value_label=self.value_label,
            category_label=self.category_label,
            money=self.money,
            horizontal=self.horizontal,
        )


Block = Paragraph | Facts | Bullets | Table | Chart


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    blocks: list[Block] = field(default_factory=list)


@dataclass(frozen=True)
class KeyFigures:
    """The headline numbers, kept as text exactly as every medium prints them."""

    npv_organisation: str
    npv_society: str
    probability_positive: str
    break_even: str
    investment_cost: str
    repayment_total: str
    #: ``{committee name: total repayment}``.
    repayment_by_committee: dict[str, str]
    price_year: str


@dataclass(frozen=True)
class DecisionDocument:
    title: str
    subtitle: str
    organization: str
    state: str
    #: The initiative's id, printed as the document's reference.
    reference: int
    generated_on: dt.date
    key_figures: KeyFigures | None
    sections: list[Section]

    def section(self, key: str) -> Section:
        return next(section for section in self.sections if section.key == key)

    @property
    def file_stem(self) -> str:
        """A file name without extension: ``beslutsunderlag-12-tidiga-insatser``."""
        from django.utils.text import slugify

        return f"beslutsunderlag-{self.reference}-{slugify(self.title)[:60] or 'satsning'}"
