"""A large dataset written fast, shared by the benchmarks (``followup_pages.py``, ``load.py``).

:func:`build_organization` gives an organisation ``initiatives`` running initiatives over
``years`` years: each has an activity plan, a monthly outcome measure with a baseline and target,
a target group, interim reports (all approved but the last, which is overdue) each with
activities done and one attrition, and the decided repayment plan of its approval (two
committees); the organisation's fund holds a yearly allocation and, per initiative and year, the
commitment, three payouts and the two committees' repayments; what the services keep when a
report is approved is computed by the same functions. The services would take hours at
this scale and the benchmarks only read, so the rows are written in bulk: ``COPY`` on PostgreSQL
(:func:`copy_rows`; the monthly values, the ledger), batched ``INSERT`` on SQLite, and
``bulk_create`` for the rest. Run ``ANALYZE`` afterwards (:func:`analyze`), as autovacuum would
after a load.

Import it from a benchmark in ``bench/`` (the directory of the running script is on the path)
once Django is set up.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from itertools import islice
from typing import Any

START = dt.date(2022, 1, 1)
COMMITTEES = {"socialnamnden": "Socialnämnden", "utbildningsnamnden": "Utbildningsnämnden"}
GRANT_ORE = 600_000_00
#: Rows per ``INSERT`` batch on SQLite.
BATCH = 5000


def copy_rows(table: str, columns: str, rows: Iterable[tuple[Any, ...]]) -> None:
    """Write ``rows`` into ``table``: ``COPY`` on PostgreSQL, batched inserts on SQLite."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with (
            connection.cursor() as cursor,
            cursor.connection.cursor().copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join(["%s"] * len(columns.split(",")))
    sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"
    adapt = connection.ops.adapt_datetimefield_value
    iterator = iter(rows)
    with connection.cursor() as cursor:
        while batch := list(islice(iterator, BATCH)):
            cursor.executemany(
                sql,
                [
                    tuple(
                        adapt(value)
                        if isinstance(value, dt.datetime)
                        else value.isoformat()
                        if isinstance(value, dt.date)
                        else str(value)
                        if isinstance(value, Decimal)
                        else value
                        for value in row
                    )
                    for row in batch
                ],
            )


def analyze() -> None:
    """Give the query planner its statistics after a bulk load."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


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


def build_organization(organization: Any, initiatives: int, years: int) -> list[Any]:
    """Bulk-write ``initiatives`` running initiatives into ``organization``; return them.

    Adds a project leader, coordinator and steering-group member (``<role>-<organisation id>``,
    no password: a benchmark logs them in with ``force_login``), the two committees unless the
    organisation has two (then they own the initiatives), and the fund unless it has a default
    one (the demo's has).
    """
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
        user = User.objects.create_user(f"{role}-{organization.pk}")
        membership_grant(actor=None, user=user, organization=organization, role=role)
        users[role] = user
    existing = list(
        Committee.objects.filter(organization=organization, kind=Committee.Kind.COMMITTEE)[:2]
    )
    committees = (
        dict(zip(COMMITTEES, existing, strict=True))
        if len(existing) == len(COMMITTEES)
        else {
            key: Committee.objects.create(organization=organization, name=name)
            for key, name in COMMITTEES.items()
        }
    )
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
    copy_rows(
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
    return created


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
            # The headline figures the portfolio reads from a decided calculation.
            "result": {
                "price_year": START.year,
                "perspectives": [
                    {"key": "organisation", "npv": 250_000.0},
                    {"key": "society", "npv": 1_400_000.0},
                ],
            },
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
        Grant(decision=decision, initiative=initiative, project_number=f"SI-B{number:04d}")
        for number, (initiative, decision) in enumerate(zip(created, decisions, strict=True))
    )
    fund = Fund.objects.filter(organization=organization, is_default=True).first()
    if fund is None:
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

    copy_rows(
        LedgerEntry._meta.db_table,
        "fund_id, kind, corrected_kind, amount_ore, period, initiative_id, committee_id, "
        "decision_id, year, booked_year, booked_on, actor_id, note, created_at",
        rows(),
    )
