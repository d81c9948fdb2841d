"""Booking ledger entries: one transaction, the fund row locked, the rules checked, the audit
record written — or nothing at all.

Every write to the ledger goes through :func:`book`. It locks the fund part
(``SELECT … FOR UPDATE``, so two bookings on one fund are serialised and the facts the rules read
cannot change underneath), reads those facts with aggregate queries, asks the pure rules
(:func:`sikt.web.funds.ledger_rules.refusals`) and either raises :class:`LedgerRefused` or inserts
the entry with its audit record. A form's idempotency key makes a repeated POST return the entry
the first one booked.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone

from sikt.web import policy
from sikt.web.accounts.models import Committee
from sikt.web.audit import services as audit
from sikt.web.audit.models import AuditEntry
from sikt.web.funds import periods
from sikt.web.funds.ledger_rules import Entry, Facts, Kind, refusals
from sikt.web.funds.messages import LedgerRefused
from sikt.web.funds.models import Fund, LedgerEntry
from sikt.web.initiatives.models import Initiative

#: Committee kinds that repay the fund: "Återföring är endast möjlig från kommunala nämnder" (003).
REPAYING_KINDS = frozenset({Committee.Kind.COMMITTEE, Committee.Kind.ADMINISTRATION})


def _as_rule_entry(entry: LedgerEntry) -> Entry:
    return Entry(
        kind=Kind(entry.kind),
        amount_ore=entry.amount_ore,
        year=entry.year,
        booked_year=entry.booked_year,
        period=entry.period,
        fund=entry.fund_id,
        initiative=entry.initiative_id,
        committee=entry.committee_id,
        has_decision=entry.decision_id is not None or entry.overrun_decision_id is not None,
        reverses=entry.reverses_id,
        id=entry.pk,
    )


def committed_and_paid(fund_id: int, initiative_id: int, year: int) -> tuple[int, int]:
    """Net commitment and net payouts (öre) of an initiative's year in one fund part."""
    rows = (
        LedgerEntry.objects.filter(fund_id=fund_id, initiative_id=initiative_id, year=year)
        .order_by()
        .values_list("kind", "corrected_kind")
        .annotate(total=Sum("amount_ore"))
    )
    committed = paid = 0
    for kind, corrected, total in rows:
        sign = -1 if kind == Kind.CORRECTION else 1
        figure = corrected or kind
        if figure == Kind.COMMITMENT:
            committed += sign * total
        elif figure == Kind.RELEASE:
            committed -= sign * total
        elif figure == Kind.PAYOUT:
            paid += sign * total
    return committed, paid


def _facts(fund: Fund, entry: Entry, committee: Committee | None) -> Facts:
    target = None
    target_reversed = False
    if entry.reverses is not None:
        stored = LedgerEntry.objects.filter(pk=entry.reverses).first()
        if stored is not None:
            target = _as_rule_entry(stored)
            target_reversed = LedgerEntry.objects.filter(reverses_id=stored.pk).exists()
    anchor = target or entry
    committed = paid = 0
    if anchor.initiative is not None:
        committed, paid = committed_and_paid(anchor.fund, anchor.initiative, anchor.year)
    return Facts(
        period_closed=periods.is_closed(fund.organization, entry.booked_year, entry.period),
        fund_takes_repayments=fund.takes_repayments,
        committee_may_repay=committee is not None
        and committee.kind in REPAYING_KINDS
        and committee.organization_id == fund.organization_id,
        committed=committed,
        paid=paid,
        target=target,
        target_reversed=target_reversed,
    )


