"""Write paths of progress reports: the schedule, values, activities and reach, and the
workflow draft → submitted → approved / returned with a comment (issue 10 item 1).

Every function checks the policy, works in one transaction, writes the audit trail, and sends
its notifications when the transaction commits. Invalid input raises ``ValidationError`` (keyed
by the form's field names) and nothing is written.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sikt.web import policy
from sikt.web.accounts.models import Role
from sikt.web.audit import services as audit
from sikt.web.audit.models import AuditEntry
from sikt.web.design.models import FollowUpPlan
from sikt.web.followup.labels import report_label
from sikt.web.followup.models import Measurement, MeasurementPart, ProgressReport
from sikt.web.followup.schedule import report_windows
from sikt.web.followup.selectors.expected import (
    ValueInput,
    check_value,
    expected_rows,
    indicators_of,
)
from sikt.web.followup.services.approved import approved_refresh
from sikt.web.followup.services.people import holders_of, reporters_of
from sikt.web.followup.states import FOLLOWED_STATES, OPEN_STATES, ReportState
from sikt.web.initiatives.models import Initiative
from sikt.web.initiatives.states import InitiativeState
from sikt.web.notifications import notify

#: Reports are kept up to date while the initiative runs, is paused or has just ended.
#: After the implementation decision the same indicators are reported from ordinary operations
#: (issue 11 item 6), in reports the coordinator asks for.
EDITABLE_INITIATIVE_STATES = FOLLOWED_STATES | {
    InitiativeState.ENDED,
    InitiativeState.IMPLEMENTATION_DECIDED,
    InitiativeState.IMPLEMENTED,
}
NOTICE_LANGUAGE = "sv"


def schedule_sync(initiative: Initiative) -> int:
    """Create the scheduled reports the plan asks for; returns how many were added.

    Idempotent. Empty drafts whose window is no longer in the schedule (the plan's frequency
    or the project period changed) are removed; reports with content are never touched.
    """
    if initiative.start_date is None or initiative.end_date is None:
        return 0
    plan = FollowUpPlan.objects.filter(initiative=initiative).only("reporting_frequency").first()
    frequency = plan.reporting_frequency if plan else ""
    windows = report_windows(initiative.start_date, initiative.end_date, frequency)
    wanted = {(w.start, w.end): w for w in windows}
    with transaction.atomic():
        existing = ProgressReport.objects.select_for_update().filter(
            initiative=initiative, is_scheduled=True
        )
        have = {(r.period_start, r.period_end): r for r in existing}
        stale = [
            report.pk
            for key, report in have.items()
            if key not in wanted and report.state == ReportState.DRAFT and _empty(report)
        ]
        ProgressReport.objects.filter(pk__in=stale).delete()
        new = [
            ProgressReport(
                initiative=initiative,
                frequency=frequency or "interim",
                period_start=w.start,
                period_end=w.end,
                due_on=w.due,
            )
            for key, w in wanted.items()
            if key not in have
        ]
        ProgressReport.objects.bulk_create(new)
        if new or stale:
            audit.record(
                actor=None,
                instance=initiative,
                action=AuditEntry.Action.UPDATE,
                note=f"Rapportschema: {len(new)} rapporter tillagda, {len(stale)} borttagna",
            )
    return len(new)


def _empty(report: ProgressReport) -> bool:
    return not (
        report.measurements.exists()
        or report.activities.exists()
        or report.attritions.exists()
        or report.participants_total is not None
        or report.summary
    )


def require_open(actor: Any, report: ProgressReport) -> None:
    """The actor may fill in ``report`` now (role, report state and initiative state)."""
    if actor is not None:
        policy.require(actor, policy.Action.CHANGE, report)
    if report.state not in OPEN_STATES:
        raise ValidationError(_("The report is submitted or approved and cannot be changed."))
    if report.initiative.state not in EDITABLE_INITIATIVE_STATES:
        raise ValidationError(_("The initiative is not being followed up in its current state."))


def _bump(report: ProgressReport, version: int | None) -> None:
    """Refuse a save from a stale form; otherwise count the new version."""
    current = ProgressReport.objects.select_for_update().get(pk=report.pk)
    if version is not None and current.version != version:
        raise ValidationError(
            _(
                "Someone else saved this report while you were editing it. Your changes are "
                "shown below; reload the report to see theirs."
            ),
            code="conflict",
        )
    report.version = current.version + 1
    ProgressReport.objects.filter(pk=report.pk).update(version=report.version)


@transaction.atomic
def report_values_save(
    *, actor: Any, report: ProgressReport, values: list[ValueInput], version: int | None = None
) -> int:
    """Save the given indicator values (``value=None`` removes one); all or nothing.

    Returns how many values the report now holds.
    """
    require_open(actor, report)
    indicators = {i.pk: i for i in indicators_of(report.initiative)}
    allowed = {row.key for row in expected_rows(report, list(indicators.values()))}
    errors: dict[str, list[str]] = {}
    checked = []
    for item in values:
        indicator = indicators.get(item.indicator_id)
        if indicator is None or item.key not in allowed:
            errors.setdefault("__all__", []).append(
                _("A value was given for an indicator or period this report does not ask for.")
            )
            continue
        value, problems = check_value(indicator, item)
        if problems:
            errors[item.key] = problems
        checked.append((indicator, item, value))
    if errors:
        raise ValidationError(errors)
    _bump(report, version)
    periods = {row.key: row for row in expected_rows(report, list(indicators.values()))}
    for indicator, item, value in checked:
        _store(actor, report, indicator, item, value, periods[item.key].period_end)
    return report.measurements.count()


def _store(
    actor: Any, report: ProgressReport, indicator: Any, item: ValueInput, value: Any, end: Any
) -> None:
    existing = Measurement.objects.filter(
        report=report, indicator=indicator, period_start=item.period_start
    ).first()
    if value is None:
        if existing is not None:
            audit.delete(actor, existing)
        return
    fields = {
        "value": value,
        "numerator": item.numerator,
        "denominator": item.denominator,
        "comment": item.comment.strip(),
    }
    if existing is None:
        existing = audit.create(
            actor,
            Measurement(
                report=report,
                indicator=indicator,
                period_start=item.period_start,
                period_end=end,
                **fields,
            ),
        )
    else:
        audit.update(actor, existing, **fields)
    wanted = {(p.dimension, p.category.strip()): p.value for p in item.parts}
    for part in existing.parts.all():
        key = (part.dimension, part.category)
        if key not in wanted:
            audit.delete(actor, part)
        elif part.value != wanted[key]:
            audit.update(actor, part, value=wanted.pop(key))
        else:
            wanted.pop(key)
    for (dimension, category), part_value in wanted.items():
        audit.create(
            actor,
            MeasurementPart(
                measurement=existing, dimension=dimension, category=category, value=part_value
            ),
        )


@transaction.atomic
def report_details_save(
    *, actor: Any, report: ProgressReport, version: int | None = None, **fields: Any
) -> ProgressReport:
    """Save reach (participants), the summary and the lessons of the period."""
    require_open(actor, report)
    allowed = {"participants_total", "participants_active", "summary", "lessons"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"not report details: {sorted(unknown)}")
    total, active = fields.get("participants_total"), fields.get("participants_active")
    if total is not None and active is not None and active > total:
        raise ValidationError(
            {"participants_active": _("More cannot take part now than have started in all.")}
        )
    _bump(report, version)
    return audit.update(actor, report, **fields)


def _link(report: ProgressReport) -> str:
    return reverse("followup:report", args=[report.pk])


SUBMITTED_NOTICE = gettext_lazy("%(initiative)s: %(report)s was submitted for review")
RETURNED_NOTICE = gettext_lazy("%(initiative)s: %(report)s was returned for correction")
APPROVED_NOTICE = gettext_lazy("%(initiative)s: %(report)s was approved")
REQUESTED_NOTICE = gettext_lazy("%(initiative)s: a report is requested (%(report)s)")


def _title(message: Promise, report: ProgressReport) -> str:
    """The notification text, in the organisation's language whoever triggered it."""
    with translation.override(NOTICE_LANGUAGE):
        return str(message) % {
            "report": report_label(report),
            "initiative": report.initiative.title,
        }


