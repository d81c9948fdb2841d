"""A coordination association publishes a model; a municipality's coordinator adopts it, is
told of the next version and adopts that too; the knowledge bank shows the summary of an
organisation that chose to share and nothing of one that did not."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from sikt.web.accounts.models import Organization, Role
from sikt.web.sharing import services
from sikt.web.unitcosts.models import UnitCostEntry
from tests.e2e.conftest import assert_accessible
from tests.web.factories import (
    PASSWORD,
    make_finished_evaluation,
    make_organization,
    make_unit_cost,
    make_user,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _login(browser: Any, url: str, username: str) -> Any:
    page = browser.new_context(locale="sv-SE").new_page()
    page.set_default_timeout(60_000)
    page.goto(f"{url}/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    return page


def _publish(page: Any, *, sources: str, changes: str = "") -> None:
    page.get_by_label("Källor").fill(sources)
    if changes:
        page.get_by_label("Vad som är nytt").fill(changes)
    page.get_by_role("button", name="Publicera").click()


def test_publish_adopt_newer_version_and_search_the_knowledge_bank(
    live_server: Any, browser: Any
) -> None:
    association = make_organization(
        "Samordningsförbundet Provdalen", kind=Organization.Kind.COORDINATION_ASSOCIATION
    )
    make_user(association, Role.COORDINATOR, username="fia")
    make_unit_cost(association, key="ek_bistand", name_sv="Ekonomiskt bistånd", amount_sek="75045")
    make_unit_cost(association, key="sjukersattning", name_sv="Sjukersättning", amount_sek="21230")
    town = make_organization("Provby kommun")
    make_user(town, Role.COORDINATOR, username="sara")
    sharing_town = make_organization("Delande kommun")
    make_finished_evaluation(sharing_town, "Delad satsning")
    services.sharing_setting_save(
        actor=make_user(sharing_town, Role.COORDINATOR),
        organization=sharing_town,
        share_summaries=True,
    )
    make_finished_evaluation(make_organization("Tyst kommun"), "Ej delad satsning")

    # The association publishes version 1 with one unit cost.
    fia = _login(browser, live_server.url, "fia")
    fia.get_by_role("link", name="Delade modeller").first.click()
    expect(fia.locator("h1")).to_have_text("Delade modeller")
    assert_accessible(fia)
    fia.get_by_role("link", name="Publicera en ny modell").click()
    fia.get_by_label("Titel").fill("Jobbspår")
    fia.get_by_label("Beskrivning").fill("Förbundets gemensamma modell")
    fia.get_by_role("button", name="Fortsätt").click()
    fia.get_by_label("Ekonomiskt bistånd", exact=False).check()
    assert_accessible(fia)
    _publish(fia, sources="Socialstyrelsen 2024")
    expect(fia.get_by_text("Version 1 är publicerad")).to_be_visible()

    # The town's coordinator adopts it: the unit cost lands in the town's own library.
    sara = _login(browser, live_server.url, "sara")
    sara.get_by_role("link", name="Delade modeller").first.click()
    sara.get_by_role("link", name="Jobbspår").click()
    expect(sara.get_by_text("Samordningsförbundet Provdalen").first).to_be_visible()
    sara.get_by_role("link", name="Version 1").click()
    assert_accessible(sara)
    sara.get_by_role("button", name="Anta version 1").click()
    expect(sara.get_by_text("Version 1 av ”Jobbspår” är antagen")).to_be_visible()
    expect(sara.get_by_text("Socialstyrelsen 2024")).to_be_visible()
    assert_accessible(sara)
    assert UnitCostEntry.objects.filter(organization=town, key="ek_bistand").exists()

    # The association publishes version 2 with a second unit cost.
    fia.get_by_role("link", name="Publicera en ny version").click()
    fia.get_by_label("Sjukersättning", exact=False).check()
    _publish(fia, sources="Socialstyrelsen 2024; Försäkringskassan 2023", changes="Sjukersättning")
    expect(fia.get_by_text("Version 2 är publicerad")).to_be_visible()

    # The town is told, sees the notice, and adopts version 2 by choice.
    sara.goto(f"{live_server.url}/")
    expect(sara.locator(".badge-unread")).to_be_visible()
    sara.get_by_role("link", name="Inkorg").click()
    sara.get_by_role("link", name="Samordningsförbundet Provdalen har publicerat version 2").click()
    expect(sara.get_by_text("Er organisation använder version 1.")).to_be_visible()
    assert not UnitCostEntry.objects.filter(organization=town, key="sjukersattning").exists()
    sara.get_by_role("link", name="Se version 2 och anta den").click()
    sara.get_by_role("button", name="Anta version 2").click()
    expect(sara.get_by_text("Version 2 av ”Jobbspår” är antagen")).to_be_visible()
    assert UnitCostEntry.objects.filter(organization=town, key="sjukersattning").exists()
    sara.get_by_role("link", name="Antagna av oss").click()
    expect(sara.get_by_role("row")).to_have_count(3)  # header + versions 1 and 2

    # The knowledge bank: the sharing town's summary, nothing of the silent one.
    sara.get_by_role("link", name="Kunskapsbank").click()
    expect(sara.get_by_text("Delad satsning")).to_be_visible()
    expect(sara.get_by_text("Ej delad satsning")).to_have_count(0)
    expect(sara.get_by_text("Tyst kommun")).to_have_count(0)
    assert_accessible(sara)
    sara.get_by_label("Utfall").fill("finns inte")
    sara.get_by_role("button", name="Sök").click()
    expect(sara.get_by_text("Ingen delad utvärdering matchar.")).to_be_visible()
