"""Attrition, the flags it raises, and deviations and obstacles (004 §6).

A reason of harm or worsening flags the initiative *at once* — when the project leader records
it, not when the report is approved — to the coordinators and the steering group, and is checked
against the plan's stop criteria: a stop criterion about harm to individuals is then met and
raises its own flag. Both stay on the steering group's page and in the work queue until someone
records how they were handled.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sikt.web import policy
from sikt.web.accounts.models import Role
from sikt.web.audit import services as audit
from sikt.web.design.models import StopCriterion, StopReason
from sikt.web.followup.models import (
    Attrition,
    Deviation,
    Flag,
    FlagKind,
    ProgressReport,
)
from sikt.web.followup.services.people import holders_of
from sikt.web.followup.services.reports import NOTICE_LANGUAGE, require_open
from sikt.web.initiatives.models import Initiative
from sikt.web.notifications import notify

#: Stop-criterion reasons that attrition with a flagging reason meets.
HARM_STOP_REASONS = frozenset({StopReason.HARM})
FLAG_AUDIENCE = (Role.COORDINATOR, Role.STEERING_GROUP)


@transaction.atomic
def attrition_add(
    *, actor: Any, report: ProgressReport, count: int, reason: str, description: str = ""
) -> Attrition:
    """Record participants who left; harm or worsening flags the initiative at once."""
    require_open(actor, report)
    attrition = Attrition(report=report, count=count, reason=reason, description=description)
    if attrition.flags and not description.strip():
        raise ValidationError({"description": _("Describe what happened and what has been done.")})
    attrition = audit.create(actor, attrition)
    if attrition.flags:
        _raise_harm_flags(actor, report.initiative, attrition)
    return attrition


def _raise_harm_flags(actor: Any, initiative: Initiative, attrition: Attrition) -> None:
    with translation.override(NOTICE_LANGUAGE):
        message = _("%(count)s participant(s) left: %(reason)s. %(description)s") % {
            "count": attrition.count,
            "reason": attrition.get_reason_display(),
            "description": attrition.description.strip(),
        }
        flags = [
            audit.create(
                actor,
                Flag(
                    initiative=initiative,
                    kind=FlagKind.HARM,
                    message=message,
                    attrition=attrition,
                    raised_by=actor,
                ),
            )
        ]
        criteria = StopCriterion.objects.filter(initiative=initiative, reason__in=HARM_STOP_REASONS)
        for criterion in criteria:
            flags.append(
                audit.create(
                    actor,
                    Flag(
                        initiative=initiative,
                        kind=FlagKind.STOP_CRITERION,
                        message=_("Stop criterion met: %(condition)s")
                        % {"condition": criterion.condition},
                        attrition=attrition,
                        stop_criterion=criterion,
                        raised_by=actor,
                    ),
                )
            )
        title = _("%(initiative)s is flagged: %(flag)s") % {
            "initiative": initiative.title,
            "flag": ", ".join(str(flag.get_kind_display()).lower() for flag in flags),
        }
    notify(
        users=holders_of(initiative.organization, FLAG_AUDIENCE),
        kind="initiative_flagged",
        title=title,
        url=reverse("followup:initiative", args=[initiative.pk]),
        organization=initiative.organization,
    )


@transaction.atomic
def attrition_delete(*, actor: Any, attrition: Attrition) -> None:
    """Remove a mistaken entry while the report is open; its flags stay until handled."""
    require_open(actor, attrition.report)
    audit.delete(actor, attrition)


@transaction.atomic
def flag_handle(*, actor: Any, flag: Flag, handling: str) -> Flag:
    """Record how a flag was handled (e.g. the steering group's decision); it then closes."""
    if actor is not None:
        policy.require(actor, policy.Action.CHANGE, flag)
    if not flag.is_open:
        raise ValidationError(_("The flag is already handled."))
    if not handling.strip():
        raise ValidationError({"handling": _("Say how the flag was handled.")})
    return audit.update(
        actor, flag, handling=handling.strip(), handled_at=timezone.now(), handled_by=actor
    )


@transaction.atomic
def deviation_create(*, actor: Any, initiative: Initiative, **values: Any) -> Deviation:
    """Record a deviation from the plan or an obstacle; its owner is told."""
    if actor is not None:
        policy.require(actor, policy.Action.CREATE, initiative, model=Deviation)
    deviation = audit.create(actor, Deviation(initiative=initiative, **values))
    if deviation.owner is not None and deviation.owner != actor:
        with translation.override(NOTICE_LANGUAGE):
            title = _("%(initiative)s: a deviation is yours to handle") % {
                "initiative": initiative.title
            }
        notify(
            users=[deviation.owner],
            kind="deviation_assigned",
            title=title,
            url=reverse("followup:initiative", args=[initiative.pk]) + "#avvikelser",
            organization=initiative.organization,
        )
    return deviation


@transaction.atomic
def deviation_close(
    *, actor: Any, deviation: Deviation, resolution: str, closed_on: dt.date | None = None
) -> Deviation:
    if actor is not None:
        policy.require(actor, policy.Action.CHANGE, deviation)
    if not resolution.strip():
        raise ValidationError({"resolution": _("Say how it was resolved.")})
    return audit.update(
        actor,
        deviation,
        resolution=resolution.strip(),
        closed_on=closed_on or timezone.localdate(),
    )
