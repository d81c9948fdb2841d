"""Benchmark: the fund's ledger at scale on PostgreSQL (issue 9, performance).

Builds a ledger of ``orgs × initiatives × years × 10`` entries (default 20 × 500 × 10 × 10 =
1,000,000) in a fresh database — per organisation one fund and two committees, per budget year
one allocation, per initiative and year a commitment resting on the approving decision, six
payouts, one release and repayments from two committees, and a correction of about one payout
in a thousand — each entry with its audit record, as the services would leave them. Then it
measures, without asserting:

* the fund page's figures (:func:`sikt.web.funds.selectors.figures_by_year`, one aggregate
  query per page; target ≤ 200 ms), median over the organisations, with the query plan;
* ``sikt funds audit`` over every organisation (:func:`sikt.web.funds.reconcile.
  audit_organization`: the rule checks and the sums compared in the database, the audit-record
  and closed-period checks; target ≤ 10 s), with the plans (``EXPLAIN ANALYZE``) of its queries.

    SIKT_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/fund_ledger.py [--orgs 20 --initiatives 500 --years 10]

The benchmark database (``bench_fund_ledger``) is dropped and created again each run, unless
``--reuse`` measures the ledger the previous run left. The audit is timed beside a baseline in
the same process: the Python replay of every entry, which is what the audit did before its rules
and sums moved into the database (``sikt.web.funds.audit_queries``).
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
from urllib.parse import urlsplit, urlunsplit

DATABASE = "bench_fund_ledger"
PAYOUTS = 6
#: One payout in this many is reversed by a correction.
CORRECTED_EVERY = 997


def _prepare_database(base_url: str) -> str:
    import psycopg

    with psycopg.connect(base_url, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {DATABASE}")
        connection.execute(f"CREATE DATABASE {DATABASE}")
    parts = urlsplit(base_url)
    return urlunsplit(parts._replace(path=f"/{DATABASE}"))


def _setup(url: str) -> None:
    os.environ["SIKT_DATABASE_URL"] = url
    os.environ.setdefault("SIKT_DATA_DIR", "/tmp/sikt-bench-fund-ledger")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sikt.web.settings")
    Path(os.environ["SIKT_DATA_DIR"]).mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def _build(orgs: int, initiatives: int, years: int) -> int:
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    from sikt.web.accounts.models import Committee, Organization, User
    from sikt.web.funds.models import Fund, LedgerEntry
    from sikt.web.initiatives.models import Decision, Initiative

    actor = User.objects.create(username="bench")
    first_year = 2016
    ledger_columns = (
        "fund_id, kind, corrected_kind, amount_ore, year, booked_year, period, booked_on, "
        "initiative_id, committee_id, decision_id, actor_id, note, created_at"
    )
    now = dt.datetime.now(dt.UTC)
    count = 0
    for number in range(orgs):
        organization = Organization.objects.create(
            name=f"Benchkommun {number:02d}",
            kind=Organization.Kind.MUNICIPALITY,
            organization_number=f"212000-{number:04d}",
            municipality_code=f"{8000 + number}",
            is_fictional=True,
        )
        fund = Fund.objects.create(organization=organization, name="Fonden", is_default=True)
        committees = [
            Committee.objects.create(
                organization=organization, name=name, kind=Committee.Kind.COMMITTEE
            )
            for name in ("Socialnämnden", "Utbildningsnämnden")
        ]
        made = Initiative.objects.bulk_create(
            Initiative(organization=organization, title=f"Satsning {i}", created_by=actor)
            for i in range(initiatives)
        )
        decisions = Decision.objects.bulk_create(
            Decision(
                initiative=initiative,
                transition="approve",
                outcome="approved",
                decided_on=dt.date(first_year, 1, 10),
                body="executive_board",
            )
            for initiative in made
        )
        with connection.cursor() as cursor:
            raw = cursor.connection
            with raw.cursor().copy(
                f"COPY {LedgerEntry._meta.db_table} ({ledger_columns}) FROM STDIN"
            ) as copy:
                for offset in range(years):
                    year = first_year + offset
                    day = dt.date(year, 1, 15)
                    grant = 800_000_00
                    copy.write_row(
                        (
                            fund.pk,
                            "allocation",
                            "",
                            grant * initiatives * 2,
                            year,
                            year,
                            "delar1",
                            day,
                            None,
                            None,
                            None,
                            actor.pk,
                            "",
                            now,
                        )
                    )
                    count += 1
                    for initiative, decision in zip(made, decisions, strict=True):
                        common = (initiative.pk,)
                        rows = [("commitment", grant, "delar1", None, decision.pk)]
                        rows += [
                            ("payout", grant // 8, ("delar1", "delar2", "helar")[p % 3], None, None)
                            for p in range(PAYOUTS)
                        ]
                        rows.append(("release", grant // 8, "helar", None, None))
                        rows += [
                            ("repayment", 50_000_00 + index, "helar", committee.pk, None)
                            for index, committee in enumerate(committees)
                        ]
                        for kind, amount, period, committee_id, decision_id in rows:
                            copy.write_row(
                                (
                                    fund.pk,
                                    kind,
                                    "",
                                    amount,
                                    year,
                                    year,
                                    period,
                                    day,
                                    *common,
                                    committee_id,
                                    decision_id,
                                    actor.pk,
                                    "",
                                    now,
                                )
                            )
                        count += len(rows)
        print(f"  organisation {number + 1}/{orgs}: {count:,} entries", flush=True)
    content_type = ContentType.objects.get_for_model(LedgerEntry)
    with connection.cursor() as cursor:
        # About one payout in a thousand was a mistake, reversed by a correction.
        cursor.execute(
            "INSERT INTO funds_ledgerentry (fund_id, kind, corrected_kind, amount_ore, year, "
            "booked_year, period, booked_on, initiative_id, actor_id, note, reverses_id, "
            "created_at) SELECT fund_id, 'correction', 'payout', amount_ore, year, booked_year, "
            "period, booked_on, initiative_id, actor_id, 'Fel belopp', id, created_at "
            "FROM funds_ledgerentry WHERE kind = 'payout' AND id %% %s = 0",
            [CORRECTED_EVERY],
        )
        count += cursor.rowcount
        cursor.execute(
            "INSERT INTO audit_auditentry (organization_id, actor_id, at, action, content_type_id, "
            "object_id, object_repr, changes, note) "
            "SELECT f.organization_id, e.actor_id, e.created_at, 'create', %s, "
            "CAST(e.id AS VARCHAR), '', '{}', '' FROM funds_ledgerentry e "
            "JOIN funds_fund f ON f.id = e.fund_id",
            [content_type.pk],
        )
        cursor.execute("VACUUM ANALYZE")
    return count


def _explain(sql: str, params: list[object]) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) {sql}", params)
        return "\n".join("    " + row[0] for row in cursor.fetchall())


def _measure() -> None:
    from django.db import connection, transaction

    from sikt.web.accounts.models import Organization
    from sikt.web.funds import audit_queries, reconcile, selectors
    from sikt.web.funds.models import Fund

    funds = list(Fund.objects.select_related("organization"))
    timings = []
    for fund in funds:
        started = time.perf_counter()
        by_year = selectors.figures_by_year([fund])
        selectors.year_rows(by_year)
        timings.append(time.perf_counter() - started)
    print(
        f"fund page figures: median {statistics.median(timings) * 1000:.1f} ms, "
        f"max {max(timings) * 1000:.1f} ms over {len(funds)} funds (target ≤ 200 ms)"
    )
    query = (
        selectors.LedgerEntry.objects.filter(fund__in=[funds[0].pk])
        .order_by()
        .values_list("kind", "corrected_kind", "year")
        .annotate(total=selectors.Sum("amount_ore"))
        .query
    )
    sql, params = query.sql_with_params()
    print("  plan of the fund page's aggregate:")
    print(_explain(sql, list(params)))

    organizations = list(Organization.objects.order_by("name"))
    started = time.perf_counter()
    entries = 0
    for organization in organizations:
        report = reconcile.Report(organization.name)
        reconcile.replay(organization, report)
        reconcile._missing_audit_records(organization)
        entries += report.entries
    baseline = time.perf_counter() - started
    print(
        "baseline, the audit's previous procedure (every entry replayed in Python, and the "
        f"audit-record check): {entries:,} entries in {baseline:.2f} s"
    )
    started = time.perf_counter()
    entries = 0
    broken = 0
    for organization in organizations:
        report = reconcile.audit_organization(organization)
        entries += report.entries
        broken += len(report.breaks)
    seconds = time.perf_counter() - started
    print(
        f"sikt funds audit: {entries:,} entries in {seconds:.2f} s, {broken} breaks "
        f"(target ≤ 10 s; {baseline / seconds:.1f}× the baseline)"
    )
    organization = organizations[0]
    with transaction.atomic():
        audit_queries.tune()
        print("  plan of the rule checks (one organisation):")
        print(_explain(audit_queries.RULES, [organization.pk] * 4))
        print("  plan of the sums compared (one organisation):")
        print(_explain(audit_queries.SUMS, [organization.pk] * 3))
    print("  plan of the audit-record check:")
    print(
        _explain(
            "SELECT COUNT(*) FROM funds_ledgerentry e JOIN funds_fund f ON f.id = e.fund_id "
            "WHERE f.organization_id = %s AND NOT EXISTS (SELECT 1 FROM audit_auditentry a "
            "WHERE a.content_type_id = (SELECT id FROM django_content_type WHERE "
            "app_label = 'funds' AND model = 'ledgerentry') AND a.organization_id = %s "
            "AND a.object_id = CAST(e.id AS VARCHAR))",
            [organization.pk, organization.pk],
        )
    )
    connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orgs", type=int, default=20)
    parser.add_argument("--initiatives", type=int, default=500)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure the ledger a previous run built instead of building it again",
    )
    args = parser.parse_args()
    base = os.environ.get("SIKT_DATABASE_URL", "")
    if not base.startswith("postgres"):
        sys.exit("Set SIKT_DATABASE_URL to a PostgreSQL server (postgresql://…/postgres).")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.python_version()}")
    if args.reuse:
        _setup(urlunsplit(urlsplit(base)._replace(path=f"/{DATABASE}")))
    else:
        _setup(_prepare_database(base))
        started = time.perf_counter()
        count = _build(args.orgs, args.initiatives, args.years)
        seconds = time.perf_counter() - started
        print(f"built {count:,} entries with audit records in {seconds:.1f} s")
    print("load average before measuring: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    _measure()
    print("load average after measuring: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))


if __name__ == "__main__":
    main()