@transaction.atomic
def report_submit(*, actor: Any, report: ProgressReport) -> ProgressReport:
    """Hand the report in for review; the coordinators are told."""
    require_open(actor, report)
    old = report.state
    report = audit.update(
        actor,
        report,
        state=ReportState.SUBMITTED,
        submitted_at=timezone.now(),
        submitted_by=actor,
    )
    audit.record(
        actor=actor,
        instance=report,
        action=AuditEntry.Action.TRANSITION,
        changes={"state": [old, report.state]},
    )
    notify(
        users=holders_of(report.initiative.organization, [Role.COORDINATOR]),
        kind="report_submitted",
        title=_title(SUBMITTED_NOTICE, report),
        url=_link(report),
        organization=report.initiative.organization,
    )
    return report


def _require_review(actor: Any, report: ProgressReport) -> None:
    if actor is not None:
        policy.require(actor, policy.Action.REVIEW, report)
        if report.submitted_by_id == actor.pk:
            raise PermissionDenied(_("You cannot review a report you submitted yourself."))
    if report.state != ReportState.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be approved or returned."))


@transaction.atomic
def report_return(
    *, actor: Any, report: ProgressReport, comment: str, notes: dict[int, str] | None = None
) -> ProgressReport:
    """Send the report back with a comment; ``notes`` say why, per value (measurement id)."""
    _require_review(actor, report)
    if not comment.strip():
        raise ValidationError({"comment": _("Say what should be corrected.")})
    for measurement in report.measurements.filter(pk__in=list(notes or {})):
        audit.update(actor, measurement, return_note=(notes or {})[measurement.pk].strip())
    report = _review(actor, report, ReportState.RETURNED, comment.strip())
    notify(
        users=[report.submitted_by, *reporters_of(report.initiative)],
        kind="report_returned",
        title=_title(RETURNED_NOTICE, report),
        url=_link(report),
        organization=report.initiative.organization,
    )
    return report


