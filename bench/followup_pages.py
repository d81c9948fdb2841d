"""Benchmark: the steering group's page, the work queue and the yearly report at scale (issue 10).

Builds ``--orgs`` organisations × ``--initiatives`` running initiatives × ``--years`` years of
monthly indicator values in a PostgreSQL database, plus one organisation with a tenth of the
initiatives as the baseline measured in the same run. Each initiative has an activity plan, a
monthly outcome measure with a baseline and target, a target group, interim reports (all approved
but the last, which is overdue) each with activities done and one attrition, and the decided
repayment plan of its approval (two committees). Each organisation has a fund whose ledger holds
a yearly allocation and, per initiative and year, the commitment, three payouts and the two
committees' repayments. The rows are written with ``COPY`` (the monthly values, the ledger) and
bulk inserts; what the services keep when a report is approved (each indicator's approved count
and latest values, each activity's approved totals: ``sikt.web.followup.services.approved``) is
computed by the same functions; then ``ANALYZE`` gives the planner its statistics, as autovacuum
would after a load. Then it measures, for the first organisation and for the baseline:

* the steering group's page (``/uppfoljning/``) and the start page with the work queue of the
  coordinator and of the project leader: server time through the test client (median of five,
  wall clock and this process's CPU time) and the query count, which must not grow with the
  number of initiatives; the plans (``EXPLAIN ANALYZE``) of the slowest queries;
* the yearly report for the last full year: the figures, and the whole background task (figures,
  PDF, DOCX, XLSX) as the worker runs it.

Targets (issue 10): pages ≤ 200 ms with a constant query count, yearly report ≤ 10 s. Nothing is
asserted; the load average is printed before and after (the machine is shared).

    SIKT_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/followup_pages.py [--orgs 20 --initiatives 500 --years 5]

The database (``bench_followup_pages``) is built again each run unless ``--reuse`` measures the
one the previous run left.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import sys
import time
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

PAGES_MS = 200
YEARLY_S = 10
START = dt.date(2022, 1, 1)
COMMITTEES = {"socialnamnden": "Socialnämnden", "utbildningsnamnden": "Utbildningsnämnden"}
GRANT_ORE = 600_000_00
#: The slowest queries of a page whose plans are printed.
PLANS = 3


def _setup(reuse: bool) -> Any:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sikt.web.settings")
    os.environ.setdefault("SIKT_TEST_DATABASE_NAME", "bench_followup_pages")
    os.environ.setdefault("SIKT_DATA_DIR", "/tmp/sikt-bench-followup-pages")
    Path(os.environ["SIKT_DATA_DIR"]).mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    if connection.vendor != "postgresql":
        raise SystemExit("Set SIKT_DATABASE_URL to a PostgreSQL server (the issue's target).")
    setup_test_environment()
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=reuse)
    return connection


def _copy(table: str, columns: str, rows: Iterable[tuple[Any, ...]]) -> None:
    from django.db import connection

    with (
        connection.cursor() as cursor,
        cursor.connection.cursor().copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)


def _plan_json(years: int) -> dict[str, Any]:
    """A decided repayment plan: each committee repays from the project's second year."""
    from sikt.calc import RepaymentPlan
    from sikt.text import Text

    span = [START.year + offset for offset in range(years + 3)]
    repayments = {
        key: [0.0 if year == START.year else 150_000.0 + 50_000 * index for year in span]
        for index, key in enumerate(COMMITTEES)
    }
    return RepaymentPlan(
        years=span,
        committees=list(COMMITTEES),
        savings=repayments,
        repayments=repayments,
        investment_cost=GRANT_ORE / 100 * years,
        expected_savings_total=sum(sum(values) for values in repayments.values()),
        repaid_total=sum(sum(values) for values in repayments.values()),
        approval_basis="bench",
        approved=True,
        explanation=Text(sv="Benchmark", en="Benchmark"),
    ).model_dump(mode="json")