def book(
    *,
    actor: Any,
    fund: Fund,
    kind: Kind,
    amount_ore: int,
    year: int,
    booked_on: dt.date | None = None,
    period: str | None = None,
    initiative: Initiative | None = None,
    committee: Committee | None = None,
    reverses: LedgerEntry | None = None,
    note: str = "",
    idempotency_key: uuid.UUID | None = None,
    **links: Any,
) -> LedgerEntry:
    """Book one entry if the rules allow it; raise :class:`LedgerRefused` otherwise.

    ``period`` defaults to the reporting period ``booked_on`` falls in (``booked_on`` defaults
    to today). ``links`` name what the entry rests on: ``decision``, ``overrun_decision``,
    ``cost_report``, ``budget_adoption`` or ``repayment_revision``.
    """
    booked_on = booked_on or timezone.localdate()
    period = period or periods.period_of(fund.organization, booked_on).key
    with transaction.atomic():
        fund = Fund.objects.select_for_update().select_related("organization").get(pk=fund.pk)
        if idempotency_key is not None:
            earlier = LedgerEntry.objects.filter(idempotency_key=idempotency_key).first()
            if earlier is not None:
                return earlier
        for related in (initiative, committee):
            if related is not None and policy.organization_of(related) != fund.organization:
                raise ValueError("the entry and the fund belong to different organisations")
        entry = LedgerEntry(
            fund=fund,
            kind=kind.value,
            corrected_kind=reverses.kind if reverses is not None else "",
            amount_ore=amount_ore,
            year=year,
            booked_year=booked_on.year,
            period=period,
            booked_on=booked_on,
            initiative=initiative,
            committee=committee,
            reverses=reverses,
            actor=actor,
            note=note,
            idempotency_key=idempotency_key,
            **links,
        )
        found = refusals(_as_rule_entry(entry), _facts(fund, _as_rule_entry(entry), committee))
        if found:
            raise LedgerRefused(found)
        entry.save()
        audit.record(
            actor=actor,
            instance=entry,
            action=AuditEntry.Action.CREATE,
            changes=audit.diff({}, audit.snapshot(entry)),
            note=note,
        )
        return entry


def allocation_book(
    *,
    actor: Any,
    fund: Fund,
    amount_ore: int,
    year: int,
    booked_on: dt.date | None = None,
    note: str = "",
    idempotency_key: uuid.UUID | None = None,
) -> LedgerEntry:
    """Money from the budget into the fund for ``year`` (coordinator)."""
    policy.require(actor, policy.Action.CREATE, fund, model=LedgerEntry)
    return book(
        actor=actor,
        fund=fund,
        kind=Kind.ALLOCATION,
        amount_ore=amount_ore,
        year=year,
        booked_on=booked_on,
        note=note,
        idempotency_key=idempotency_key,
    )


def release_book(
    *,
    actor: Any,
    fund: Fund,
    initiative: Initiative,
    year: int,
    amount_ore: int,
    booked_on: dt.date | None = None,
    note: str = "",
    idempotency_key: uuid.UUID | None = None,
) -> LedgerEntry:
    """Free what is committed to an initiative's year but will not be paid (coordinator)."""
    policy.require(actor, policy.Action.CREATE, fund, model=LedgerEntry)
    return book(
        actor=actor,
        fund=fund,
        kind=Kind.RELEASE,
        amount_ore=amount_ore,
        year=year,
        booked_on=booked_on,
        initiative=initiative,
        note=note,
        idempotency_key=idempotency_key,
    )


def correction_book(
    *,
    actor: Any,
    target: LedgerEntry,
    note: str,
    booked_on: dt.date | None = None,
    idempotency_key: uuid.UUID | None = None,
) -> LedgerEntry:
    """Reverse ``target`` in full by a new entry in the current open period (coordinator)."""
    policy.require(actor, policy.Action.CREATE, target.fund, model=LedgerEntry)
    return book(
        actor=actor,
        fund=target.fund,
        kind=Kind.CORRECTION,
        amount_ore=target.amount_ore,
        year=target.year,
        booked_on=booked_on,
        initiative=target.initiative,
        committee=target.committee,
        reverses=target,
        note=note,
        idempotency_key=idempotency_key,
    )


def outstanding_by_year(fund: Fund, initiative: Initiative) -> dict[int, int]:
    """``{year: committed − paid}`` (öre) of an initiative in one fund part, years with any."""
    years = (
        LedgerEntry.objects.filter(fund=fund, initiative=initiative)
        .filter(Q(kind__in=[Kind.COMMITMENT, Kind.RELEASE, Kind.PAYOUT]) | Q(kind=Kind.CORRECTION))
        .values_list("year", flat=True)
        .distinct()
    )
    out = {}
    for year in sorted(set(years)):
        committed, paid = committed_and_paid(fund.pk, initiative.pk, year)
        out[year] = committed - paid
    return out
