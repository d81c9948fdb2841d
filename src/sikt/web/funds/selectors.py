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

from sikt.web.accounts.models import Organization
from sikt.web.funds.ledger_rules import Figures, fold
from sikt.web.funds.models import Fund, LedgerEntry


def default_fund(organization: Organization) -> Fund | None:
    """The part of the fund that decided grants are committed from."""
    return Fund.objects.filter(organization=organization, is_default=True).first()


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


@dataclass(frozen=True)
class MoneyRow:
    """One year of an initiative's money (öre): granted, reported, paid, due and repaid."""

    year: int
    granted: int
    reported: int
    paid: int
    due: int
    repaid: int

    @property
    def outstanding(self) -> int:
        """Granted and not yet paid out."""
        return self.granted - self.paid


def reported_by_year(initiative_ids: Iterable[int]) -> dict[tuple[int, int], int]:
    """``{(initiative, year): öre}`` reported in submitted or approved cost reports."""
    from sikt.web.funds.models import CostReport, CostReportLine

    rows = (
        CostReportLine.objects.filter(
            report__initiative_id__in=list(initiative_ids),
            report__state__in=[CostReport.State.SUBMITTED, CostReport.State.APPROVED],
        )
        .order_by()
        .values_list("report__initiative_id", "report__year")
        .annotate(total=Sum("amount_ore"))
    )
    return {(initiative, year): int(total) for initiative, year, total in rows}


def initiative_money(initiative_id: int, due: dict[int, int]) -> list[MoneyRow]:
    """Per year: granted (net commitment), reported, paid, due to be repaid (``due``, öre, from
    the decided repayment plan) and repaid — the ledger by aggregate queries."""
    ledger_years = initiative_figures_by_year(initiative_id)
    reported = {year: total for (_i, year), total in reported_by_year([initiative_id]).items()}
    years = sorted(set(ledger_years) | set(reported) | set(due))
    return [
        MoneyRow(
            year=year,
            granted=ledger_years.get(year, Figures()).committed_net,
            reported=reported.get(year, 0),
            paid=ledger_years.get(year, Figures()).paid,
            due=due.get(year, 0),
            repaid=ledger_years.get(year, Figures()).repaid,
        )
        for year in years
    ]


def initiatives_money(organization_id: int) -> dict[int, Figures]:
    """``{initiative id: Figures}`` for every initiative with entries, in one query."""
    rows = (
        LedgerEntry.objects.filter(fund__organization_id=organization_id, initiative__isnull=False)
        .order_by()
        .values_list("initiative_id", "kind", "corrected_kind")
        .annotate(total=Sum("amount_ore"))
    )
    per: dict[int, list[tuple[str, str | None, int, int]]] = {}
    for initiative, kind, corrected, total in rows:
        per.setdefault(initiative, []).append((kind, corrected, 0, total))
    return {initiative: fold(values).get(0, Figures()) for initiative, values in per.items()}
