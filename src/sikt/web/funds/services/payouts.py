"""Cost reports and payouts in arrears (Uppsala 003, "Utbetalning och ekonomisk redovisning").

The project leader reports the actual costs of a period per cost line under the initiative's
project number and submits; the economist approves — the fund pays out in the same transaction —
or returns the report with a comment. A payout is never larger than what remains of the year's
grant unless a decision to pay above the grant is recorded first (it books a further commitment).

Exactly once: the approval locks the report row (``SELECT … FOR UPDATE``) and only a submitted
report can be approved; the ledger's unique constraint (one payout per cost report) holds even
where row locks do not (SQLite). A second approval — a double click, a retry, or a colleague at
the same moment — gets the payout the first one booked.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sikt.web import policy
from sikt.web.accounts.models import Membership, Role
from sikt.web.audit import services as audit
from sikt.web.audit.models import AuditEntry
from sikt.web.funds import periods, permissions
from sikt.web.funds.grants import project_number
from sikt.web.funds.ledger_rules import Kind
from sikt.web.funds.models import CostReport, CostReportLine, Fund, LedgerEntry, OverrunDecision
from sikt.web.funds.plan import planned_costs
from sikt.web.funds.selectors import default_fund
from sikt.web.funds.services.ledger import book
from sikt.web.initiatives.models import Initiative
from sikt.web.notifications import notify

EDITABLE = (CostReport.State.DRAFT, CostReport.State.RETURNED)


@dataclass(frozen=True)
class Line:
    cost_line: str
    amount_ore: int
    comment: str = ""


def fund_for(initiative: Initiative, year: int) -> Fund | None:
    """The part of the fund holding the initiative's commitment for ``year`` (else the default)."""
    fund_id = (
        LedgerEntry.objects.filter(initiative=initiative, year=year, kind=Kind.COMMITMENT)
        .order_by()
        .values("fund_id")
        .annotate(total=Sum("amount_ore"))
        .order_by("-total")
        .values_list("fund_id", flat=True)
        .first()
    )
    if fund_id is not None:
        return Fund.objects.get(pk=fund_id)
    return default_fund(initiative.organization)


def cost_report_create(*, actor: Any, initiative: Initiative, year: int, period: str) -> CostReport:
    """A draft report for ``year``/``period`` with a line per cost line of the plan (or the
    existing report of that period)."""
    if not permissions.may_report_costs(actor, initiative):
        raise PermissionDenied
    if period not in periods.labels(initiative.organization):
        raise ValidationError(_("Choose one of the organisation's reporting periods."))
    with transaction.atomic():
        existing = CostReport.objects.filter(
            initiative=initiative, year=year, period=period
        ).first()
        if existing is not None:
            return existing
        report = audit.create(
            actor,
            CostReport(
                initiative=initiative,
                year=year,
                period=period,
                project_number=project_number(initiative),
                reported_by=actor,
            ),
        )
        for name in planned_costs(initiative):
            CostReportLine.objects.create(report=report, cost_line=name, amount_ore=0)
        return report


def cost_report_save(
    *, actor: Any, report: CostReport, lines: Sequence[Line], source: str = ""
) -> CostReport:
    """Replace the report's lines (draft or returned reports only)."""
    if not permissions.may_report_costs(actor, report.initiative):
        raise PermissionDenied
    with transaction.atomic():
        report = CostReport.objects.select_for_update().get(pk=report.pk)
        if report.state not in EDITABLE:
            raise ValidationError(_("Only a draft or returned report can be changed."))
        names = [line.cost_line.strip() for line in lines]
        if len(set(names)) != len(names) or not all(names):
            raise ValidationError(_("Each cost line needs a name, and a name only once."))
        if any(line.amount_ore < 0 for line in lines):
            raise ValidationError(_("Actual costs cannot be negative."))
        before = {line.cost_line: line.amount_ore for line in report.lines.all()}
        report.lines.all().delete()
        CostReportLine.objects.bulk_create(
            CostReportLine(
                report=report, cost_line=name, amount_ore=line.amount_ore, comment=line.comment
            )
            for name, line in zip(names, lines, strict=True)
        )
        after = {name: line.amount_ore for name, line in zip(names, lines, strict=True)}
        changes = audit.diff(before, after)
        if source:
            changes["source"] = [report.source, source]
            report.source = source
            report.save(update_fields=["source"])
        audit.record(actor=actor, instance=report, action=AuditEntry.Action.UPDATE, changes=changes)
        return report


def _economists(report: CostReport) -> list[Any]:
    return [
        membership.user
        for membership in Membership.objects.filter(
            organization=report.initiative.organization, role=Role.ECONOMIST
        ).select_related("user")
    ]


