"""What approved reports add up to, kept for the overview pages: each indicator's count and
latest approved values, each activity's approved totals — written when a report is approved,
never before, and the same as the migration computes for the reports approved before it."""

from __future__ import annotations

import datetime as dt
import importlib
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest
from django.apps import apps
from django.db import connection

from sikt.web.accounts.models import Organization, User
from sikt.web.design.models import Indicator, Level, LogicElement
from sikt.web.followup import services
from sikt.web.followup.models import ApprovedActivity, ApprovedSeries, ProgressReport
from sikt.web.followup.selectors.expected import ValueInput
from sikt.web.followup.selectors.overview import overviews
from sikt.web.initiatives.models import Initiative

pytestmark = pytest.mark.django_db
D = dt.date


def _report(
    initiative: Initiative,
    leader: User,
    reviewer: User,
    number: int,
    values: list[str],
    *,
    done: str,
    hours: str | None,
    approve: bool = True,
) -> ProgressReport:
    """Quarter ``number`` of 2026 with the monthly process measure's three ``values``, the
    outcome measure's value 62 and the activity's ``done`` and ``hours``; submitted, and
    approved when ``approve``."""
    report = initiative.progress_reports.order_by("period_end")[number - 1]
    process = Indicator.objects.get(element__initiative=initiative, unit="antal")
    outcome = Indicator.objects.get(element__initiative=initiative, unit="%")
    months = [D(2026, 3 * (number - 1) + month, 1) for month in (1, 2, 3)]
    services.report_values_save(
        actor=leader,
        report=report,
        values=[
            *(
                ValueInput(process.pk, day, Decimal(v))
                for day, v in zip(months, values, strict=True)
            ),
            ValueInput(outcome.pk, report.period_start, Decimal(62)),
        ],
    )
    activity = LogicElement.objects.get(initiative=initiative, level=Level.ACTIVITIES)
    services.report_activities_save(
        actor=leader,
        report=report,
        rows=[
            services.ActivityInput(
                activity.pk, Decimal(done), None if hours is None else Decimal(hours)
            )
        ],
    )
    services.report_submit(actor=leader, report=report)
    if approve:
        services.report_approve(actor=reviewer, report=report)
    return report


def _stored() -> tuple[list[Any], list[Any]]:
    return (
        list(
            ApprovedSeries.objects.order_by("indicator_id").values_list(
                "indicator_id", "initiative_id", "count", "points"
            )
        ),
        list(
            ApprovedActivity.objects.order_by("element_id").values_list(
                "element_id", "initiative_id", "done", "hours_used"
            )
        ),
    )


def test_approval_keeps_the_series_and_totals_and_a_submitted_report_adds_nothing(
    initiative: Initiative, leader: User, reviewer: User
) -> None:
    _report(initiative, leader, reviewer, 1, ["8", "9", "10.5"], done="25", hours="50")
    _report(initiative, leader, reviewer, 2, ["11", "12", "13"], done="30", hours=None)
    _report(
        initiative, leader, reviewer, 3, ["99", "99", "99"], done="99", hours="99", approve=False
    )
    process = ApprovedSeries.objects.get(indicator__unit="antal")
    assert process.initiative_id == initiative.pk
    assert process.count == 6
    assert process.points == [
        ["2026-06-30", "13.000"],
        ["2026-05-31", "12.000"],
        ["2026-04-30", "11.000"],
        ["2026-03-31", "10.500"],
        ["2026-02-28", "9.000"],
        ["2026-01-31", "8.000"],
    ]
    outcome = ApprovedSeries.objects.get(indicator__unit="%")
    assert (outcome.count, outcome.points[0]) == (2, ["2026-06-30", "62.000"])
    activity = ApprovedActivity.objects.get()
    # The second report gave no hours: the hours are the first report's.
    assert (activity.done, activity.hours_used) == (Decimal("55.0"), Decimal("50.0"))


def test_the_overview_reads_the_kept_values(
    organization: Organization, initiative: Initiative, leader: User, reviewer: User
) -> None:
    _report(initiative, leader, reviewer, 1, ["8", "9", "10.5"], done="25", hours="50")
    (overview,) = overviews(reviewer, organization)
    assert overview.series is not None and overview.series.name == "Genomförda gruppträffar"
    assert overview.series.points == [
        (D(2026, 1, 31), Decimal("8.000")),
        (D(2026, 2, 28), Decimal("9.000")),
        (D(2026, 3, 31), Decimal("10.500")),
    ]
    assert [outcome.latest for outcome in overview.figures.outcomes] == [Decimal("62.000")]
    assert (overview.figures.activities_done, overview.figures.hours_used) == (
        Decimal("25.0"),
        Decimal("50.0"),
    )


def test_the_migration_fills_what_the_services_keep(
    organization: Organization, leader: User, reviewer: User
) -> None:
    from tests.web.factories import make_running_initiative

    for values, hours in ((["1", "2", "3"], "10"), (["4", "5", "6"], None)):
        initiative = make_running_initiative(organization, leader=leader)
        _report(initiative, leader, reviewer, 1, values, done="7", hours=hours)
        _report(initiative, leader, reviewer, 2, values, done="8", hours=hours, approve=False)
    kept = _stored()
    ApprovedSeries.objects.all().delete()
    ApprovedActivity.objects.all().delete()
    migration = importlib.import_module("sikt.web.followup.migrations.0003_approved_totals")
    migration.fill(apps, SimpleNamespace(connection=connection))
    assert _stored() == kept
    assert len(kept[0]) == 4 and len(kept[1]) == 2
