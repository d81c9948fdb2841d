"""Activities against plan: the plan per activity, and what each report says was done."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sikt.web import policy
from sikt.web.audit import services as audit
from sikt.web.design.models import Level, LogicElement
from sikt.web.followup.models import ActivityPlan, ActivityReport, ProgressReport
from sikt.web.followup.services.reports import require_open


def _activity(element: LogicElement) -> None:
    if element.level != Level.ACTIVITIES:
        raise ValidationError(_("Only the logic model's activities are planned and reported."))


@transaction.atomic
def activity_plan_save(*, actor: Any, element: LogicElement, **values: Any) -> ActivityPlan:
    """Create or change the monthly plan of one activity."""
    _activity(element)
    existing = ActivityPlan.objects.filter(element=element).first()
    if actor is not None:
        policy.require(actor, policy.Action.CHANGE, existing or ActivityPlan(element=element))
    if existing is None:
        return audit.create(actor, ActivityPlan(element=element, **values))
    return audit.update(actor, existing, **values)


@dataclass
class ActivityInput:
    element_id: int
    done: Decimal | None
    hours_used: Decimal | None = None
    comment: str = ""


@transaction.atomic
def report_activities_save(
    *, actor: Any, report: ProgressReport, rows: list[ActivityInput]
) -> None:
    """Save what was done of each activity in the period (``done=None`` removes the row)."""
    require_open(actor, report)
    activities = {
        element.pk: element
        for element in LogicElement.objects.filter(
            initiative=report.initiative, level=Level.ACTIVITIES
        )
    }
    if any(row.element_id not in activities for row in rows):
        raise ValidationError(_("An activity does not belong to this initiative."))
    existing = {row.element_id: row for row in report.activities.all()}
    for row in rows:
        current = existing.get(row.element_id)
        if row.done is None:
            if current is not None:
                audit.delete(actor, current)
            continue
        values = {"done": row.done, "hours_used": row.hours_used, "comment": row.comment.strip()}
        if current is None:
            audit.create(
                actor,
                ActivityReport(report=report, element=activities[row.element_id], **values),
            )
        else:
            audit.update(actor, current, **values)