def cost_report_submit(*, actor: Any, report: CostReport) -> CostReport:
    """Send the report to the economists for approval."""
    if not permissions.may_report_costs(actor, report.initiative):
        raise PermissionDenied
    with transaction.atomic():
        report = CostReport.objects.select_for_update().get(pk=report.pk)
        if report.state not in EDITABLE:
            raise ValidationError(_("The report has already been submitted."))
        audit.update(actor, report, state=CostReport.State.SUBMITTED, submitted_at=timezone.now())
        notify(
            users=_economists(report),
            kind="payout_to_approve",
            title=_("Costs to approve: %(report)s") % {"report": report},
            url=reverse("funds:report", args=[report.pk]),
            organization=report.initiative.organization,
        )
        return report


def cost_report_return(*, actor: Any, report: CostReport, comment: str) -> CostReport:
    """Send the report back to the project leader with the economist's comment."""
    policy.require(actor, policy.Action.REVIEW, report)
    if not comment.strip():
        raise ValidationError(_("Say what needs to change."))
    with transaction.atomic():
        report = CostReport.objects.select_for_update().get(pk=report.pk)
        if report.state != CostReport.State.SUBMITTED:
            raise ValidationError(_("Only a submitted report can be returned."))
        audit.update(
            actor,
            report,
            state=CostReport.State.RETURNED,
            reviewed_by=actor,
            reviewed_at=timezone.now(),
            review_comment=comment.strip(),
        )
        notify(
            users=[report.reported_by],
            kind="cost_report_returned",
            title=_("Your cost report was returned: %(report)s") % {"report": report},
            url=reverse("funds:report", args=[report.pk]),
            organization=report.initiative.organization,
        )
        return report


@dataclass(frozen=True)
class Approval:
    report: CostReport
    payout: LedgerEntry | None
    #: The report had already been approved (by this or another economist).
    already: bool


def cost_report_approve(
    *,
    actor: Any,
    report: CostReport,
    booked_on: dt.date | None = None,
    idempotency_key: uuid.UUID | None = None,
) -> Approval:
    """Approve a submitted report and pay its total out of the fund, exactly once."""
    policy.require(actor, policy.Action.REVIEW, report)
    try:
        with transaction.atomic():
            locked = CostReport.objects.select_for_update().get(pk=report.pk)
            if locked.state == CostReport.State.APPROVED:
                return Approval(locked, locked.ledger_entries.filter(kind="payout").first(), True)
            if locked.state != CostReport.State.SUBMITTED:
                raise ValidationError(_("Only a submitted report can be approved."))
            payout = _pay(actor, locked, booked_on, idempotency_key)
            audit.update(
                actor,
                locked,
                state=CostReport.State.APPROVED,
                reviewed_by=actor,
                reviewed_at=timezone.now(),
            )
            notify(
                users=[locked.reported_by],
                kind="payout_made",
                title=_("Costs approved and paid: %(report)s") % {"report": locked},
                url=reverse("funds:report", args=[locked.pk]),
                organization=locked.initiative.organization,
            )
            return Approval(locked, payout, False)
    except IntegrityError:
        # Another approval booked the payout between our read and our insert.
        locked = CostReport.objects.get(pk=report.pk)
        return Approval(locked, locked.ledger_entries.filter(kind="payout").first(), True)


def _pay(
    actor: Any, report: CostReport, booked_on: dt.date | None, key: uuid.UUID | None
) -> LedgerEntry | None:
    total = report.lines.aggregate(total=Sum("amount_ore"))["total"] or 0
    if total == 0:
        return None
    fund = fund_for(report.initiative, report.year)
    if fund is None:
        raise ValidationError(_("The organisation has no fund to pay from."))
    # Booked in the report's own period while that is open (the payout belongs to the interim
    # report), otherwise in the period the approval falls in.
    day = booked_on or timezone.localdate()
    organization = report.initiative.organization
    own_period = report.year == day.year and not periods.is_closed(
        organization, day.year, report.period
    )
    return book(
        actor=actor,
        fund=fund,
        kind=Kind.PAYOUT,
        amount_ore=total,
        year=report.year,
        booked_on=day,
        period=report.period if own_period else None,
        initiative=report.initiative,
        cost_report=report,
        note=str(report),
        idempotency_key=key,
    )


def overrun_decision_record(
    *,
    actor: Any,
    initiative: Initiative,
    year: int,
    amount_ore: int,
    decided_on: dt.date,
    body: str,
    minute_reference: str,
    reason: str,
    registration_number: str = "",
) -> OverrunDecision:
    """Record a decision to pay ``amount_ore`` above the grant for ``year`` and commit it."""
    policy.require(actor, policy.Action.CREATE, initiative, model=OverrunDecision)
    fund = fund_for(initiative, year)
    if fund is None:
        raise ValidationError(_("The organisation has no fund to pay from."))
    with transaction.atomic():
        decision = audit.create(
            actor,
            OverrunDecision(
                initiative=initiative,
                year=year,
                amount_ore=amount_ore,
                decided_on=decided_on,
                body=body,
                minute_reference=minute_reference,
                registration_number=registration_number,
                reason=reason,
                recorded_by=actor,
            ),
        )
        book(
            actor=actor,
            fund=fund,
            kind=Kind.COMMITMENT,
            amount_ore=amount_ore,
            year=year,
            initiative=initiative,
            overrun_decision=decision,
            note=reason,
        )
        return decision
