"""Benchmark: the steering group's page, the work queue and the yearly report at scale (issue 10).

Builds ``--orgs`` organisations × ``--initiatives`` running initiatives × ``--years`` years of
monthly indicator values (each initiative: an activity plan, a monthly outcome measure with a
baseline and target, a target group, interim reports — all approved but the last, which is
overdue — and one attrition per report) in a fresh PostgreSQL database, then measures for one
organisation:

* the steering group's page (``/uppfoljning/``) and the start page with the work queue, server
  time through the test client, and their query counts — also for an organisation with a tenth
  of the initiatives, as the baseline in the same run (the count must not grow);
* the yearly report for the last year (figures, PDF, DOCX, XLSX), as the background task runs it.

Targets (issue 10): pages ≤ 200 ms, query count constant, yearly report ≤ 10 s.

    SIKT_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/followup_pages.py [--orgs 20 --initiatives 500 --years 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import time
from decimal import Decimal
from typing import Any

PAGES_MS = 200
YEARLY_S = 10


def _setup() -> Any:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sikt.web.settings")
    os.environ.setdefault("SIKT_TEST_DATABASE_NAME", "bench_followup_pages")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    return connection


def _build(organization: Any, initiatives: int, years: int, start: dt.date) -> Any:
    """Bulk-created records (services would take hours at this scale; the pages only read)."""
    from sikt.web.accounts.models import Role, User
    from sikt.web.accounts.services import membership_grant
    from sikt.web.design.models import (
        Direction,
        Frequency,
        Indicator,
        IndicatorKind,
        Level,
        LogicElement,
        TargetGroup,
    )
    from sikt.web.followup.models import (
        ActivityPlan,
        ActivityReport,
        Attrition,
        Measurement,
        ProgressReport,
    )
    from sikt.web.followup.schedule import calendar_windows, report_windows
    from sikt.web.followup.states import ReportState
    from sikt.web.initiatives.models import Initiative
    from sikt.web.initiatives.states import InitiativeState

    users = {}
    for role in (Role.PROJECT_LEADER, Role.COORDINATOR, Role.STEERING_GROUP):
        user = User.objects.create_user(f"{role}-{organization.pk}", password="x")
        membership_grant(actor=None, user=user, organization=organization, role=role)
        users[role] = user
    end = dt.date(start.year + years - 1, 12, 31)
    created = Initiative.objects.bulk_create(
        Initiative(
            organization=organization,
            title=f"Satsning {n:04d}",
            created_by=users[Role.PROJECT_LEADER],
            state=InitiativeState.RUNNING,
            start_date=start,
            end_date=end,
        )
        for n in range(initiatives)
    )
    TargetGroup.objects.bulk_create(
        TargetGroup(initiative=i, description="Elever", size_estimate=100, reached_estimate=40)
        for i in created
    )
    activities = LogicElement.objects.bulk_create(
        LogicElement(initiative=i, level=Level.ACTIVITIES, text="Gruppträffar", position=1)
        for i in created
    )
    ActivityPlan.objects.bulk_create(
        ActivityPlan(element=e, per_month=Decimal(8), hours_per_month=Decimal(40))
        for e in activities
    )
    outcomes = LogicElement.objects.bulk_create(
        LogicElement(initiative=i, level=Level.SHORT_TERM, text="Bättre läsning", position=1)
        for i in created
    )
    indicators = Indicator.objects.bulk_create(
        Indicator(
            element=e,
            name="Andel med godkänd läsförmåga",
            kind=IndicatorKind.OUTCOME_SHORT,
            unit="%",
            frequency=Frequency.MONTHLY,
            data_source="Screening",
            baseline_value=Decimal(60),
            target_value=Decimal(80),
            direction=Direction.HIGHER,
        )
        for e in outcomes
    )
    windows = report_windows(start, end, "interim")
    today = dt.date(start.year + years - 1, 6, 1)
    due = [w for w in windows if w.due < today]
    months = calendar_windows(start, end, 1)
    for initiative, indicator, activity in zip(created, indicators, activities, strict=True):
        reports = ProgressReport.objects.bulk_create(
            ProgressReport(
                initiative=initiative,
                frequency="interim",
                period_start=w.start,
                period_end=w.end,
                due_on=w.due,
                state=ReportState.APPROVED if index < len(due) - 1 else ReportState.DRAFT,
                participants_total=min(40, 3 * (index + 1)),
            )
            for index, w in enumerate(windows)
        )
        by_end = [(r.period_start, r.period_end, r) for r in reports]
        Measurement.objects.bulk_create(
            Measurement(
                report=next(r for s, e, r in by_end if s <= m.end <= e),
                indicator=indicator,
                period_start=m.start,
                period_end=m.end,
                value=Decimal(60) + Decimal(index) / 4,
            )
            for index, m in enumerate(months)
        )
        ActivityReport.objects.bulk_create(
            ActivityReport(report=r, element=activity, done=Decimal(32), hours_used=Decimal(160))
            for r in reports
        )
        Attrition.objects.bulk_create(Attrition(report=r, count=1, reason="moved") for r in reports)
    return users, today


def _timed(client: Any, path: str, runs: int = 5) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path)  # warm caches
    times = []
    queries = 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(path)
            times.append(time.perf_counter() - started)
        assert response.status_code == 200, (path, response.status_code)
        queries = len(captured)
    return statistics.median(times) * 1000, queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orgs", type=int, default=20)
    parser.add_argument("--initiatives", type=int, default=500)
    parser.add_argument("--years", type=int, default=5)
    args = parser.parse_args()
    connection = _setup()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.python_version()}")
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    import time_machine
    from django.test import Client

    from sikt.web.accounts.models import Organization, Role
    from sikt.web.followup.tasks import generate_yearly_report
    from sikt.web.followup.yearly.data import yearly_data

    def make_organization(name: str) -> Organization:
        number = Organization.objects.count() + 1
        return Organization.objects.create(
            name=name,
            kind=Organization.Kind.MUNICIPALITY,
            organization_number=f"212000-{number:04d}",
        )

    start = dt.date(2022, 1, 1)
    started = time.perf_counter()
    measured = None
    small = make_organization("Liten kommun")
    small_users, today = _build(small, max(1, args.initiatives // 10), args.years, start)
    for n in range(args.orgs):
        organization = make_organization(f"Kommun {n}")
        users, today = _build(organization, args.initiatives, args.years, start)
        measured = measured or (organization, users)
    print(
        f"data: {args.orgs} organisations × {args.initiatives} initiatives × {args.years} years "
        f"of monthly values, built in {time.perf_counter() - started:.0f} s"
    )
    assert measured is not None
    organization, users = measured
    with time_machine.travel(dt.datetime.combine(today, dt.time(9), tzinfo=dt.UTC), tick=True):
        for label, org_users in (
            (f"{args.initiatives // 10 or 1} initiatives (baseline)", small_users),
            (f"{args.initiatives} initiatives", users),
        ):
            for page, path, role in (
                ("steering page", "/uppfoljning/", Role.STEERING_GROUP),
                ("work queue (start page)", "/", Role.COORDINATOR),
            ):
                client = Client()
                client.force_login(org_users[role])
                ms, queries = _timed(client, path)
                verdict = "OK" if ms <= PAGES_MS else "SLOW"
                print(f"{page:26} {label:28} {ms:7.1f} ms  {queries:3d} queries  {verdict}")
        from sikt.web.followup.models import YearlyReport

        year = today.year - 1
        started = time.perf_counter()
        yearly_data(organization, year)
        gathered = time.perf_counter() - started
        report = YearlyReport.objects.create(organization=organization, year=year)
        started = time.perf_counter()
        generate_yearly_report(report.pk)
        total = time.perf_counter() - started
        verdict = "OK" if total <= YEARLY_S else "SLOW"
        print(
            f"yearly report {year}, {args.initiatives} initiatives: figures {gathered:.2f} s, "
            f"with PDF, DOCX and XLSX {total:.2f} s  {verdict}"
        )
    connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)


if __name__ == "__main__":
    main()
