"""``sikt funds audit`` proves the ledger reconciles to the öre and names every break."""

from __future__ import annotations

import datetime as dt

import pytest

from sikt.cli import main
from sikt.web.accounts.models import User
from sikt.web.funds.models import Fund, LedgerEntry
from sikt.web.funds.services import ledger as services
from sikt.web.initiatives.models import Initiative
from tests.web.funds.conftest import make_decision

pytestmark = pytest.mark.django_db


@pytest.fixture
def booked(fund: Fund, coordinator: User, initiative: Initiative) -> Fund:
    services.allocation_book(actor=coordinator, fund=fund, amount_ore=10_000_000_00, year=2025)
    services.book(
        actor=coordinator,
        fund=fund,
        kind=services.Kind.COMMITMENT,
        amount_ore=2_000_000_00,
        year=2025,
        initiative=initiative,
        decision=make_decision(initiative),
    )
    services.book(
        actor=coordinator,
        fund=fund,
        kind=services.Kind.PAYOUT,
        amount_ore=500_000_50,
        year=2025,
        initiative=initiative,
    )
    wrong = services.allocation_book(actor=coordinator, fund=fund, amount_ore=1_00, year=2025)
    services.correction_book(actor=coordinator, target=wrong, note="Fel")
    return fund


def test_a_sound_ledger_reconciles(booked: Fund, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["funds", "audit"]) == 0
    out = capsys.readouterr().out
    assert "5 entries, reconciled to the öre" in out
    assert "allocated 10 000 000,00 kr" in out
    assert "paid 500 000,50 kr" in out
    assert "available 8 000 000,00 kr" in out
    assert "BREAK" not in out


def test_an_entry_that_bypassed_the_rules_is_a_break(
    booked: Fund, coordinator: User, initiative: Initiative, capsys: pytest.CaptureFixture[str]
) -> None:
    rogue = LedgerEntry.objects.create(
        fund=booked,
        kind="payout",
        amount_ore=9_000_000_00,
        year=2025,
        booked_year=2025,
        period="delar1",
        booked_on=dt.date(2025, 3, 1),
        initiative=initiative,
        actor=coordinator,
    )
    assert main(["funds", "audit", "--org", booked.organization.name]) == 1
    out = capsys.readouterr().out
    assert f"entry #{rogue.pk} (payout) breaks the rules: above_commitment" in out
    assert "1 ledger entries have no audit record" in out


def test_a_correction_counted_against_the_wrong_kind_is_a_break(
    booked: Fund, coordinator: User, capsys: pytest.CaptureFixture[str]
) -> None:
    target = LedgerEntry.objects.filter(kind="allocation").first()
    assert target is not None
    LedgerEntry.objects.create(
        fund=booked,
        kind="correction",
        corrected_kind="repayment",
        reverses=target,
        amount_ore=target.amount_ore,
        year=2025,
        booked_year=2025,
        period="delar1",
        booked_on=dt.date(2025, 3, 1),
        actor=coordinator,
    )
    assert main(["funds", "audit"]) == 1
    out = capsys.readouterr().out
    assert "the database sums to" in out
    assert "target_already_reversed" not in out


def test_unknown_organisation_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["funds", "audit", "--org", "Finns inte"]) == 2
    assert "no organisation" in capsys.readouterr().err
