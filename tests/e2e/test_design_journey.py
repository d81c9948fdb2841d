"""An applicant builds a logic model with an indicator and a risk in the browser (HTMX editing),
with an accessibility scan of each page."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from sikt.web.audit import services as audit
from sikt.web.demo import DEMO_PASSWORD, seed_demo
from sikt.web.design.models import Indicator, Risk
from sikt.web.initiatives.models import Initiative
from tests.e2e.conftest import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_build_a_logic_model_with_an_indicator_and_a_risk(live_server: Any, page: Any) -> None:
    organization = seed_demo()
    applicant = organization.memberships.get(role="applicant").user
    initiative = audit.create(
        applicant,
        Initiative(
            organization=organization, title="Läsfrämjande i förskoleklass", created_by=applicant
        ),
    )
    page.goto(f"{live_server.url}/satsningar/utformning/")
    page.get_by_label("Användarnamn").fill("sokande")
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    assert page.locator("h1").inner_text() == "Utformning av satsningar"
    assert_accessible(page)

    page.get_by_role("link", name="Läsfrämjande i förskoleklass").click()
    expect(page.get_by_role("heading", name="Krävs innan projektplanen skickas in")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("navigation", name="Satsningens utformning").get_by_role(
        "link", name="Logikmodell"
    ).click()
    assert_accessible(page)

    page.get_by_role("link", name="Lägg till ett kortsiktigt resultat").click()
    page.get_by_label("Beskrivning").fill("Bättre läsförmåga i förskoleklass")
    page.get_by_role("button", name="Spara").click()
    chain = page.locator("ol.chain")
    expect(chain).to_contain_text("Bättre läsförmåga i förskoleklass")
    assert_accessible(page)

    page.get_by_role("link", name="Lägg till indikator").click()
    page.get_by_label(re.compile(r"^Indikator\b")).fill("Andel barn under gränsvärdet")
    page.get_by_label(re.compile(r"^Enhet")).fill("%")
    page.get_by_label("Utgångsvärde", exact=True).fill("24")
    page.get_by_label("Datum för utgångsvärde").fill("2026-08-31")
    page.get_by_label("Målvärde").fill("24")
    page.get_by_label("Frekvens").select_option("start_end")
    page.get_by_label("Datakälla").fill("Screeningresultat")
    page.get_by_label("Kön").check()
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Målvärdet är lika med utgångsvärdet")).to_be_visible()
    assert not Indicator.objects.filter(element__initiative=initiative).exists()
    assert_accessible(page)
    page.get_by_label("Målvärde").fill("15,5")
    page.get_by_label("Riktning").select_option("lower")
    page.get_by_role("button", name="Spara").click()
    expect(chain).to_contain_text("Andel barn under gränsvärdet")
    expect(chain).to_contain_text("24 → 15,5")
    assert Indicator.objects.get(element__initiative=initiative).disaggregations == ["sex"]
    assert_accessible(page)

    page.get_by_role("navigation", name="Satsningens utformning").get_by_role(
        "link", name="Risker"
    ).click()
    page.get_by_role("link", name="Lägg till en risk").click()
    page.get_by_label("Riskbeskrivning").fill("Personalen hinner inte screena alla barn")
    page.get_by_label("Sannolikhet").select_option("2")
    page.get_by_label("Påverkan").select_option("3")
    page.get_by_label("Åtgärd").fill("Boka screeningen i god tid")
    page.get_by_label("Ansvarig").fill("Rektor")
    page.get_by_role("button", name="Spara").click()
    matrix = page.locator("table.risk-matrix")
    expect(matrix).to_contain_text("Nr 1")
    expect(page.locator("#risks")).to_contain_text("Hög prioritet")
    assert Risk.objects.get(initiative=initiative).number == 1
    assert_accessible(page)

    nav = page.get_by_role("navigation", name="Satsningens utformning")
    nav.get_by_role("link", name="Utvärderingsdesign").click()
    assert_accessible(page)
    page.get_by_role("link", name="Välj jämförelsealternativ").click()
    expect(page.get_by_text("Före–efter är det svagaste")).to_be_visible()
    page.get_by_label(re.compile(r"^Jämförelsealternativ")).select_option("parallel_group")
    page.get_by_label(re.compile(r"^Motivering")).fill("Två liknande skolor fortsätter som vanligt")
    page.get_by_label(re.compile(r"^Plan för nollmätning")).fill("Screening av alla barn i augusti")
    assert_accessible(page)
    page.get_by_role("button", name="Spara").click()
    expect(page.locator("h1")).to_contain_text("Utvärderingsdesign")
    expect(page.get_by_text("Parallell jämförbar grupp")).to_be_visible()
    page.get_by_role("link", name="Lägg till ett framgångskriterium").click()
    page.get_by_label(re.compile(r"^Minsta effekt")).fill("5")
    page.get_by_role("button", name="Spara").click()
    expect(page.locator("#success-criteria")).to_contain_text("Andel barn under gränsvärdet")
    assert_accessible(page)

    nav.get_by_role("link", name="Målgrupp").click()
    assert_accessible(page)
