"""The calculations that use a unit cost, listed on the unit cost's page, and their
recomputation after the unit cost changed (issue 8 item 5).

A recomputation re-validates and recomputes the stored case against the organisation's current
library and records it in the calculation's change history — a new version of the results,
never a silent change. A calculation that a decision rests on (the initiative has been
recommended, approved, rejected …) is never recomputed here: it is listed as decided, and a
change goes through an amendment (*ändringsansökan*).
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from sikt.web import policy
from sikt.web.calculations.models import Calculation
from sikt.web.initiatives.states import InitiativeState
from sikt.web.unitcosts.models import UnitCostEntry
from sikt.web.unitcosts.usage import Usage

DECIDED_STATES = frozenset(
    {
        InitiativeState.RECOMMENDED,
        InitiativeState.NOT_RECOMMENDED,
        InitiativeState.APPROVED,
        InitiativeState.REJECTED,
        InitiativeState.RUNNING,
        InitiativeState.PAUSED,
        InitiativeState.ENDED,
        InitiativeState.EVALUATED,
        InitiativeState.IMPLEMENTATION_DECIDED,
        InitiativeState.IMPLEMENTED,
        InitiativeState.STOPPED,
    }
)


def uses(value: Any, key: str) -> bool:
    """Whether the case (or any part of it) names unit cost ``key``."""
    if isinstance(value, dict):
        return value.get("unit_cost") == key or any(uses(v, key) for v in value.values())
    if isinstance(value, list):
        return any(uses(v, key) for v in value)
    return False


def is_decided(calculation: Calculation) -> bool:
    return calculation.initiative.state in DECIDED_STATES


def calculations_using(entry: UnitCostEntry) -> list[Calculation]:
    found = (
        Calculation.objects.filter(initiative__organization=entry.organization)
        .select_related("initiative")
        .order_by("initiative__title")
    )
    return [calculation for calculation in found if uses(calculation.case, entry.key)]


def provide(entry: UnitCostEntry, user: Any) -> list[Usage]:
    out = []
    for calculation in calculations_using(entry):
        if not policy.can(user, policy.Action.VIEW, calculation):
            continue
        stale = calculation.computed_at is None or calculation.computed_at < entry.updated_at
        frozen = _("decided – changed through an amendment") if is_decided(calculation) else ""
        may = not frozen and policy.can(user, policy.Action.CHANGE, calculation)
        out.append(
            Usage(
                title=str(calculation.initiative.title),
                url=reverse("calculations:detail", args=[calculation.pk]),
                stale=stale,
                recompute_url=reverse("calculations:recompute", args=[calculation.pk])
                if may
                else None,
                frozen=frozen,
            )
        )
    return out
