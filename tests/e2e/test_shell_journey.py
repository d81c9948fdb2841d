"""A new user's first visit: log in, switch language, visit every area, log out."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from sikt.web.demo import DEMO_PASSWORD, seed_demo
from sikt.web.shell.areas import AREAS
from tests.e2e.conftest import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_login_language_every_area_logout(live_server: Any, page: Any) -> None:
    seed_demo()
    page.goto(f"{live_server.url}/")
    assert page.locator("h1").inner_text() == "Logga in i Sikt"
    assert_accessible(page)

    page.get_by_label("Användarnamn").fill("samordnare")
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    assert page.locator("h1").inner_text() == "Exempelby kommun"
    assert page.get_by_text("Fiktiv demoorganisation", exact=True).is_visible()
    assert_accessible(page)

    page.get_by_label("Språk").select_option("en")
    page.get_by_role("button", name="Change language").or_(
        page.get_by_role("button", name="Byt språk")
    ).click()
    nav = page.get_by_role("navigation", name="Main navigation")
    assert nav.get_by_role("link", name="Initiatives").is_visible()

    page.get_by_label("Language").select_option("sv")
    page.get_by_role("button", name="Change language").click()
    nav = page.get_by_role("navigation", name="Huvudnavigering")
    for area in AREAS:
        with page.expect_navigation():
            nav.get_by_role("link", name=str(area.title)).click()
        assert page.locator("h1").is_visible()
        assert_accessible(page)

    page.get_by_role("link", name="Exempelby kommun").click()
    page.get_by_role("button", name="Visa ändringshistorik").click()
    expect(page.get_by_role("table").filter(has_text="Ändringshistorik")).to_be_visible()
    assert_accessible(page)

    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"

    page.get_by_role("button", name="Logga ut").click()
    assert page.locator("h1").inner_text() == "Logga in i Sikt"
    page.goto(f"{live_server.url}/organisation/")
    assert page.locator("h1").inner_text() == "Logga in i Sikt"
