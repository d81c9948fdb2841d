"""Actual costs from the organisation's accounting export (CSV or Excel), by project number —
validated as a whole, all or nothing.

An accounting system's export has one row per booking or per account and project. Columns
(Swedish names, any order, case does not matter; the English names work too):

================  =====================================================================
``projektnummer``  the project number of the grant (``SI-2026-03``), as the decision gave it
``kostnadspost``   the cost line (the plan's name, or an account name from the accounts)
``belopp``         the amount in kronor, typed as in Sikt (``250 000``, ``1 200 000,50``);
                   negative amounts (credits) are netted within a cost line
``kommentar``      optional, a comment on the line
================  =====================================================================

Rows of one project and cost line are added up; rows without an amount are skipped. The file
fills (or replaces the lines of) each project's report for the chosen year and period, as a
draft the project leader or the coordinator then submits. Every row is checked first — a known
project number of the organisation, a report the importer may change (their own initiative; a
report not yet submitted), a number, a cost line that does not end up negative — and a file with
any error writes nothing; every error names the row and the column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction

from sikt.files import FileError, FileIssue, read_table
from sikt.numbers import NumberError, parse_money
from sikt.text import Text
from sikt.web.accounts.models import Organization
from sikt.web.funds import permissions
from sikt.web.funds.models import CostReport
from sikt.web.funds.money import to_ore
from sikt.web.funds.services.payouts import (
    EDITABLE,
    Line,
    cost_report_create,
    cost_report_save,
)
from sikt.web.initiatives.models import Grant, Initiative

#: Column → the names it may have in a file.
COLUMNS = {
    "projektnummer": ("projektnummer", "projekt", "project number", "project_number"),
    "kostnadspost": ("kostnadspost", "konto", "cost line", "cost_line"),
    "belopp": ("belopp", "amount", "belopp (kr)", "amount (sek)"),
    "kommentar": ("kommentar", "comment"),
}
REQUIRED = ("projektnummer", "kostnadspost", "belopp")


@dataclass
class _Project:
    initiative: Initiative
    row: int
    lines: dict[str, Decimal] = field(default_factory=dict)
    comments: dict[str, str] = field(default_factory=dict)
    first_row: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Imported:
    """One report filled from the file."""

    report: CostReport
    total_ore: int


def _columns(header: list[str]) -> dict[str, str]:
    """Our column key → the file's own header text."""
    found = {}
    for column in header:
        name = column.strip().lower()
        for key, names in COLUMNS.items():
            if name in names and key not in found:
                found[key] = column
    return found


def _projects(organization: Organization) -> dict[str, Initiative]:
    """Project number (upper case) → initiative, from the organisation's grants."""
    numbers: dict[str, Initiative] = {}
    for grant in Grant.objects.filter(initiative__organization=organization).select_related(
        "initiative"
    ):
        numbers[grant.project_number.strip().upper()] = grant.initiative
    return numbers


def read_costs(
    *, actor: Any, organization: Organization, year: int, period: str, data: bytes, name: str
) -> list[_Project]:
    """The file's costs per project; :class:`FileError` naming every bad row and column."""
    table = read_table(data, name)
    columns = _columns(table.header)
    missing = [key for key in REQUIRED if key not in columns]
    if missing:
        raise FileError(
            name,
            [
                FileIssue(
                    Text("kolumnen saknas i rubrikraden", "column missing from the header row"),
                    1,
                    key,
                )
                for key in missing
            ],
        )
    known = _projects(organization)
    issues: list[FileIssue] = []
    projects: dict[str, _Project] = {}
    for row in table.rows:
        cells = {key: (row.values.get(column) or "").strip() for key, column in columns.items()}
        if not cells["belopp"]:
            continue
        number, cost_line = cells["projektnummer"], cells["kostnadspost"]
        try:
            amount = parse_money(cells["belopp"])
        except NumberError as error:
            issues.append(FileIssue(error.message, row.number, columns["belopp"]))
            amount = None
        if not cost_line:
            issues.append(
                FileIssue(
                    Text("ange kostnadspost", "give the cost line"),
                    row.number,
                    columns["kostnadspost"],
                )
            )
        elif len(cost_line) > 200:
            issues.append(
                FileIssue(
                    Text("kostnadsposten är för lång", "the cost line is too long"),
                    row.number,
                    columns["kostnadspost"],
                )
            )
        project = projects.get(number.upper())
        if project is None:
            initiative = known.get(number.upper())
            issue = _project_issue(actor, number, initiative, year, period)
            if issue is not None:
                issues.append(FileIssue(issue, row.number, columns["projektnummer"]))
                continue
            assert initiative is not None
            project = projects[number.upper()] = _Project(initiative, row.number)
        if amount is None or not cost_line or len(cost_line) > 200:
            continue
        project.lines[cost_line] = project.lines.get(cost_line, Decimal(0)) + amount
        project.first_row.setdefault(cost_line, row.number)
        if cells.get("kommentar"):
            project.comments.setdefault(cost_line, cells["kommentar"][:500])
    for project in projects.values():
        for cost_line, total in project.lines.items():
            if total < 0:
                issues.append(
                    FileIssue(
                        Text(
                            f"kostnadsposten {cost_line} blir negativ för projektet "
                            f"(summa {total} kr)",
                            f"the cost line {cost_line} adds up to a negative amount for the "
                            f"project ({total} SEK)",
                        ),
                        project.first_row[cost_line],
                        columns["belopp"],
                    )
                )
    if issues:
        raise FileError(name, issues)
    if not projects:
        raise FileError.whole(name, "filen har inga belopp", "the file has no amounts")
    return list(projects.values())


def _project_issue(
    actor: Any, number: str, initiative: Initiative | None, year: int, period: str
) -> Text | None:
    if not number:
        return Text("ange projektnummer", "give the project number")
    if initiative is None:
        return Text(
            f"projektnumret {number} finns inte bland organisationens beviljade satsningar",
            f"the project number {number} is not among the organisation's granted initiatives",
        )
    if not permissions.may_report_costs(actor, initiative):
        return Text(
            f"du får inte redovisa kostnader för {initiative.title}",
            f"you may not report costs for {initiative.title}",
        )
    report = CostReport.objects.filter(initiative=initiative, year=year, period=period).first()
    if report is not None and report.state not in EDITABLE:
        return Text(
            f"redovisningen för {initiative.title} den här perioden är redan inskickad",
            f"the report for {initiative.title} for this period has already been submitted",
        )
    return None


def costs_import(
    *, actor: Any, organization: Organization, year: int, period: str, data: bytes, name: str
) -> list[Imported]:
    """Read the file and fill each project's draft report in one transaction."""
    projects = read_costs(
        actor=actor, organization=organization, year=year, period=period, data=data, name=name
    )
    imported = []
    with transaction.atomic():
        for project in projects:
            report = cost_report_create(
                actor=actor, initiative=project.initiative, year=year, period=period
            )
            lines = [
                Line(
                    cost_line,
                    to_ore(amount.quantize(Decimal("0.01"))),
                    project.comments.get(cost_line, ""),
                )
                for cost_line, amount in project.lines.items()
            ]
            report = cost_report_save(actor=actor, report=report, lines=lines, source=name)
            imported.append(Imported(report, sum(line.amount_ore for line in lines)))
    return imported
