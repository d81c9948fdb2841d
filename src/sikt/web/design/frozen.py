"""The design sections as a decision freezes them, and putting them back (issue 8 item 1).

The application version keeps the design as text a reader compares; this keeps the rows
themselves (every design model of the initiative, serialised with their ids), so that a rejected
or withdrawn amendment returns the logic model, risks, evaluation design, project organisation
and plans to the decided version (:func:`sikt.web.initiatives.freezing.restore_all`).

Rows are put back by id, not deleted and recreated: follow-up and evaluation records point at
elements, indicators, stakeholders and stop criteria, and must keep pointing at the same ones.
Rows added during the amendment are removed. Every change is in the audit trail.
"""

from __future__ import annotations

import json
from typing import Any

from django.core import serializers
from django.db import models

from sikt.web.audit import services as audit
from sikt.web.audit.models import AuditEntry
from sikt.web.design.models import (
    CommunicationItem,
    ComparisonDesign,
    FollowUpPlan,
    ImpactStatement,
    ImplementationOutline,
    Indicator,
    LogicElement,
    LogicModel,
    ProjectOrganisation,
    Risk,
    Stakeholder,
    StopCriterion,
    SuccessCriterion,
    TargetGroup,
)
from sikt.web.initiatives.models import Initiative

FREEZER_KEY = "design"
#: Every design model of an initiative, a model after those it points at.
DESIGN_MODELS: tuple[type[models.Model], ...] = (
    LogicModel,
    LogicElement,
    Indicator,
    SuccessCriterion,
    TargetGroup,
    ComparisonDesign,
    FollowUpPlan,
    Stakeholder,
    ProjectOrganisation,
    ImpactStatement,
    CommunicationItem,
    ImplementationOutline,
    Risk,
    StopCriterion,
)


def _rows(model: type[models.Model], initiative: Initiative) -> models.QuerySet[Any]:
    # ``organization_path`` (a class attribute of each design model, unknown to ``Model``) leads
    # through the initiative; without its last step it names it.
    path = str(getattr(model, "organization_path")).removesuffix("__organization")  # noqa: B009
    return model._default_manager.filter(**{path: initiative}).order_by("pk")


def frozen_design(initiative: Initiative) -> dict[str, Any] | None:
    """``{model label: [serialised rows]}`` of ``initiative`` (``None`` without any design)."""
    data = {
        model._meta.label: json.loads(serializers.serialize("json", _rows(model, initiative)))
        for model in DESIGN_MODELS
    }
    return data if any(data.values()) else None


def restore_design(initiative: Initiative, data: dict[str, Any], actor: Any) -> None:
    """Put the frozen design rows back and remove the ones added since (all audited)."""
    for model in DESIGN_MODELS:
        rows = data.get(model._meta.label, [])
        current = {row.pk: row for row in _rows(model, initiative)}
        for stored in serializers.deserialize("json", json.dumps(rows)):
            row = stored.object
            before = audit.snapshot(current[row.pk]) if row.pk in current else {}
            changes = audit.diff(before, audit.snapshot(row))
            if changes:
                row.save()
                action = AuditEntry.Action.UPDATE if before else AuditEntry.Action.CREATE
                audit.record(actor=actor, instance=row, action=action, changes=changes)
    for model in reversed(DESIGN_MODELS):
        kept = {row["pk"] for row in data.get(model._meta.label, [])}
        for row in _rows(model, initiative).exclude(pk__in=kept):
            audit.delete(actor, row)
