"""Workflow pages in a real browser: the applicant submits an idea, the management group clears
it with a decision record, the coordinator sees the queue, the rule set and the versions; every
page passes the accessibility scan."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from sikt.web.demo import DEMO_PASSWORD, seed_demo
from tests.e2e.conftest import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

IDEA = "Läsglädje i förskoleklass"


def _login(page: Any, url: str, username: str) -> None:
    page.goto(f"{url}/konto/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in").click()


def _logout(page: Any) -> None:
    page.get_by_role("button", name="Logga ut").click()


def test_idea_submitted_cleared_and_seen_in_queue_and_versions(live_server: Any, page: Any) -> None:
    seed_demo()
    url = live_server.url
    _login(page, url, "sokande")
    nav = page.get_by_role("navigation", name="Huvudnavigering")
    nav.get_by_role("link", name="Satsningar").click()
    expect(page.locator("h1")).to_have_text("Satsningar")
    assert_accessible(page)
    page.get_by_role("link", name=IDEA).click()
    expect(page.get_by_text("Klart:", exact=False).first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Skicka in idén").click()
    expect(page.get_by_text("Statusen är nu ”Idé inskickad”")).to_be_visible()
    assert page.get_by_role("button", name="Ge klartecken för projektplan").count() == 0
    _logout(page)

    _login(page, url, "ledningsgrupp")
    page.goto(f"{url}/satsningar/")
    page.get_by_role("link", name=IDEA).click()
    page.get_by_role("link", name="Ge klartecken för projektplan").click()
    assert_accessible(page)
    page.get_by_label("Protokollsparagraf").fill("§ 31")
    page.get_by_label("Diarienummer").fill("AMN-2026-0042")
    page.get_by_role("button", name="Ge klartecken för projektplan").click()
    expect(page.get_by_text("Idé godkänd för projektplan").first).to_be_visible()
    expect(page.get_by_role("cell", name="AMN-2026-0042")).to_be_visible()
    assert_accessible(page)
    _logout(page)

    _login(page, url, "samordnare")
    page.goto(f"{url}/satsningar/ko/")
    expect(page.get_by_role("link", name="Jobbcoacher för unga vuxna")).to_be_visible()
    assert_accessible(page)
    page.goto(f"{url}/satsningar/regelverk/")
    expect(page.get_by_label("Grundkriterier")).to_contain_text("Uppfyller kommunens syfte")
    assert_accessible(page)
    page.goto(f"{url}/satsningar/")
    page.get_by_role("link", name=IDEA).click()
    page.get_by_role("link", name="Inskickade versioner").click()
    expect(page.get_by_role("cell", name="1", exact=True)).to_be_visible()
    assert_accessible(page)
