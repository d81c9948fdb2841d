"""An applicant starts a calculation from a worked example, runs a long Monte Carlo in the
background and reads the net present value and the repayment plan; an economist library page."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from sikt.web.accounts.models import User
from sikt.web.audit import services as audit
from sikt.web.demo import DEMO_PASSWORD, seed_demo
from sikt.web.initiatives.models import Initiative
from tests.e2e.conftest import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

#: A thousands separator as Sikt writes it (no-break or thin space) or a plain one.
SPACE = "[\\s\u00a0\u202f]"


def test_import_example_run_and_read_results(live_server: Any, page: Any, settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    organization = seed_demo()
    applicant = User.objects.get(username="sokande")
    initiative = audit.create(
        applicant,
        Initiative(organization=organization, title="Intensivt familjestöd", created_by=applicant),
    )
    page.goto(f"{live_server.url}/")
    page.get_by_label("Användarnamn").fill("sokande")
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in").click()

    page.goto(f"{live_server.url}/enhetskostnader/")
    expect(page.locator("h1")).to_have_text("Enhetskostnader")
    assert_accessible(page)

    page.goto(f"{live_server.url}/kalkyler/satsning/{initiative.pk}/")
    assert_accessible(page)
    page.get_by_role("link", name="Importera kalkylfil eller exempel").click()
    page.get_by_label("Eller utgå från ett räknat exempel").select_option("placeringar-unga")
    page.get_by_role("button", name="Kontrollera och räkna").click()
    expect(page.get_by_text("Kalkylfallet importerades och räknades.")).to_be_visible()
    expect(page.get_by_role("heading", name="Föreslagen återföringsplan")).to_be_visible()
    plan = page.get_by_role("table", name="Återföring till fonden per nämnd och år (kr)")
    expect(plan.get_by_role("rowheader", name="Socialnämnden")).to_be_visible()
    expect(page.get_by_text("Nettonuvärde, organisationen")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Antal dragningar").select_option("100000")
    page.get_by_role("button", name="Kör i bakgrunden").click()
    expect(
        page.get_by_text(
            re.compile(r"Monte Carlo-simulering med 100[\s\u00a0\u202f]000 dragningar")
        )
    ).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="klar")).to_be_visible()
    expect(page.get_by_text(re.compile(rf"Monte Carlo, 100{SPACE}000 dragningar"))).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Lägg till kostnadspost").click()
    page.get_by_label("Kostnadspost").fill("Utbildning")
    page.get_by_role("group", name="Belopp per år (kr)").get_by_role("textbox").first.fill("-100")
    page.get_by_role("button", name="Spara och räkna").click()
    expect(page.get_by_text("Beloppen får inte vara negativa.")).to_be_visible()
    assert_accessible(page)
