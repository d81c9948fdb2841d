"""Write paths for the unit-cost library; every change goes through the audit trail.

Import rule (issue 4 §6): the whole file is validated with ``sikt.calc``'s loader and the
records' own rules *before* anything is written; one error anywhere and nothing is saved
(:mod:`sikt.web.unitcosts.importing`).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from sikt.calc import UnitCost, load_unit_cost_library
from sikt.web import policy, queue
from sikt.web.accounts.models import Organization
from sikt.web.audit import services as audit
from sikt.web.unitcosts import importing
from sikt.web.unitcosts.models import UnitCostEntry, UnitCostImport
from sikt.web.unitcosts.rows import values_from_cost


def unit_cost_create(*, actor: Any, organization: Organization, cost: UnitCost) -> UnitCostEntry:
    policy.require(actor, policy.Action.CREATE, organization, model=UnitCostEntry)
    return audit.create(actor, UnitCostEntry(organization=organization, **values_from_cost(cost)))


def unit_cost_update(*, actor: Any, entry: UnitCostEntry, cost: UnitCost) -> UnitCostEntry:
    policy.require(actor, policy.Action.CHANGE, entry)
    return audit.update(actor, entry, **values_from_cost(cost))


def unit_costs_import(
    *, actor: Any, organization: Organization, data: bytes, name: str
) -> importing.ImportSummary:
    """Import a CSV/XLSX table (the file's bytes) in the request: new keys are created,
    existing keys updated. Raises :class:`InputError` (source = ``name``) and writes nothing
    when any row is invalid. Files of more than :data:`importing.BACKGROUND_ROWS` rows go through
    :func:`unit_costs_import_start` instead."""
    policy.require(actor, policy.Action.CREATE, organization, model=UnitCostEntry)
    return importing.write(
        actor, importing.plan(actor, organization, data, name, lambda share: None)
    )


def unit_costs_import_start(
    *, actor: Any, organization: Organization, data: bytes, name: str, rows: int
) -> UnitCostImport:
    """Queue the import of a large file (``rows`` counted by :func:`importing.count_rows`) as a
    background task; raises :class:`sikt.web.queue.QueueFull` when the user already has the
    most runs allowed."""
    from sikt.web.unitcosts.tasks import import_unit_costs_task

    policy.require(actor, policy.Action.CREATE, organization, model=UnitCostEntry)
    queue.check_capacity(actor)
    job = UnitCostImport.objects.create(
        organization=organization, requested_by=actor, file_name=name[:255], data=data, rows=rows
    )
    transaction.on_commit(
        lambda: queue.enqueue(import_unit_costs_task, job.pk, user=actor, organization=organization)
    )
    return job


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
