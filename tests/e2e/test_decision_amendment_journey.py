"""The acceptance journey of issue 8 item 1 in a real browser: what was decided stays decided.

An applicant applies, the management group clears the idea, the applicant writes the plan with a
calculation (amounts typed the Swedish way), the steering group recommends and the board
approves with a granted amount. Then the applicant cannot change the calculation (no button, a
forged POST answers 403); the approval's PDF is the same file byte for byte before and after;
an amendment is opened, changed and decided again, and both approvals' documents remain in the
initiative's decision history, the first one unchanged."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from sikt.web.calculations.models import Calculation
from sikt.web.demo import seed_demo
from sikt.web.design.demo import seed_design_for
from sikt.web.initiatives.models import Initiative
from sikt.web.reports.models import StoredDocument
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_initiative_journey import (
    _assess_base_criteria,
    _decide,
    _login,
    _no_button,
    _step,
    _write_idea,
    _write_plan,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE = "Familjeteam i Södra Exempelby"
EXTRA_COST = "Extra handledning"


def _open(page: Any, base: str, initiative: Initiative) -> None:
    page.goto(f"{base}/satsningar/{initiative.pk}/")
    expect(page.locator("h1")).to_have_text(TITLE)


def _add_cost(page: Any, base: str, initiative: Initiative, name: str, amount: str) -> None:
    """Add a cost item on the calculation page, the amount as a Swede types it."""
    page.goto(f"{base}/kalkyler/satsning/{initiative.pk}/")
    page.get_by_role("link", name="Lägg till kostnadspost").click()
    page.get_by_label("Kostnadspost").fill(name)
    page.get_by_label("Betalas av").select_option("kommunstyrelsen")
    page.get_by_label("2025", exact=True).fill(amount)
    page.get_by_role("button", name="Spara och räkna").click()
    expect(page.get_by_text("Kostnadsposten sparades.")).to_be_visible()


def _approval_pdf(page: Any, base: str, initiative: Initiative, row: int) -> bytes:
    """Download the PDF of the ``row``-th approval from the decision history."""
    page.goto(f"{base}/satsningar/{initiative.pk}/beslut/")
    expect(page.locator("h1")).to_have_text("Beslut och deras underlag")
    approvals = page.get_by_role("row").filter(has_text="Beviljad av kommunstyrelsen")
    with page.expect_download() as download:
        approvals.nth(row).get_by_role("link", name=re.compile(r"\(PDF\)")).click()
    with open(download.value.path(), "rb") as handle:
        return handle.read()


def test_a_decision_holds_and_an_amendment_is_decided_again(live_server: Any, page: Any) -> None:
    seed_demo()
    base = live_server.url

    # 1. Apply, and the management group clears the idea.
    _login(page, base, "sokande")
    initiative = _write_idea(page, base, TITLE, "Södra Exempelby")
    _step(page, "Skicka in idén")
    _login(page, base, "ledningsgrupp")
    _open(page, base, initiative)
    _decide(page, "Ge klartecken för projektplan", "§ 5")

    # 2. The plan, with amounts typed the Swedish way, and its calculation.
    _login(page, base, "sokande")
    _open(page, base, initiative)
    _step(page, "Börja skriva projektplanen")
    seed_design_for(Initiative.objects.get(pk=initiative.pk))
    _write_plan(page, "2025-01-01", "2027-12-31", "8 300 000", "8 300 000,00")
    page.goto(f"{base}/kalkyler/satsning/{initiative.pk}/")
    page.get_by_role("link", name="Importera kalkylfil eller exempel").click()
    page.get_by_label("Eller utgå från ett räknat exempel").select_option("placeringar-unga")
    page.get_by_role("button", name="Kontrollera och räkna").click()
    expect(page.get_by_text("Kalkylfallet importerades och räknades.")).to_be_visible()
    _add_cost(page, base, initiative, "Utbildning av teamet", "120\u00a0000,50")
    _open(page, base, initiative)
    _step(page, "Skicka in projektplanen")

    # 3. The steering group recommends, the board approves with a granted amount.
    _login(page, base, "styrgrupp")
    _open(page, base, initiative)
    _step(page, "Ta upp för styrgruppsbedömning")
    _assess_base_criteria(page, base, initiative)
    _open(page, base, initiative)
    _decide(page, "Rekommendera", "§ 21")
    _login(page, base, "beslutsfattare")
    _open(page, base, initiative)
    _decide(
        page,
        "Bevilja (beslut i kommunstyrelsen)",
        "§ 140",
        grant={"2025": "2 766 667", "2026": "2 766 667", "2027": "2 766 666"},
    )
    expect(page.locator(".state")).to_contain_text("Beviljad")
    decided_pdf = _approval_pdf(page, base, initiative, 0)
    assert decided_pdf.startswith(b"%PDF")

    # 4. The applicant cannot change the decided calculation: no button, a forged POST is 403.
    _login(page, base, "sokande")
    calculation = Calculation.objects.get(initiative=initiative)
    page.goto(f"{base}/kalkyler/{calculation.pk}/")
    _no_button(page, "Lägg till kostnadspost")
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    forged = page.request.post(
        f"{base}/kalkyler/{calculation.pk}/kostnad/",
        form={"name": "Ny kostnad", "bearer": "kommunstyrelsen", "amounts_2025": "5 000 000"},
        headers={"X-CSRFToken": token, "Referer": f"{base}/kalkyler/{calculation.pk}/"},
    )
    assert forged.status == 403
    assert _approval_pdf(page, base, initiative, 0) == decided_pdf

    # 5. An amendment: opened with a reason, the calculation changed, submitted.
    _open(page, base, initiative)
    _decide(page, "Öppna en ändringsansökan", "", "Fler familjer behöver stödet.")
    expect(page.locator("#amendment-heading")).to_contain_text("Ändringsansökan 1")
    assert_accessible(page)
    _add_cost(page, base, initiative, EXTRA_COST, "450 000")
    _open(page, base, initiative)
    _step(page, "Skicka in ändringsansökan")
    # While it is pending, the decision in force and its document stand.
    assert _approval_pdf(page, base, initiative, 0) == decided_pdf
    page.goto(f"{base}/rapporter/portfolj/")
    expect(page.locator(".pending-amendment")).to_contain_text("Ändringsansökan 1 väntar")

    # 6. Recommended and approved again: a second decision with its own documents.
    _login(page, base, "styrgrupp")
    _open(page, base, initiative)
    _no_button(page, "Bevilja ändringsansökan (beslut i kommunstyrelsen)")
    _decide(page, "Rekommendera ändringsansökan", "§ 33")
    _login(page, base, "beslutsfattare")
    _open(page, base, initiative)
    _decide(
        page,
        "Bevilja ändringsansökan (beslut i kommunstyrelsen)",
        "§ 171",
        grant={"2025": "2 916 667", "2026": "2 916 667", "2027": "2 916 666"},
    )
    expect(page.locator(".state")).to_contain_text("Beviljad")
    assert _approval_pdf(page, base, initiative, 0) == decided_pdf
    amended_pdf = _approval_pdf(page, base, initiative, 1)
    assert amended_pdf.startswith(b"%PDF") and amended_pdf != decided_pdf
    assert_accessible(page)
    approvals = StoredDocument.objects.filter(
        decision__initiative=initiative, decision__outcome="approved", format="pdf"
    )
    assert approvals.count() == 2
