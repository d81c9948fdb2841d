"""Write paths for the unit-cost library; every change goes through the audit trail.

Import rule (issue 4 §6): the whole file is validated with ``sikt.calc``'s loader and the
records' own rules *before* anything is written; one error anywhere and nothing is saved.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from sikt.calc import InputError, Issue, UnitCost, UnitCostLibrary, load_unit_cost_library
from sikt.text import Text
from sikt.web import policy
from sikt.web.accounts.models import Organization
from sikt.web.audit import services as audit
from sikt.web.unitcosts.models import UnitCostEntry
from sikt.web.unitcosts.rows import read_table, values_from_cost

#: Model field → table column, to name the column of a record-level error.
COLUMN_OF_FIELD = {
    "amount_text": "amount_sek",
    "unit_text": "unit",
    "price_year_text": "price_year",
    "bearer_text": "bearer",
}


@dataclass(frozen=True)
class ImportSummary:
    created: int
    updated: int
    unchanged: int


def unit_cost_create(*, actor: Any, organization: Organization, cost: UnitCost) -> UnitCostEntry:
    policy.require(actor, policy.Action.CREATE, organization, model=UnitCostEntry)
    return audit.create(actor, UnitCostEntry(organization=organization, **values_from_cost(cost)))


def unit_cost_update(*, actor: Any, entry: UnitCostEntry, cost: UnitCost) -> UnitCostEntry:
    policy.require(actor, policy.Action.CHANGE, entry)
    return audit.update(actor, entry, **values_from_cost(cost))


def _check_records(
    organization: Organization, library: UnitCostLibrary, existing: dict[str, UnitCostEntry]
) -> list[tuple[UnitCostEntry | None, UnitCostEntry]]:
    """Build (existing or None, new values) per row and run the records' own rules; raises
    :class:`InputError` naming row and column of every violation."""
    planned = []
    issues: list[Issue] = []
    for number, cost in enumerate(library.items.values(), start=2):
        candidate = UnitCostEntry(organization=organization, **values_from_cost(cost))
        try:
            candidate.full_clean(exclude=["organization"], validate_unique=False)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                column = COLUMN_OF_FIELD.get(field, field)
                issues.append(
                    Issue(
                        f"rad/row {number}, {column}", Text(" ".join(messages), " ".join(messages))
                    )
                )
        planned.append((existing.get(cost.key), candidate))
    if issues:
        raise InputError("", issues)
    return planned


def unit_costs_import(
    *, actor: Any, organization: Organization, data: bytes, name: str
) -> ImportSummary:
    """Import a CSV/XLSX table (the file's bytes): new keys are created, existing keys updated.
    Raises :class:`InputError` (source = ``name``) and writes nothing when any row is invalid."""
    policy.require(actor, policy.Action.CREATE, organization, model=UnitCostEntry)
    library = read_table(data, name)
    existing = {e.key: e for e in UnitCostEntry.objects.filter(organization=organization)}
    for entry in existing.values():
        policy.require(actor, policy.Action.CHANGE, entry)
    try:
        planned = _check_records(organization, library, existing)
    except InputError as error:
        raise InputError(name, error.issues) from None
    created = updated = unchanged = 0
    with transaction.atomic():
        for current, candidate in planned:
            values = values_from_cost(library[candidate.key])
            if current is None:
                audit.create(actor, candidate)
                created += 1
                continue
            before = current.updated_at
            audit.update(actor, current, **values)
            if current.updated_at == before:
                unchanged += 1
            else:
                updated += 1
    return ImportSummary(created=created, updated=updated, unchanged=unchanged)


@transaction.atomic
def seed_starter_library(organization: Organization) -> int:
    """Add the starter library's unit costs (``sikt.calc``'s real Swedish figures) that the
    organisation does not have yet; returns how many were added. Safe to run again."""
    have = set(
        UnitCostEntry.objects.filter(organization=organization).values_list("key", flat=True)
    )
    added = 0
    for cost in load_unit_cost_library().items.values():
        if cost.key not in have:
            audit.create(None, UnitCostEntry(organization=organization, **values_from_cost(cost)))
            added += 1
    return added