@transaction.atomic
def report_approve(*, actor: Any, report: ProgressReport, comment: str = "") -> ProgressReport:
    """Approve the report: from now its values count (and the stored series and totals the
    overview pages read say so)."""
    _require_review(actor, report)
    for measurement in report.measurements.exclude(return_note=""):
        audit.update(actor, measurement, return_note="")
    report = _review(actor, report, ReportState.APPROVED, comment.strip())
    approved_refresh(report)
    notify(
        users=[report.submitted_by, *reporters_of(report.initiative)],
        kind="report_approved",
        title=_title(APPROVED_NOTICE, report),
        url=_link(report),
        organization=report.initiative.organization,
    )
    return report


def _review(actor: Any, report: ProgressReport, state: str, comment: str) -> ProgressReport:
    old = report.state
    report = audit.update(
        actor,
        report,
        state=state,
        reviewed_at=timezone.now(),
        reviewed_by=actor,
        review_comment=comment,
    )
    audit.record(
        actor=actor,
        instance=report,
        action=AuditEntry.Action.TRANSITION,
        changes={"state": [old, state]},
        note=comment,
    )
    return report


@transaction.atomic
def report_add(
    *,
    actor: Any,
    initiative: Initiative,
    title: str,
    period_start: Any,
    period_end: Any,
    due_on: Any,
) -> ProgressReport:
    """The coordinator asks for a report outside the schedule (e.g. before a steering meeting)."""
    if actor is not None:
        policy.require(actor, policy.Action.CREATE, initiative, model=ProgressReport)
    if period_end < period_start:
        raise ValidationError({"period_end": _("The period cannot end before it starts.")})
    report = audit.create(
        actor,
        ProgressReport(
            initiative=initiative,
            is_scheduled=False,
            title=title.strip(),
            period_start=period_start,
            period_end=period_end,
            due_on=due_on,
        ),
    )
    notify(
        users=reporters_of(initiative),
        kind="report_requested",
        title=_title(REQUESTED_NOTICE, report),
        url=_link(report),
        organization=initiative.organization,
    )
    return report


def schedules_ensure(initiatives: Any) -> int:
    """Give running initiatives that have no reports yet their schedule (one query when all
    have one). Called by the overview pages and the daily reminder run, so a started
    initiative gets its reports without anyone opening its page first."""
    from sikt.web.followup.states import REPORTING_STATES

    missing = (
        initiatives.filter(
            state__in=REPORTING_STATES, start_date__isnull=False, end_date__isnull=False
        )
        .exclude(progress_reports__is_scheduled=True)
        .distinct()
    )
    return sum(schedule_sync(initiative) for initiative in missing)
