"""The fund's answers to what the follow-up asks of it (:mod:`sikt.web.initiatives.fundfacts`).

**The fund's year** (:func:`fund_year`, for the yearly portfolio report): per part of the fund,
the ledger's allocations, commitments, releases, payouts and repayments concerning the year
(the year an entry's money concerns, as on the fund's pages), each net of the corrections that
reverse them, how many corrections there were and how much they reversed, and the balance at
the start of the year (every earlier year's allocations + repayments − payouts). One aggregate
query over the ledger.

**Reported costs** (:func:`reported_costs`, for the traffic light):

The traffic light's cost rule compares the costs reported "to date" with the budget for the
same span (issue 10 item 2). Follow-up and the fund are siblings in the layers, so the fund
registers this provider from ``ready()`` instead of follow-up importing it. Per period, as the
fund knows it:

* **reported** — the actual costs of the *approved* cost reports (the ones the fund has paid;
  only approved reports count, as in follow-up) of periods that ended on or before ``through``;
* **budget** — for exactly those periods, the initiative's net commitment of the year (the
  decided grant, less releases and corrections) pro rata to the period's share of the year, as
  the payout pages compare a period with its plan (:func:`sikt.web.funds.plan.period_share`).

An initiative without an approved report is left out, so its light says "no cost data" rather
than a guess. Three aggregate queries and one per organisation for its reporting periods,
whatever the number of initiatives.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal

from django.db.models import Count, Sum

from sikt.web.accounts.models import Organization
from sikt.web.funds import periods
from sikt.web.funds.ledger_rules import Figures, Kind, fold
from sikt.web.funds.models import CostReport, CostReportLine, Fund, LedgerEntry, ReportingPeriod
from sikt.web.funds.money import to_kronor
from sikt.web.funds.plan import CENT, period_share
from sikt.web.initiatives.fundfacts import FundPartYear, FundYear, ReportedCosts


def _committed_by_year(initiative_ids: Sequence[int]) -> dict[int, dict[int, int]]:
    """``{initiative: {year: net commitment in öre}}`` from the ledger."""
    rows: dict[int, list[tuple[str, str | None, int, int]]] = defaultdict(list)
    for initiative, kind, corrected, year, total in (
        LedgerEntry.objects.filter(initiative_id__in=initiative_ids)
        .order_by()
        .values_list("initiative_id", "kind", "corrected_kind", "year")
        .annotate(total=Sum("amount_ore"))
    ):
        rows[initiative].append((kind, corrected, year, int(total)))
    return {
        initiative: {year: figures.committed_net for year, figures in fold(entries).items()}
        for initiative, entries in rows.items()
    }


def reported_costs(initiative_ids: Sequence[int], through: dt.date) -> dict[int, ReportedCosts]:
    """``{initiative id: ReportedCosts}`` for the initiatives with approved cost reports."""
    approved = list(
        CostReportLine.objects.filter(
            report__initiative_id__in=list(initiative_ids),
            report__state=CostReport.State.APPROVED,
        )
        .order_by()
        .values_list(
            "report__initiative_id",
            "report__initiative__organization_id",
            "report__year",
            "report__period",
        )
        .annotate(total=Sum("amount_ore"))
    )
    if not approved:
        return {}
    calendars: dict[int, list[ReportingPeriod]] = {
        organization.pk: periods.periods_of(organization)
        for organization in Organization.objects.filter(pk__in={row[1] for row in approved})
    }
    committed = _committed_by_year([row[0] for row in approved])
    reported: dict[int, int] = defaultdict(int)
    budget: dict[int, Decimal] = defaultdict(Decimal)
    last: dict[int, dt.date] = {}
    for initiative, organization, year, key, total in approved:
        calendar = calendars[organization]
        period = next((p for p in calendar if p.key == key), None)
        if period is None or period.end_in(year) > through:
            continue
        reported[initiative] += int(total)
        granted = committed.get(initiative, {}).get(year, 0)
        budget[initiative] += to_kronor(granted) * period_share(calendar, key, year)
        last[initiative] = max(last.get(initiative, period.end_in(year)), period.end_in(year))
    return {
        initiative: ReportedCosts(
            reported_sek=to_kronor(reported[initiative]),
            budget_sek=budget[initiative].quantize(CENT) if budget[initiative] else None,
            through=last[initiative],
        )
        for initiative in last
    }


def fund_year(organization_id: int, year: int) -> FundYear | None:
    """The organisation's fund in ``year`` per part, from its ledger; ``None`` without a fund."""
    funds = list(Fund.objects.filter(organization_id=organization_id))
    if not funds:
        return None
    rows: dict[int, list[tuple[str, str | None, int, int]]] = defaultdict(list)
    corrections: dict[int, tuple[int, int]] = {}
    for fund, kind, corrected, entry_year, total, count in (
        LedgerEntry.objects.filter(fund__in=funds, year__lte=year)
        .order_by()
        .values_list("fund_id", "kind", "corrected_kind", "year")
        .annotate(total=Sum("amount_ore"), count=Count("id"))
    ):
        rows[fund].append((kind, corrected, entry_year, int(total)))
        if kind == Kind.CORRECTION and entry_year == year:
            number, amount = corrections.get(fund, (0, 0))
            corrections[fund] = (number + int(count), amount + int(total))
    parts = []
    for fund in funds:
        by_year = fold(rows[fund.pk])
        opening = sum(figures.balance for y, figures in by_year.items() if y < year)
        this = by_year.get(year, Figures())
        number, amount = corrections.get(fund.pk, (0, 0))
        parts.append(
            FundPartYear(
                name=fund.name,
                opening_balance_sek=to_kronor(opening),
                allocated_sek=to_kronor(this.allocated),
                committed_sek=to_kronor(this.committed),
                released_sek=to_kronor(this.released),
                paid_out_sek=to_kronor(this.paid),
                repaid_sek=to_kronor(this.repaid),
                corrections=number,
                corrected_sek=to_kronor(amount),
            )
        )
    return FundYear(year, parts)
