"""Status at a glance from the database: only approved values count; fixed query count."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from sikt.web.accounts.models import Organization, Role, User
from sikt.web.design.models import Indicator
from sikt.web.followup import services
from sikt.web.followup.models import ProgressReport
from sikt.web.followup.selectors.expected import ValueInput
from sikt.web.followup.selectors.overview import overviews
from sikt.web.followup.status import Light
from sikt.web.initiatives import fundfacts
from sikt.web.initiatives.models import Initiative
from tests.web.factories import make_running_initiative, make_user

pytestmark = pytest.mark.django_db


def _approve_first(
    initiative: Initiative, leader: User, reviewer: User, *, participants: int, value: str
) -> ProgressReport:
    report = initiative.progress_reports.order_by("period_end").first()
    assert report is not None
    outcome = Indicator.objects.get(element__initiative=initiative, unit="%")
    services.report_values_save(
        actor=leader,
        report=report,
        values=[ValueInput(outcome.pk, report.period_start, Decimal(value))],
    )
    services.report_details_save(actor=leader, report=report, participants_total=participants)
    services.report_submit(actor=leader, report=report)
    services.report_approve(actor=reviewer, report=report)
    return report


def test_only_approved_reports_count(
    organization: Organization, initiative: Initiative, leader: User, reviewer: User
) -> None:
    report = initiative.progress_reports.order_by("period_end").first()
    assert report is not None
    services.report_details_save(actor=leader, report=report, participants_total=1)
    (overview,) = overviews(reviewer, organization)
    assert overview.figures.reach_actual is None
    # Only the overdue first report (due 15 April, 35 days ago) speaks.
    assert [(s.dimension, s.light) for s in overview.status.signals] == [("reports", Light.RED)]


def test_reach_shortfall_is_yellow_with_its_share(
    organization: Organization, initiative: Initiative, leader: User, reviewer: User
) -> None:
    # Q1 2026 of a three-year project: 40 to reach → planned 40 × 90/1096 ≈ 3.28 to date.
    _approve_first(initiative, leader, reviewer, participants=2, value="62")
    (overview,) = overviews(reviewer, organization)
    reach = next(s for s in overview.status.signals if s.dimension == "reach")
    assert reach.light == Light.YELLOW
    assert round(reach.ratio, 2) == Decimal("0.61")  # type: ignore[arg-type]
    assert overview.figures.approved_through == dt.date(2026, 3, 31)
    assert overview.next_due == dt.date(2026, 7, 15)


def test_outcome_worse_than_baseline_is_red(
    organization: Organization, initiative: Initiative, leader: User, reviewer: User
) -> None:
    _approve_first(initiative, leader, reviewer, participants=5, value="55")
    (overview,) = overviews(reviewer, organization)
    assert overview.status.light == Light.RED
    assert [s.dimension for s in overview.status.reasons] == ["outcome"]


def test_costs_come_from_the_fund_when_it_reports(
    organization: Organization,
    initiative: Initiative,
    reviewer: User,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def costs(ids: Any, through: dt.date) -> dict[int, fundfacts.ReportedCosts]:
        return {pk: fundfacts.ReportedCosts(Decimal(130), Decimal(100), through) for pk in ids}

    (before,) = overviews(reviewer, organization)
    assert not before.has_cost_data
    # Replaced for this test only: the fund's own provider is registered again afterwards.
    monkeypatch.setattr(fundfacts, "_COSTS", [costs])
    (after,) = overviews(reviewer, organization)
    signal = next(s for s in after.status.signals if s.dimension == "costs")
    assert signal.light == Light.RED and after.has_cost_data


def test_query_count_does_not_grow_with_the_number_of_initiatives(
    organization: Organization,
    leader: User,
    reviewer: User,
    django_assert_max_num_queries: Any,
) -> None:
    def build(count: int) -> None:
        for _ in range(count):
            initiative = make_running_initiative(organization, leader=leader)
            _approve_first(initiative, leader, reviewer, participants=4, value="66")

    build(2)
    with django_assert_max_num_queries(12):
        small = overviews(reviewer, organization)
    build(6)
    with django_assert_max_num_queries(12):
        large = overviews(reviewer, organization)
    assert (len(small), len(large)) == (2, 8)


def test_cost_signal_reads_the_funds_approved_costs_per_period(
    organization: Organization, initiative: Initiative, reviewer: User
) -> None:
    """The fund registers its provider (funds.facts): delår 1 2026 (1 January – 30 April,
    120 of 365 days) of a 365 000 kr commitment is a budget of 120 000 kr to date; 138 000 kr
    of approved costs is 115 % of it — yellow (above 110 %, not above 125 %)."""
    from sikt.web.funds.services import ledger, payouts
    from sikt.web.funds.services.funds import fund_create
    from tests.web.funds.conftest import make_decision

    economist = make_user(organization, Role.ECONOMIST)
    fund = fund_create(actor=reviewer, organization=organization, name="Fonden")
    ledger.allocation_book(actor=reviewer, fund=fund, amount_ore=1_000_000_00, year=2026)
    ledger.book(
        actor=reviewer,
        fund=fund,
        kind=ledger.Kind.COMMITMENT,
        amount_ore=365_000_00,
        year=2026,
        initiative=initiative,
        decision=make_decision(initiative, dt.date(2026, 1, 10)),
    )
    report = payouts.cost_report_create(
        actor=reviewer, initiative=initiative, year=2026, period="delar1"
    )
    payouts.cost_report_save(
        actor=reviewer, report=report, lines=[payouts.Line("Personal", 138_000_00)]
    )
    payouts.cost_report_submit(actor=reviewer, report=report)
    (submitted,) = overviews(reviewer, organization)
    assert not submitted.has_cost_data  # only approved costs count
    payouts.cost_report_approve(actor=economist, report=report)
    (overview,) = overviews(reviewer, organization)
    assert overview.has_cost_data
    assert overview.figures.costs_reported == Decimal("138000.00")
    budget = Decimal(365_000) * Decimal((dt.date(2026, 4, 30) - dt.date(2026, 1, 1)).days + 1)
    assert overview.figures.costs_budget == (budget / Decimal(365)).quantize(Decimal("0.01"))
    signal = next(s for s in overview.status.signals if s.dimension == "costs")
    assert signal.light == Light.YELLOW
    assert round(signal.ratio, 2) == Decimal("1.15")  # type: ignore[arg-type]
