"""The import of a unit-cost file: validated as a whole, then written in batches.

Why: the same steps serve a small file imported in the request
(:func:`sikt.web.unitcosts.services.unit_costs_import`) and a large one imported in the
background (:func:`run`, the task's work): read and check every row first without touching the
database, work out each change, then write all of it with bulk statements in one short
transaction (issue 4 §6, issue 13 §4). One error anywhere and nothing is saved.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from sikt.calc import InputError, Issue, UnitCostLibrary
from sikt.calc.messages import from_file_error
from sikt.calc.unit_costs import PROGRESS_EVERY, REQUIRED_COLUMNS
from sikt.files import FileError
from sikt.files import read_table as read_table_file
from sikt.text import Text
from sikt.web import policy
from sikt.web.accounts.models import Organization
from sikt.web.audit import services as audit
from sikt.web.unitcosts.models import UnitCostEntry, UnitCostImport
from sikt.web.unitcosts.rows import IMPORT_LIMITS, read_table, values_from_cost

#: Model field → table column, to name the column of a record-level error.
COLUMN_OF_FIELD = {
    "amount_text": "amount_sek",
    "unit_text": "unit",
    "price_year_text": "price_year",
    "bearer_text": "bearer",
}

#: Files with more rows than this are imported in the background
#: (:func:`sikt.web.unitcosts.services.unit_costs_import_start`).
BACKGROUND_ROWS = 2_000
#: Errors kept for the import's page (the count of all of them is kept too).
MAX_ISSUES = 1_000
#: The fields an import sets (all but the organisation and the timestamps).
UPDATED_FIELDS = [
    field.name
    for field in UnitCostEntry._meta.concrete_fields
    if field.name not in {"id", "organization", "created_at", "updated_at"}
]


@dataclass(frozen=True)
class ImportSummary:
    created: int
    updated: int
    unchanged: int


def count_rows(data: bytes, name: str) -> int:
    """The file's number of data rows, read before any work starts: a file over the limits
    (:data:`IMPORT_LIMITS`, bytes and rows) or without a required column is refused here with
    :class:`InputError`, so a too-large file never reaches the queue."""
    try:
        table = read_table_file(data, name, required=REQUIRED_COLUMNS, limits=IMPORT_LIMITS)
        return sum(1 for _ in table.rows)
    except FileError as error:
        raise from_file_error(error) from None


def _check_records(
    organization: Organization,
    library: UnitCostLibrary,
    existing: dict[str, UnitCostEntry],
    progress: Callable[[int], None],
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
        if number % PROGRESS_EVERY == 0:
            progress(number)
    if issues:
        raise InputError("", issues)
    return planned


@dataclass
class Plan:
    """What an import will write, worked out (and turned into database values) before the
    write transaction starts."""

    new: audit.PreparedInsert | None
    changed: list[tuple[UnitCostEntry, dict[str, list[Any]]]]
    unchanged: int


def plan(
    actor: Any,
    organization: Organization,
    data: bytes,
    name: str,
    progress: Callable[[float], None] = lambda share: None,
) -> Plan:
    """Validate the whole file (all-or-nothing) and work out every change; writes nothing.
    ``progress`` gets the share of the checking done (0–1)."""
    rows = max(count_rows(data, name), 1)
    library = read_table(data, name, progress=lambda done: progress(0.5 * done / rows))
    existing = {e.key: e for e in UnitCostEntry.objects.filter(organization=organization)}
    try:
        planned = _check_records(
            organization, library, existing, lambda done: progress(0.5 + 0.5 * done / rows)
        )
    except InputError as error:
        raise InputError(name, error.issues) from None
    new: list[UnitCostEntry] = []
    result = Plan(new=None, changed=[], unchanged=0)
    now = timezone.now()
    for current, candidate in planned:
        if current is None:
            new.append(candidate)
            continue
        policy.require(actor, policy.Action.CHANGE, current)
        before = audit.snapshot(current)
        for field in UPDATED_FIELDS:
            setattr(current, field, getattr(candidate, field))
        changes = audit.diff(before, audit.snapshot(current))
        if changes:
            current.updated_at = now
            result.changed.append((current, changes))
        else:
            result.unchanged += 1
    if new:
        result.new = audit.prepare_create_many(actor, new, natural_key=("organization", "key"))
    return result


def write(actor: Any, plan: Plan) -> ImportSummary:
    """Write a plan in batches inside one transaction: nothing is parsed or checked in it, so
    the database is held for the bulk statements only (bench/unitcost_import.py: about 2 s for
    20,000 rows and 20 s for 200,000 on SQLite)."""
    with transaction.atomic():
        if plan.new is not None:
            audit.insert_many(plan.new)
        if plan.changed:
            audit.update_many(actor, plan.changed, [*UPDATED_FIELDS, "updated_at"])
    created = len(plan.new) if plan.new is not None else 0
    return ImportSummary(created=created, updated=len(plan.changed), unchanged=plan.unchanged)


def issue_rows(error: InputError) -> list[dict[str, str]]:
    """Each issue as file, row, column and the rule in Swedish and English."""
    rows = []
    for issue in error.issues:
        row = re.search(r"rad/row (\d+)", issue.path)
        column = re.search(r"(?:, |kolumn/column )(\w+)$", issue.path)
        rows.append(
            {
                "file": error.source,
                "row": row.group(1) if row else "–",
                "column": column.group(1) if column else "–",
                "sv": issue.message.sv,
                "en": issue.message.en,
            }
        )
    return rows


def run(job_id: int) -> None:
    """Do a queued import (the background task's work): check, then write, keeping the
    progress and the outcome on the :class:`UnitCostImport`; the file's bytes are dropped."""
    job = UnitCostImport.objects.select_related("organization", "requested_by").get(pk=job_id)
    jobs = UnitCostImport.objects.filter(pk=job.pk)
    jobs.update(status=UnitCostImport.Status.CHECKING)

    def report(share: float) -> None:  # checking is 90 %, writing the rest
        jobs.update(progress=0.9 * share)

    try:
        work = plan(
            job.requested_by,
            job.organization,
            bytes(job.data),
            job.file_name,
            report,
        )
        jobs.update(status=UnitCostImport.Status.WRITING, progress=0.9)
        summary = write(job.requested_by, work)
    except InputError as error:
        issues = issue_rows(error)
        jobs.update(
            status=UnitCostImport.Status.FAILED,
            issues=issues[:MAX_ISSUES],
            issue_count=len(issues),
            data=b"",
            finished_at=timezone.now(),
        )
        return
    except Exception as error:  # the page shows the failure instead of waiting forever
        jobs.update(
            status=UnitCostImport.Status.FAILED,
            error=str(error)[:2000],
            data=b"",
            finished_at=timezone.now(),
        )
        raise
    jobs.update(
        status=UnitCostImport.Status.DONE,
        progress=1.0,
        created=summary.created,
        updated=summary.updated,
        unchanged=summary.unchanged,
        data=b"",
        finished_at=timezone.now(),
    )
