"""Reads of the fund: figures by aggregate queries, the ledger, an initiative's money.

Figures are never stored: each is a ``SUM`` over the ledger grouped by year and kind (a
correction counts against the kind it reverses), folded by
:func:`sikt.web.funds.ledger_rules.fold`. The indexes on ``(fund, year, kind, corrected_kind,
amount_ore)`` and ``(initiative, year, …)`` let PostgreSQL answer from the index alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet, Sum

from sikt.web.funds.ledger_rules import Figures, fold
from sikt.web.funds.models import Fund, LedgerEntry


def _grouped(entries: QuerySet[LedgerEntry]) -> dict[int, Figures]:
    rows = (
        entries.order_by()
        .values_list("kind", "corrected_kind", "year")
        .annotate(total=Sum("amount_ore"))
    )
    return fold(rows)


def figures_by_year(funds: Iterable[Fund]) -> dict[int, Figures]:
    """``{year: Figures}`` over the given fund parts, in one aggregate query."""
    return _grouped(LedgerEntry.objects.filter(fund__in=[fund.pk for fund in funds]))


def initiative_figures_by_year(initiative_id: int) -> dict[int, Figures]:
    return _grouped(LedgerEntry.objects.filter(initiative_id=initiative_id))


def total(by_year: dict[int, Figures]) -> Figures:
    result = Figures()
    for figures in by_year.values():
        result = result + figures
    return result


@dataclass(frozen=True)
class YearRow:
    """One year of the fund at a glance, with running totals for the chart (öre)."""

    year: int
    figures: Figures
    cumulative: Figures


def year_rows(by_year: dict[int, Figures]) -> list[YearRow]:
    rows = []
    running = Figures()
    for year in sorted(by_year):
        running = running + by_year[year]
        rows.append(YearRow(year, by_year[year], running))
    return rows


def ledger(funds: Iterable[Fund]) -> QuerySet[LedgerEntry]:
    """Every entry of the given fund parts, newest first, with what each rests on."""
    return (
        LedgerEntry.objects.filter(fund__in=[fund.pk for fund in funds])
        .select_related(
            "fund",
            "initiative",
            "committee",
            "actor",
            "decision",
            "overrun_decision",
            "cost_report",
            "budget_adoption",
            "repayment_revision",
            "reverses",
            "reversed_by",
        )
        .order_by("-id")
    )
