"""An approval's grant is committed from the fund (issue 9 item 1): per year, resting on the
decision; a later, smaller grant releases the difference; a fund created after the approvals
takes over the grants already decided; nothing is booked twice."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from sikt.web.accounts.models import Organization, Role, User
from sikt.web.funds.models import Fund, LedgerEntry
from sikt.web.funds.services.commitments import grants_commit
from sikt.web.funds.services.funds import fund_create
from sikt.web.initiatives.models import Decision, Initiative
from sikt.web.initiatives.services import initiative_transition
from sikt.web.initiatives.states import InitiativeState
from tests.web.initiatives.conftest import all_requirements_met, member, set_state

__all__ = ["all_requirements_met"]
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("all_requirements_met")]


def _approve(initiative: Initiative, years: dict[int, Any]) -> Decision:
    set_state(initiative, InitiativeState.RECOMMENDED)
    initiative_transition(
        actor=member(initiative.organization, Role.DECISION_MAKER),
        initiative=initiative,
        transition_key="approve",
        grant_years=years,
        project_number="SI-2025-01",
        decided_on=dt.date(2025, 2, 10),
    )
    return Decision.objects.filter(initiative=initiative, transition="approve").last()  # type: ignore[return-value]


def _entries(initiative: Initiative) -> list[tuple[str, int, int]]:
    return list(
        LedgerEntry.objects.filter(initiative=initiative)
        .order_by("id")
        .values_list("kind", "year", "amount_ore")
    )


def test_an_approval_commits_each_granted_year_resting_on_the_decision(
    fund: Fund, initiative: Initiative
) -> None:
    decision = _approve(initiative, {2025: Decimal("600000"), 2026: Decimal("400000.50")})
    assert _entries(initiative) == [
        ("commitment", 2025, 600_000_00),
        ("commitment", 2026, 400_000_50),
    ]
    entry = LedgerEntry.objects.filter(initiative=initiative).first()
    assert entry is not None and entry.decision == decision and entry.fund == fund
    assert entry.booked_on == dt.date(2025, 2, 10)


def test_a_smaller_later_grant_releases_the_difference_and_a_repeat_books_nothing(
    fund: Fund, initiative: Initiative
) -> None:
    _approve(initiative, {2025: Decimal("600000"), 2026: Decimal("400000")})
    _approve(initiative, {2025: Decimal("500000")})
    assert _entries(initiative)[2:] == [
        ("release", 2025, 100_000_00),
        ("release", 2026, 400_000_00),
    ]
    actor = member(fund.organization, Role.COORDINATOR)
    assert grants_commit(actor=actor, organization=fund.organization) == 0
    assert len(_entries(initiative)) == 4


def test_a_fund_created_after_the_approval_takes_over_the_grant(
    organization: Organization, coordinator: User, initiative: Initiative
) -> None:
    _approve(initiative, {2025: Decimal("250000")})
    assert _entries(initiative) == []  # no fund yet: nothing to commit from
    fund_create(actor=coordinator, organization=organization, name="Sociala investeringar")
    assert _entries(initiative) == [("commitment", 2025, 250_000_00)]
