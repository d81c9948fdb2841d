"""The idea and plan fields as a decision freezes them, and putting them back.

The application version (:mod:`sikt.web.initiatives.snapshots`) keeps the text a reader compares;
this keeps the values themselves, so that a rejected amendment returns the application to the
decided version (:func:`sikt.web.initiatives.freezing.restore_all`): dates, amounts and the
committees as they were decided, not a later draft.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sikt.web.audit import services as audit
from sikt.web.audit.models import AuditEntry
from sikt.web.initiatives.models import Initiative

FREEZER_KEY = "application"
#: The fields of the idea and plan forms.
VALUE_FIELDS = (
    "title",
    "problem",
    "target_group",
    "affected_operations",
    "needs_analysis_reference",
    "partners",
    "purpose",
    "budget_summary",
    "owner_name",
    "price_year",
)
DATE_FIELDS = ("start_date", "end_date")
AMOUNT_FIELDS = ("total_cost_sek", "requested_amount_sek")
COMMITTEE_LISTS = ("result_committees", "cost_committees")


def frozen_application(initiative: Initiative) -> dict[str, Any]:
    """The idea and plan fields of ``initiative`` as JSON."""
    data: dict[str, Any] = {name: getattr(initiative, name) for name in VALUE_FIELDS}
    for name in DATE_FIELDS:
        value = getattr(initiative, name)
        data[name] = value.isoformat() if value else None
    for name in AMOUNT_FIELDS:
        value = getattr(initiative, name)
        data[name] = str(value) if value is not None else None
    data["owner_committee"] = initiative.owner_committee_id
    for name in COMMITTEE_LISTS:
        data[name] = sorted(getattr(initiative, name).values_list("pk", flat=True))
    return data


def restore_application(initiative: Initiative, data: dict[str, Any], actor: Any) -> None:
    """Put the frozen idea and plan fields back (recorded in the audit trail)."""
    values: dict[str, Any] = {name: data.get(name) for name in VALUE_FIELDS if name in data}
    for name in DATE_FIELDS:
        values[name] = dt.date.fromisoformat(data[name]) if data.get(name) else None
    for name in AMOUNT_FIELDS:
        values[name] = Decimal(data[name]) if data.get(name) is not None else None
    values["owner_committee_id"] = data.get("owner_committee")
    current = Initiative.objects.get(pk=initiative.pk)
    audit.update(actor, current, **values)
    changes = {}
    for name in COMMITTEE_LISTS:
        manager = getattr(current, name)
        before = sorted(manager.values_list("pk", flat=True))
        if before != data.get(name, before):
            manager.set(data[name])
            changes[name] = [before, data[name]]
    if changes:
        audit.record(
            actor=actor, instance=current, action=AuditEntry.Action.UPDATE, changes=changes
        )