def _build(organization: Any, initiatives: int, years: int) -> None:
    """Bulk-written records (the services would take hours at this scale; the pages only read)."""
    from sikt.web.accounts.models import Committee, Role, User
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
    from sikt.web.followup.services import approved_activities_refresh, approved_series_refresh
    from sikt.web.followup.states import ReportState
    from sikt.web.initiatives.models import Initiative
    from sikt.web.initiatives.states import InitiativeState

    users = {}
    for role in (Role.PROJECT_LEADER, Role.COORDINATOR, Role.STEERING_GROUP):
        user = User.objects.create_user(f"{role}-{organization.pk}", password="x")
        membership_grant(actor=None, user=user, organization=organization, role=role)
        users[role] = user
    committees = {
        key: Committee.objects.create(organization=organization, name=name)
        for key, name in COMMITTEES.items()
    }
    end = dt.date(START.year + years - 1, 12, 31)
    owners = list(committees.values())
    created = Initiative.objects.bulk_create(
        Initiative(
            organization=organization,
            title=f"Satsning {n:04d}",
            created_by=users[Role.PROJECT_LEADER],
            owner_committee=owners[n % 2],
            state=InitiativeState.RUNNING,
            start_date=START,
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
    windows = report_windows(START, end, "interim")
    today = dt.date(START.year + years - 1, 6, 1)
    approved = sum(1 for w in windows if w.due < today) - 1
    reports = ProgressReport.objects.bulk_create(
        (
            ProgressReport(
                initiative=initiative,
                frequency="interim",
                period_start=w.start,
                period_end=w.end,
                due_on=w.due,
                state=ReportState.APPROVED if index < approved else ReportState.DRAFT,
                participants_total=min(40, 3 * (index + 1)),
            )
            for initiative in created
            for index, w in enumerate(windows)
        ),
        batch_size=5000,
    )
    months = calendar_windows(START, end, 1)
    window_of = [
        next(i for i, w in enumerate(windows) if w.start <= m.end <= w.end) for m in months
    ]
    _copy(
        Measurement._meta.db_table,
        "period_start, period_end, value, comment, return_note, indicator_id, report_id",
        (
            (m.start, m.end, Decimal(60) + Decimal(index) / 4, "", "", indicator.pk, report.pk)
            for number, indicator in enumerate(indicators)
            for index, m in enumerate(months)
            if (report := reports[number * len(windows) + window_of[index]])
        ),
    )
    ActivityReport.objects.bulk_create(
        (
            ActivityReport(report=r, element=activity, done=Decimal(32), hours_used=Decimal(160))
            for number, activity in enumerate(activities)
            for r in reports[number * len(windows) : (number + 1) * len(windows)]
        ),
        batch_size=5000,
    )
    Attrition.objects.bulk_create(
        (Attrition(report=r, count=1, reason="moved") for r in reports), batch_size=5000
    )
    # What the services keep when a report is approved (the pages read it).
    approved_series_refresh(indicator.pk for indicator in indicators)
    approved_activities_refresh(element.pk for element in activities)
    _fund(organization, created, committees, users[Role.COORDINATOR], years)


def _fund(
    organization: Any, created: list[Any], committees: dict[str, Any], actor: Any, years: int
) -> None:
    """The approvals with their frozen repayment plans, and the fund's ledger."""
    from sikt.web.funds.models import Fund, LedgerEntry
    from sikt.web.initiatives.models import Decision, Grant

    frozen = {
        "calculation": {
            "repayment_plan": _plan_json(years),
            "committee_map": {key: committee.pk for key, committee in committees.items()},
            "result": {"perspectives": []},
        }
    }
    decisions = Decision.objects.bulk_create(
        Decision(
            initiative=initiative,
            transition="approve",
            outcome="approved",
            decided_on=START - dt.timedelta(days=30),
            body="executive_board",
            frozen=frozen,
        )
        for initiative in created
    )
    Grant.objects.bulk_create(
        Grant(decision=decision, initiative=initiative, project_number=f"SI-{number:04d}")
        for number, (initiative, decision) in enumerate(zip(created, decisions, strict=True))
    )
    fund = Fund.objects.create(organization=organization, name="Fonden", is_default=True)
    now = dt.datetime.now(dt.UTC)
    plan = frozen["calculation"]["repayment_plan"]

    def rows() -> Iterable[tuple[Any, ...]]:
        for offset in range(years):
            year = START.year + offset
            day = dt.date(year, 1, 15)
            common = (year, year, day, actor.pk, "", now)
            yield (
                fund.pk,
                "allocation",
                "",
                GRANT_ORE * len(created),
                "delar1",
                None,
                None,
                None,
                *common,
            )
            for initiative, decision in zip(created, decisions, strict=True):
                entries: list[tuple[str, int, str, int | None, int | None]]
                entries = [("commitment", GRANT_ORE, "delar1", None, decision.pk)]
                entries += [
                    ("payout", GRANT_ORE // 4, period, None, None)
                    for period in ("delar1", "delar2", "helar")
                ]
                entries += [
                    ("repayment", round(amounts[offset] * 100), "helar", committees[key].pk, None)
                    for key, amounts in plan["repayments"].items()
                    if amounts[offset]
                ]
                for kind, amount, period, committee, decided in entries:
                    yield (
                        fund.pk,
                        kind,
                        "",
                        amount,
                        period,
                        initiative.pk,
                        committee,
                        decided,
                        *common,
                    )

    _copy(
        LedgerEntry._meta.db_table,
        "fund_id, kind, corrected_kind, amount_ore, period, initiative_id, committee_id, "
        "decision_id, year, booked_year, booked_on, actor_id, note, created_at",
        rows(),
    )


def _timed(client: Any, path: str, runs: int = 5) -> tuple[float, float, list[dict[str, str]]]:
    """Median wall and CPU milliseconds of ``runs`` requests, and the last one's queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path)  # warm caches
    walls, cpus = [], []
    queries: list[dict[str, str]] = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started, cpu = time.perf_counter(), time.process_time()
            response = client.get(path)
            walls.append(time.perf_counter() - started)
            cpus.append(time.process_time() - cpu)
        assert response.status_code == 200, (path, response.status_code)
        queries = captured.captured_queries
    return statistics.median(walls) * 1000, statistics.median(cpus) * 1000, queries


def _plans(queries: list[dict[str, str]]) -> None:
    """Every query of the page run again under ``EXPLAIN ANALYZE``: the database's own time for
    all of them, and the plans of the slowest (the client-side times are noisy on a shared
    machine)."""
    from django.db import connection

    explained = []
    for query in queries:
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, COSTS OFF) {query['sql']}")
            lines = [line for (line,) in cursor.fetchall()]
        took = sum(
            float(line.split(":")[1].split()[0])
            for line in lines
            if line.startswith(("Planning Time", "Execution Time"))
        )
        explained.append((took, query["sql"], lines))
    explained.sort(key=lambda item: -item[0])
    print(
        f"    database time of all {len(explained)} queries: {sum(t for t, *_ in explained):.1f} ms"
    )
    for took, sql, lines in explained[:PLANS]:
        print(f"    {took:.1f} ms: {sql[:150]}…")
        for line in lines:
            print(f"      {line}")


def _load() -> str:
    return "load average " + ", ".join(f"{value:.2f}" for value in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orgs", type=int, default=20)
    parser.add_argument("--initiatives", type=int, default=500)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--reuse", action="store_true", help="measure the last run's database")
    args = parser.parse_args()
    connection = _setup(args.reuse)
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        print(f"database: PostgreSQL {cursor.fetchone()[0]}, {connection.settings_dict['NAME']}")
    print(f"before: {_load()}")
    import time_machine
    from django.test import Client

    from sikt.web.accounts.models import Organization, Role, User
    from sikt.web.followup.models import Measurement, YearlyReport
    from sikt.web.followup.tasks import generate_yearly_report
    from sikt.web.followup.yearly.data import yearly_data
    from sikt.web.funds.models import LedgerEntry

    today = dt.date(START.year + args.years - 1, 6, 1)
    if not args.reuse:
        started = time.perf_counter()
        sizes = [max(1, args.initiatives // 10)] + [args.initiatives] * args.orgs
        for number, size in enumerate(sizes):
            organization = Organization.objects.create(
                name="Liten kommun" if number == 0 else f"Kommun {number}",
                kind=Organization.Kind.MUNICIPALITY,
                organization_number=f"212000-{number:04d}",
            )
            _build(organization, size, args.years)
            print(f"  organisation {number + 1}/{len(sizes)} built", flush=True)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"built in {time.perf_counter() - started:.0f} s")
    organizations = list(Organization.objects.order_by("pk")[:2])
    print(
        f"data: {Organization.objects.count() - 1} organisations × {args.initiatives} "
        f"initiatives × {args.years} years: {Measurement.objects.count():,} monthly values, "
        f"{LedgerEntry.objects.count():,} ledger entries"
    )
    with time_machine.travel(dt.datetime.combine(today, dt.time(9), tzinfo=dt.UTC), tick=True):
        for organization in organizations:
            size = organization.initiatives.count()
            label = f"{size} initiatives" + (
                " (baseline)" if organization == organizations[0] else ""
            )
            for page, path, role in (
                ("steering page", "/uppfoljning/", Role.STEERING_GROUP),
                ("work queue, coordinator", "/", Role.COORDINATOR),
                ("work queue, project leader", "/", Role.PROJECT_LEADER),
            ):
                client = Client()
                client.force_login(User.objects.get(username=f"{role}-{organization.pk}"))
                wall, cpu, queries = _timed(client, path)
                verdict = "OK" if wall <= PAGES_MS else "SLOW"
                print(
                    f"{page:27} {label:28} {wall:7.1f} ms (CPU {cpu:6.1f} ms) "
                    f"{len(queries):3d} queries  {verdict}"
                )
                if organization == organizations[-1]:
                    _plans(queries)
        year = today.year - 1
        for organization in organizations:
            size = organization.initiatives.count()
            started = time.perf_counter()
            yearly_data(organization, year)
            gathered = time.perf_counter() - started
            report = YearlyReport.objects.create(organization=organization, year=year)
            started = time.perf_counter()
            generate_yearly_report(report.pk)
            total = time.perf_counter() - started
            verdict = "OK" if total <= YEARLY_S else "SLOW"
            print(
                f"yearly report {year}, {size} initiatives: figures {gathered:.2f} s, "
                f"with PDF, DOCX and XLSX {total:.2f} s  {verdict}"
            )
    print(f"after: {_load()}")


if __name__ == "__main__":
    main()
