"""An analyst's needs analysis in the browser (issue 12, acceptance): indicator data and a
district GeoJSON uploaded, the comparison, the breakdown, the index map and the association
seen, a flow analysis run on uploaded event data and drawn as a Sankey diagram, the variation
behind an average from uploaded individual measurements, the needs analysis saved and linked
to an initiative — with an accessibility scan of each page."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from sikt.web.demo import DEMO_PASSWORD, seed_demo
from sikt.web.needs.demo import districts_geojson
from sikt.web.needs.models import NeedsAnalysis
from tests.e2e.conftest import assert_accessible
from tests.web.needs.test_flows import guide_example_csv
from tests.web.needs.test_variation import merit_csv

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

VALUES = (
    "indikator;område;områdesnamn;period;kön;antal;värde\n"
    "J_HVB;9999;Exempelby;2023;T;40;12,5\n"
    "J_HVB;9999;Exempelby;2024;T;44;14,0\n"
    "J_HVB;0000;Riket;2023;T;;9,0\n"
    "J_HVB;0000;Riket;2024;T;;9,5\n"
    "J_HVB;9999;Exempelby;2024;K;3;2,0\n"
    "J_HVB;9999;Exempelby;2024;M;41;26,0\n"
)


def _file(name: str, data: bytes, mime: str) -> dict[str, Any]:
    return {"name": name, "mimeType": mime, "buffer": data}


def test_analyst_builds_a_needs_analysis(live_server: Any, page: Any) -> None:
    seed_demo()
    page.goto(f"{live_server.url}/behov/")
    page.get_by_label("Användarnamn").fill("analytiker")
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    expect(page.locator("h1")).to_have_text("Behovsanalyser")
    assert_accessible(page)

    page.get_by_role("link", name="Indikatorer och jämförelser").click()
    page.get_by_label("Indikatorns id").fill("J_HVB")
    page.get_by_label("Titel").fill("Unga i HVB per 1 000")
    page.get_by_label("Riktning").select_option("lower")
    page.get_by_role("button", name="Spara indikatorn").click()
    expect(page.get_by_text("Indikatorn sparades.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Läs in värden (CSV/XLSX)").click()
    page.get_by_label("Fil (CSV eller XLSX)").set_input_files(
        _file("hvb.csv", VALUES.encode(), "text/csv")
    )
    page.get_by_role("button", name="Kontrollera och importera").click()
    expect(page.get_by_text("6 värden av J_HVB")).to_be_visible()

    page.goto(f"{live_server.url}/behov/indikatorer/jamforelse/?indikator=J_HVB")
    expect(page.locator(".chart svg")).to_be_visible()
    expect(page.get_by_text("en skillnad på 4,5 (47,4 %) – sämre")).to_be_visible()
    expect(page.get_by_role("heading", name="Nedbrytning: Kön")).to_be_visible()
    expect(page.get_by_text("dolt").first).to_be_visible()
    assert_accessible(page)

    page.goto(f"{live_server.url}/behov/omraden/")
    page.get_by_label("Områden (GeoJSON)").set_input_files(
        _file("omraden.geojson", districts_geojson(), "application/geo+json")
    )
    page.get_by_role("button", name="Kontrollera och spara").click()
    expect(page.get_by_text("6 områden sparades.")).to_be_visible()
    expect(page.locator(".chart svg")).to_have_count(2)
    expect(page.get_by_text("Pearsons r =")).to_be_visible()
    assert_accessible(page)

    page.goto(f"{live_server.url}/behov/floden/")
    data, _numbers = guide_example_csv()
    page.get_by_label("Datamängdens namn").fill("Placeringar 2022–2024")
    page.get_by_label("Händelsefil (CSV eller XLSX)").set_input_files(
        _file("placeringar.csv", data, "text/csv")
    )
    page.get_by_role("button", name="Kontrollera och spara").click()
    page.get_by_label("Referensdatum").fill("2024-12-31")
    page.get_by_label("År bakåt").fill("3")
    outcome = page.get_by_role("group", name="Utfall")
    expect(outcome.get_by_label("HVB", exact=True)).to_be_checked()
    expect(outcome.get_by_label("SiS", exact=True)).to_be_checked()
    expect(outcome.get_by_label("familjehem", exact=True)).not_to_be_checked()
    page.get_by_role("button", name="Visa", exact=True).click()
    expect(page.get_by_text("Omplaceringar: 200")).to_be_visible()
    sankey = page.locator('svg[aria-label^="Förlopp steg för steg."]')
    expect(sankey).to_be_visible()
    expect(sankey).to_have_attribute("aria-label", re.compile(r"HVB → SiS \d+ personer"))
    with page.expect_download() as download:
        page.get_by_role("link", name="Tabeller (XLSX)").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    assert_accessible(page)
    # Another outcome: only those in SiS now, re-placed into SiS.
    outcome.get_by_label("HVB", exact=True).uncheck()
    page.get_by_role("button", name="Visa", exact=True).click()
    expect(page.get_by_role("heading", name="Omplaceringar i SiS efter väg")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Direkt från SiS till SiS"))).to_be_visible()

    page.goto(f"{live_server.url}/behov/")
    page.get_by_role("link", name="Variation bakom medelvärdena").click()
    merit, _values, _people = merit_csv()
    page.get_by_label("Datamängdens namn").fill("Meritvärden åk 9")
    page.get_by_label("Vad värdet mäter").fill("Meritvärde")
    page.get_by_label("Fil med mätvärden (CSV eller XLSX)").set_input_files(
        _file("merit.csv", merit, "text/csv")
    )
    page.get_by_role("button", name="Kontrollera och spara").click()
    expect(page.get_by_text("värden för 155 personer sparades med pseudonymer")).to_be_visible()
    page.get_by_label("Åldersgrupp").uncheck()
    page.get_by_label("Område").check()
    page.get_by_label("Gränsvärde").fill("180")
    page.get_by_role("button", name="Visa", exact=True).click()
    hidden = page.get_by_role("region", name="Grupper som döljs bakom medelvärdet")
    expect(hidden.locator("li").first).to_contain_text("M × Norr")
    expect(page.get_by_role("columnheader", name="Andel under")).to_be_visible()
    expect(page.get_by_text("för få personer för att visas").first).to_be_visible()
    expect(page.locator(".chart svg")).to_be_visible()
    assert_accessible(page)

    page.goto(f"{live_server.url}/behov/ny/")
    page.get_by_label("Titel").fill("Unga i HVB i Exempelby")
    page.get_by_label("Identifierade behov").fill("Fler unga placeras än i riket.")
    page.get_by_label("Unga i HVB per 1 000 (J_HVB)").check()
    page.get_by_label("Läsglädje i förskoleklass").check()
    page.get_by_label("Kommunicerad till beslutsfattare").check()
    assert_accessible(page)
    page.get_by_role("button", name="Spara", exact=True).click()
    expect(page.locator("h1")).to_have_text("Unga i HVB i Exempelby")
    expect(page.get_by_role("link", name="Läsglädje i förskoleklass")).to_be_visible()
    assert_accessible(page)
    analysis = NeedsAnalysis.objects.get(title="Unga i HVB i Exempelby")
    assert analysis.indicator_ids == ["J_HVB"]
    assert [i.title for i in analysis.initiatives.all()] == ["Läsglädje i förskoleklass"]
