"""Repayments through the budget frame: the list for the budget process and its Excel export
equal the ledger once the budget is adopted; revisions are decided with their history."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from sikt.web.accounts.models import Committee, Organization, Role, User
from sikt.web.calculations.selectors import decided_repayment_plan
from sikt.web.funds import selectors
from sikt.web.funds.models import Fund, LedgerEntry, RepaymentRevision
from sikt.web.funds.services import repayments as services
from sikt.web.initiatives.models import Initiative
from sikt.web.initiatives.rulesets import ruleset_for
from sikt.web.initiatives.services import initiative_transition
from sikt.web.initiatives.states import InitiativeState, RepaymentModel
from tests.web.conftest import login
from tests.web.factories import make_calculation, make_committee, make_user
from tests.web.initiatives.conftest import all_requirements_met, member, set_state

__all__ = ["all_requirements_met"]
pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Line:
    committee_id: int | None
    committee_name: str
    year: int
    amount_sek: Decimal


@pytest.fixture
def plan(
    monkeypatch: pytest.MonkeyPatch, initiative: Initiative, organization: Organization
) -> dict[str, Committee]:
    """A decided plan: two committees repay in 2026 and 2027 (what the decisions area freezes)."""
    social = make_committee(organization, "Socialnämnden")
    school = make_committee(organization, "Utbildningsnämnden")
    lines = [
        Line(social.pk, social.name, 2026, Decimal("400000.00")),
        Line(school.pk, school.name, 2026, Decimal("150000.50")),
        Line(social.pk, social.name, 2027, Decimal("600000.00")),
        Line(None, "Regionen", 2026, Decimal("99.00")),
    ]
    monkeypatch.setattr(services, "plan_lines", lambda i: lines if i.pk == initiative.pk else [])
    monkeypatch.setattr(
        services,
        "plans_of",
        lambda initiatives: {i.pk: lines for i in initiatives if i == initiative},
    )
    return {"social": social, "school": school}


def test_list_adopt_and_export_agree_with_the_ledger(
    client: Client, fund: Fund, coordinator: User, plan: dict[str, Committee]
) -> None:
    rows = services.repayment_list(fund.organization, 2026)
    assert [(r.committee_name, r.amount_ore) for r in rows] == [
        ("Regionen", 99_00),
        ("Socialnämnden", 400_000_00),
        ("Utbildningsnämnden", 150_000_50),
    ]
    login(client, coordinator)
    response = client.post(
        reverse("funds:repayments") + "?ar=2026",
        {"adopted_on": "2025-11-20", "minute_reference": "KF § 200"},
    )
    assert response.status_code == 302
    repaid = selectors.figures_by_year([fund])[2026].repaid
    assert repaid == 550_000_50  # the region is no committee of the organisation: not booked
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("funds:repayments-export") + "?ar=2026").content)
    )
    sheet = workbook.worksheets[0]
    data = [row for row in sheet.iter_rows(min_row=2, values_only=True) if row[1]]
    booked = sum(Decimal(str(row[6])) for row in data)
    assert booked * 100 == repaid
    committees = {row[0]: row[3] for row in data}
    assert committees["Socialnämnden"] == 400_000.0
    per_committee = workbook.worksheets[1]
    assert per_committee["C2"].value.startswith("=SUMIF(")
    with pytest.raises(ValidationError):
        services.budget_adopt(
            actor=coordinator, organization=fund.organization, year=2026, adopted_on=dt.date.today()
        )


def test_only_the_coordinator_records_the_budget(
    fund: Fund, organization: Organization, plan: dict[str, Committee]
) -> None:
    with pytest.raises(PermissionDenied):
        services.budget_adopt(
            actor=make_user(organization, Role.ECONOMIST),
            organization=organization,
            year=2026,
            adopted_on=dt.date(2025, 11, 20),
        )
    assert not LedgerEntry.objects.exists()


def test_a_rule_set_without_repayment_has_none(
    fund: Fund, organization: Organization, plan: dict[str, Committee]
) -> None:
    ruleset = ruleset_for(organization)
    ruleset.repayment_model = RepaymentModel.NONE
    ruleset.save()
    assert services.repayment_list(organization, 2026) == []


def test_a_decided_revision_rebooks_an_adopted_year(
    fund: Fund,
    coordinator: User,
    economist: User,
    initiative: Initiative,
    plan: dict[str, Committee],
) -> None:
    services.budget_adopt(
        actor=coordinator,
        organization=fund.organization,
        year=2026,
        adopted_on=dt.date(2025, 11, 20),
    )
    revision = services.repayment_revision_propose(
        actor=economist,
        initiative=initiative,
        committee=plan["social"],
        year=2026,
        amount_ore=100_000_00,
        reason="Effekten blev en fjärdedel av den förväntade",
        source="Ekonomisk utvärdering 2026",
    )
    assert revision.previous_ore == 400_000_00
    with pytest.raises(PermissionDenied):
        services.repayment_revision_decide(actor=economist, revision=revision, approve=True)
    services.repayment_revision_decide(actor=coordinator, revision=revision, approve=True)
    assert selectors.figures_by_year([fund])[2026].repaid == 250_000_50
    assert LedgerEntry.objects.filter(repayment_revision=revision).count() == 1
    rows = {r.committee_name: r for r in services.repayment_list(fund.organization, 2026)}
    assert rows["Socialnämnden"].revised
    assert rows["Socialnämnden"].amount_ore == rows["Socialnämnden"].booked_ore == 100_000_00
    with pytest.raises(ValidationError):
        services.repayment_revision_decide(actor=coordinator, revision=revision, approve=False)


def test_a_revision_before_adoption_changes_what_is_booked(
    fund: Fund, coordinator: User, initiative: Initiative, plan: dict[str, Committee]
) -> None:
    revision = services.repayment_revision_propose(
        actor=coordinator,
        initiative=initiative,
        committee=plan["social"],
        year=2027,
        amount_ore=0,
        reason="Inga effekter",
    )
    services.repayment_revision_decide(actor=coordinator, revision=revision, approve=True)
    services.budget_adopt(
        actor=coordinator,
        organization=fund.organization,
        year=2027,
        adopted_on=dt.date(2026, 11, 20),
    )
    assert 2027 not in selectors.figures_by_year([fund])
    assert RepaymentRevision.objects.get().state == RepaymentRevision.State.DECIDED


def _approved_with_plan(organization: Organization, number: int) -> Initiative:
    initiative = make_calculation(organization).initiative
    set_state(initiative, InitiativeState.RECOMMENDED)
    initiative_transition(
        actor=member(organization, Role.DECISION_MAKER),
        initiative=initiative,
        transition_key="approve",
        grant_years={2026: Decimal("1000000")},
        project_number=f"SI-2026-{number:02d}",
    )
    return initiative


@pytest.mark.usefixtures("all_requirements_met")
def test_the_list_reads_the_decided_plans_in_a_constant_number_of_queries(
    organization: Organization,
) -> None:
    """The yearly report lists 500 initiatives' repayments: no query per initiative."""
    first = _approved_with_plan(organization, 1)
    year = decided_repayment_plan(first)[0].year
    with CaptureQueriesContext(connection) as one:
        assert {row.initiative for row in services.repayment_list(organization, year)} == {first}
    later = [_approved_with_plan(organization, number) for number in (2, 3)]
    with CaptureQueriesContext(connection) as three:
        rows = services.repayment_list(organization, year)
    assert {row.initiative for row in rows} == {first, *later}
    assert len(three) == len(one)
