"""Commitments from decided grants (issue 9 item 1: "commitment on approval").

When the board approves an initiative the decision records the grant per year
(:class:`~sikt.web.initiatives.models.Grant`); the fund listens to decisions
(``initiatives.events``) and commits each year's amount from the fund part that receives
commitments. A later grant (an approved amendment) replaces the earlier one: the difference per
year is committed, or released when the new grant is smaller (never below what is already paid).
Decisions to pay above the grant add to what a year may hold.

:func:`grant_commit` is idempotent — it books only the difference between the grant in force and
the ledger — so the fund can also pick up grants decided before the fund existed
(:func:`grants_commit`, called when an organisation's first fund part is created).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from sikt.web.accounts.models import Organization
from sikt.web.funds import periods
from sikt.web.funds.ledger_rules import Kind
from sikt.web.funds.models import Fund, LedgerEntry, OverrunDecision
from sikt.web.funds.money import to_ore
from sikt.web.funds.selectors import default_fund
from sikt.web.funds.services.ledger import book, committed_and_paid
from sikt.web.initiatives.models import Decision, Grant, Initiative


def _fund_of(initiative: Initiative, year: int) -> Fund | None:
    fund_id = (
        LedgerEntry.objects.filter(initiative=initiative, year=year, kind=Kind.COMMITMENT)
        .order_by("id")
        .values_list("fund_id", flat=True)
        .first()
    )
    if fund_id is not None:
        return Fund.objects.get(pk=fund_id)
    return default_fund(initiative.organization)


def _booking_day(organization: Organization, decided_on: dt.date) -> dt.date:
    """The decision date while its period is open, otherwise today."""
    period = periods.period_of(organization, decided_on)
    if periods.is_closed(organization, decided_on.year, period.key):
        return timezone.localdate()
    return decided_on


def grant_commit(*, actor: Any, grant: Grant) -> list[LedgerEntry]:
    """Book what the ledger lacks to hold ``grant`` (commitments or releases per year)."""
    initiative = grant.initiative
    if actor is None:
        actor = grant.decision.recorded_by
    if actor is None or default_fund(initiative.organization) is None:
        return []
    target = {row.year: to_ore(row.amount_sek) for row in grant.years.all()}
    overrun = dict(
        OverrunDecision.objects.filter(initiative=initiative)
        .order_by()
        .values_list("year")
        .annotate(total=Sum("amount_ore"))
    )
    earlier_years = set(
        LedgerEntry.objects.filter(initiative=initiative, kind=Kind.COMMITMENT).values_list(
            "year", flat=True
        )
    )
    booked: list[LedgerEntry] = []
    day = _booking_day(initiative.organization, grant.decision.decided_on)
    with transaction.atomic():
        for year in sorted(set(target) | earlier_years):
            fund = _fund_of(initiative, year)
            if fund is None:
                continue
            committed, paid = committed_and_paid(fund.pk, initiative.pk, year)
            delta = target.get(year, 0) + overrun.get(year, 0) - committed
            common = {
                "actor": actor,
                "fund": fund,
                "year": year,
                "booked_on": day,
                "initiative": initiative,
                "decision": grant.decision,
            }
            if delta > 0:
                note = f"{grant.project_number} {year}".strip()
                booked.append(book(kind=Kind.COMMITMENT, amount_ore=delta, note=note, **common))
            elif delta < 0 and committed > paid:
                amount = min(-delta, committed - paid)
                note = f"{grant.project_number} {year}".strip()
                booked.append(book(kind=Kind.RELEASE, amount_ore=amount, note=note, **common))
    return booked


def on_decision(*, decision: Decision, actor: Any) -> None:
    """Decision listener: an approving decision's grant is committed from the fund."""
    grant = Grant.objects.filter(decision=decision).first()
    if grant is not None:
        grant_commit(actor=actor, grant=grant)


def grants_commit(*, actor: Any, organization: Organization) -> int:
    """Commit every initiative's grant in force that the ledger does not hold yet; returns how
    many entries were booked."""
    from sikt.web.initiatives.selectors import current_grant

    count = 0
    initiatives = Initiative.objects.filter(organization=organization, grants__isnull=False)
    for initiative in initiatives.distinct().order_by("id"):
        grant = current_grant(initiative)
        if grant is not None:
            count += len(grant_commit(actor=actor, grant=grant))
    return count
