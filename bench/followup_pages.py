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
would after a load (the builder is ``bench/scale.py``, shared with ``bench/load.py``). Then it
measures, for the first organisation and for the baseline:

* the steering group's page (``/uppfoljning/``) and the start page with the work queue of the
  coordinator and of the project leader: server time through the test client (median of five,
  wall clock and this process's CPU time) and the query count, which must not grow with the
  number of initiatives; the plans (``EXPLAIN ANALYZE``) of the slowest queries. Each page is
  measured "computed" (the summaries kept between requests dropped before each request, as
  after a write in the organisation) and "kept" (as between writes, ``sikt.web.generations``);
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
from pathlib import Path
from typing import Any

from scale import START, analyze, build_organization

PAGES_MS = 200
YEARLY_S = 10
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


def _timed(
    client: Any, path: str, fresh: bool, runs: int = 5
) -> tuple[float, float, list[dict[str, str]]]:
    """Median wall and CPU milliseconds of ``runs`` requests, and the last one's queries.
    ``fresh``: the summaries kept between requests (``sikt.web.generations``) are dropped before
    each request, as after a write in the organisation; else they are kept, as between writes."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sikt.web import generations

    client.get(path)  # warm caches
    walls, cpus = [], []
    queries: list[dict[str, str]] = []
    for _ in range(runs):
        if fresh:
            generations.forget()
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
            build_organization(organization, size, args.years)
            print(f"  organisation {number + 1}/{len(sizes)} built", flush=True)
        analyze()
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
                for fresh in (True, False):
                    wall, cpu, queries = _timed(client, path, fresh)
                    verdict = "OK" if wall <= PAGES_MS else "SLOW"
                    print(
                        f"{page:27} {label:28} {'computed' if fresh else 'kept':8} "
                        f"{wall:7.1f} ms (CPU {cpu:6.1f} ms) {len(queries):3d} queries  {verdict}"
                    )
                    if fresh and organization == organizations[-1]:
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
