"""The fund in a real browser (issue 9): the project leader reports delår-1 costs → the economist
approves → the fund's overview and the initiative's money page show the payout → the repayment
list for the budget process downloads as Excel whose totals equal the ledger. Every page passes
the accessibility scan."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest
from django.db.models import Sum
from playwright.sync_api import expect

from sikt.web.accounts.models import User
from sikt.web.demo import DEMO_PASSWORD, seed_demo
from sikt.web.funds.models import BudgetAdoption, CostReport, LedgerEntry
from sikt.web.funds.money import kr
from sikt.web.funds.services import repayments
from sikt.web.initiatives.models import Initiative
from sikt.web.initiatives.selectors import current_grant
from tests.e2e.conftest import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

INITIATIVE = "Elevhälsa i samverkan"
SPACES = str.maketrans({"\u00a0": " ", "\u202f": " "})


def _login(page: Any, url: str, username: str) -> None:
    page.goto(f"{url}/konto/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in").click()


def _logout(page: Any) -> None:
    page.get_by_role("button", name="Logga ut").click()


def _text(page: Any) -> str:
    return str(page.locator("main").inner_text()).translate(SPACES)


def _net(kind: str, **filters: Any) -> int:
    """The ledger's figure for ``kind``: its entries less the corrections that reverse them."""
    entries = LedgerEntry.objects.filter(**filters)
    booked = entries.filter(kind=kind).aggregate(t=Sum("amount_ore"))["t"] or 0
    reversed_ = entries.filter(kind="correction", corrected_kind=kind).aggregate(
        t=Sum("amount_ore")
    )["t"]
    return int(booked - (reversed_ or 0))


def test_costs_reported_approved_paid_and_repayments_exported(live_server: Any, page: Any) -> None:
    seed_demo()
    url = live_server.url
    initiative = Initiative.objects.get(title=INITIATIVE)
    grant = current_grant(initiative)
    assert grant is not None
    year = min(
        row.year
        for row in grant.years.all()
        if not CostReport.objects.filter(initiative=initiative, year=row.year, period="delar1")
    )

    # The project leader reports the delår-1 costs of her initiative.
    _login(page, url, "projektledare")
    nav = page.get_by_role("navigation", name="Huvudnavigering")
    nav.get_by_role("link", name="Fond").click()
    page.get_by_role("link", name="Satsningarnas pengar").click()
    assert_accessible(page)
    page.get_by_role("link", name=INITIATIVE).click()
    assert_accessible(page)
    page.get_by_role("textbox", name="År", exact=True).fill(str(year))
    page.get_by_label("Period").select_option(label="Delår 1")
    page.get_by_role("button", name="Redovisa kostnader").click()
    expect(page.locator("h1")).to_contain_text(f"{year}, Delår 1")
    page.get_by_label("Faktisk kostnad (kr) 1").fill("185 000")
    page.get_by_role("button", name="Spara utkast").click()
    assert_accessible(page)
    page.get_by_role("button", name="Skicka för godkännande").click()
    expect(page.get_by_text("Väntar på godkännande").first).to_be_visible()
    _logout(page)

    # The economist approves; the fund pays out exactly the reported costs.
    _login(page, url, "ekonom")
    page.goto(f"{url}/fond/att-godkanna/")
    assert_accessible(page)
    report = CostReport.objects.get(initiative=initiative, year=year, period="delar1")
    page.locator(f"a[href='/fond/redovisningar/{report.pk}/']").click()
    expect(page.locator("h1")).to_contain_text(f"{year}, Delår 1")
    assert_accessible(page)
    page.get_by_role("button", name="Godkänn och betala ut").click()
    expect(page.get_by_text("Godkänd och utbetald").first).to_be_visible()
    payout = LedgerEntry.objects.get(cost_report=report, kind="payout")
    assert payout.amount_ore == 185_000_00 and payout.actor.username == "ekonom"

    # The fund's overview shows the year's payouts including this one …
    page.goto(f"{url}/fond/")
    assert_accessible(page)
    paid = _net("payout", fund=payout.fund, year=year)
    assert kr(paid).translate(SPACES) in _text(page)
    # … and the initiative's money page lists the payout resting on the report.
    page.goto(f"{url}/fond/satsningar/{initiative.pk}/")
    assert f"#{payout.pk}" in _text(page)
    assert kr(185_000_00).translate(SPACES) in _text(page)
    _logout(page)

    # The repayment list for the budget process: the Excel totals equal the ledger.
    _login(page, url, "samordnare")
    # The budget for the year after the demo's is adopted now, when every decided plan exists
    # (the demo's own adoption predates the follow-up demo's initiatives).
    demo_adoption = BudgetAdoption.objects.get(fund__organization=initiative.organization)
    adoption = repayments.budget_adopt(
        actor=User.objects.get(username="samordnare"),
        organization=initiative.organization,
        year=demo_adoption.year + 1,
        adopted_on=demo_adoption.adopted_on,
    )
    page.goto(f"{url}/fond/aterforing/?ar={adoption.year}")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ner till budgetprocessen (Excel)").click()
    workbook = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes()))
    rows = list(workbook.worksheets[0].iter_rows(min_row=2, values_only=True))
    *lines, total = rows
    assert total[0] == "Totalt"
    repaid = _net("repayment", fund__organization=initiative.organization, year=adoption.year)
    assert repaid > 0
    assert round(sum(line[3] for line in lines) * 100) == repaid
    assert round(total[3] * 100) == repaid
    assert round(sum(line[6] for line in lines) * 100) == repaid
    per_committee = list(workbook.worksheets[1].iter_rows(min_row=2, values_only=True))
    assert round(sum(row[1] for row in per_committee) * 100) == repaid
