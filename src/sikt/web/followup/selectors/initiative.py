"""Read paths for one initiative's follow-up page and one report's page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from sikt.web.design.models import (
    CommunicationItem,
    FollowUpPlan,
    Indicator,
    IndicatorKind,
    Level,
    LogicElement,
    ProjectOrganisation,
)
from sikt.web.followup import schedule
from sikt.web.followup.models import (
    ActivityPlan,
    ActivityReport,
    Deviation,
    Flag,
    Measurement,
    ProgressReport,
)
from sikt.web.followup.selectors.expected import ExpectedRow, expected_rows, indicators_of
from sikt.web.followup.states import OPEN_STATES, REPORTING_STATES, ReportState
from sikt.web.initiatives.models import Initiative


@dataclass
class ReportRow:
    report: ProgressReport
    overdue: bool


def report_rows(initiative: Initiative, today: dt.date | None = None) -> list[ReportRow]:
    today = today or timezone.localdate()
    running = initiative.state in REPORTING_STATES
    return [
        ReportRow(report, running and report.state in OPEN_STATES and report.due_on < today)
        for report in initiative.progress_reports.select_related("submitted_by", "reviewed_by")
    ]


@dataclass
class IndicatorSeries:
    """An indicator's approved values over time, for its chart and table."""

    indicator: Indicator
    points: list[Measurement] = field(default_factory=list)
    success_minimum: Decimal | None = None

    @property
    def success_level(self) -> Decimal | None:
        """Baseline plus the smallest effect that counts as success, in the better direction."""
        baseline = self.indicator.baseline_value
        if baseline is None or self.success_minimum is None or not self.indicator.direction:
            return None
        sign = 1 if self.indicator.direction == "higher" else -1
        return baseline + sign * self.success_minimum


def indicator_series(initiative: Initiative) -> list[IndicatorSeries]:
    """Every indicator with its approved values (total and breakdown), oldest first."""
    approved = Measurement.objects.filter(
        report__initiative=initiative, report__state=ReportState.APPROVED
    ).prefetch_related("parts")
    indicators = indicators_of(initiative)
    by_indicator: dict[int, list[Measurement]] = {i.pk: [] for i in indicators}
    for measurement in approved.order_by("period_end", "id"):
        by_indicator.setdefault(measurement.indicator_id, []).append(measurement)
    minimums = {}
    for indicator in Indicator.objects.filter(pk__in=by_indicator).prefetch_related(
        "success_criteria"
    ):
        found = [c.minimum_effect for c in indicator.success_criteria.all()]
        minimums[indicator.pk] = min(found) if found else None
    return [
        IndicatorSeries(indicator, by_indicator[indicator.pk], minimums.get(indicator.pk))
        for indicator in indicators
    ]


@dataclass
class ActivityRow:
    element: LogicElement
    plan: ActivityPlan | None
    planned: Decimal | None
    done: Decimal
    hours_planned: Decimal | None
    hours_used: Decimal

    @property
    def share(self) -> Decimal | None:
        """Done as a share of the plan to date."""
        return self.done / self.planned if self.planned else None

    @property
    def hours_share(self) -> Decimal | None:
        return self.hours_used / self.hours_planned if self.hours_planned else None


def activity_rows(initiative: Initiative, through: dt.date | None) -> list[ActivityRow]:
    """Each activity's plan to date against what approved reports say was done."""
    elements = LogicElement.objects.filter(
        initiative=initiative, level=Level.ACTIVITIES
    ).select_related("activity_plan")
    done = {
        row["element_id"]: row
        for row in ActivityReport.objects.filter(
            report__initiative=initiative, report__state=ReportState.APPROVED
        )
        .values("element_id")
        .annotate(done=Sum("done"), hours=Sum("hours_used"))
    }
    months = (
        schedule.month_fraction(initiative.start_date, through)
        if initiative.start_date and through
        else None
    )
    rows = []
    for element in elements:
        plan = getattr(element, "activity_plan", None)
        row = done.get(element.pk, {})
        rows.append(
            ActivityRow(
                element,
                plan,
                plan.per_month * months if plan and months is not None else None,
                row.get("done") or Decimal(0),
                plan.hours_per_month * months
                if plan and plan.hours_per_month is not None and months is not None
                else None,
                row.get("hours") or Decimal(0),
            )
        )
    return rows


@dataclass
class ChecklistItem:
    label: str
    met: bool
    hint: str = ""


def implementation_checklist(initiative: Initiative, rows: list[ReportRow]) -> list[ChecklistItem]:
    """The guide's "Säkerställ följande" for implementation and follow-up (004 §6)."""
    organisation = ProjectOrganisation.objects.filter(initiative=initiative).first()
    roles_clear = bool(
        organisation
        and (organisation.owner_user_id or organisation.owner_name)
        and (organisation.leader_user_id or organisation.leader_name)
        and organisation.steering_group.strip()
    )
    channels = CommunicationItem.objects.filter(initiative=initiative).exists()
    plan = FollowUpPlan.objects.filter(initiative=initiative).first()
    kinds = set(
        Indicator.objects.filter(element__initiative=initiative).values_list("kind", flat=True)
    )
    measures = IndicatorKind.PROCESS in kinds and bool(
        kinds & {IndicatorKind.OUTCOME_SHORT, IndicatorKind.OUTCOME_LONG}
    )
    due = [row for row in rows if row.report.due_on < timezone.localdate()]
    registered = (
        measures
        and not any(row.overdue for row in rows)
        and (not due or any(row.report.state == ReportState.APPROVED for row in due))
    )
    return [
        ChecklistItem(
            _(
                "Roles and responsibilities of steering group, project owner, project leader and "
                "team during implementation are clear."
            ),
            roles_clear,
            _(
                "Name the project owner, the project leader and the steering group in the "
                "project organisation."
            ),
        ),
        ChecklistItem(
            _(
                "Decision paths and channels for anchoring and spreading results and "
                "experience are in place."
            ),
            channels,
            _("Add the communication plan's channels."),
        ),
        ChecklistItem(
            _(
                "Regular check-ins between steering group or project owner and project leader "
                "are planned."
            ),
            plan is not None,
            _(
                "Give the follow-up plan a reporting frequency — every or every other month "
                "is recommended."
            ),
        ),
        ChecklistItem(
            _(
                "The decided process and outcome measures are registered continuously and "
                "followed up by the steering group or project owner."
            ),
            registered,
            _(
                "The logic model needs process and outcome measures, and every report that is "
                "due must be handed in and approved."
            ),
        ),
    ]


def open_flags(initiative: Initiative) -> list[Flag]:
    return list(initiative.followup_flags.filter(handled_at__isnull=True))


def handled_flags(initiative: Initiative) -> list[Flag]:
    return list(initiative.followup_flags.filter(handled_at__isnull=False)[:20])


def deviations_of(initiative: Initiative) -> list[Deviation]:
    return list(initiative.deviations.select_related("owner", "report"))


@dataclass
class ValueRow:
    """One asked-for value in a report, with what has been entered."""

    expected: ExpectedRow
    measurement: Measurement | None


def report_value_rows(report: ProgressReport) -> list[ValueRow]:
    indicators = indicators_of(report.initiative)
    entered = {
        (m.indicator_id, m.period_start): m
        for m in report.measurements.prefetch_related(Prefetch("parts"))
    }
    return [
        ValueRow(row, entered.get((row.indicator.pk, row.period_start)))
        for row in expected_rows(report, indicators)
    ]
