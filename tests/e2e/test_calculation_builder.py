"""A coordinator builds a calculation for an initiative from scratch with the forms only —
costs over calendar years, an outcome valued with two lines (one a composite cost split 67/33
with the running sum at 100 %) — sees the net present value per bearer change while typing,
saves, and reads the same results as the same case imported as a file. Then she edits the
outcome's second valuation line and adds a type case (*typfall*) with the typical person's
service use without and with the initiative."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import expect

from sikt.web.accounts.models import Committee, User
from sikt.web.audit import services as audit
from sikt.web.demo import DEMO_PASSWORD, seed_demo
from sikt.web.initiatives.models import Initiative
from tests.e2e.conftest import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HVB = "hvb_cura_institutionsvard_2025"
SIS = "sis_ungdomshem_dygnskostnad_2022"

#: The case the coordinator types, as a file (the import must give the same numbers).
CASE = {
    "schema_version": 1,
    "key": "kalkyl",
    "name": "Familjeteam",
    "base_year": 2027,
    "horizon_years": 5,
    "price_year": 2025,
    "bearers": [
        {"key": "socialnamnden", "name": "Socialnämnden", "kind": "committee"},
        {"key": "staten", "name": "Staten", "kind": "state"},
    ],
    "costs": [{"name": "Team", "bearer": "socialnamnden", "amounts": [1_200_000, 1_250_000]}],
    "outcomes": [
        {
            "key": "undvikna_placeringar",
            "name": "Undvikna placeringar",
            "effect": 2,
            "effect_kind": "count",
            "direction": "avoided",
            "duration_years": 1,
            "confidence": "B",
            "valuation": [
                {"unit_cost": HVB, "quantity": 120, "bearer": "socialnamnden"},
                {
                    "unit_cost": SIS,
                    "quantity": 30,
                    "shares": {"socialnamnden": 0.67, "staten": 0.33},
                },
            ],
        }
    ],
}


def _initiative(title: str, coordinator: User) -> Initiative:
    initiative = audit.create(
        coordinator,
        Initiative(
            organization=coordinator.memberships.get().organization,
            title=title,
            created_by=coordinator,
            start_date=datetime.date(2027, 1, 1),
            end_date=datetime.date(2028, 12, 31),
            price_year=2025,
        ),
    )
    initiative.result_committees.add(
        Committee.objects.get(organization=initiative.organization, name="Socialnämnden")
    )
    return initiative


def _npv_rows(page: Any) -> dict[str, str]:
    table = page.get_by_role("table", name=re.compile("Resultat per nämnd"))
    rows = {}
    for row in table.locator("tbody tr").all():
        name = row.locator("th").inner_text().strip()
        rows[name] = row.locator("td").nth(2).inner_text().strip()
    return rows


def test_coordinator_builds_a_calculation_with_forms_only(
    live_server: Any, page: Any, settings: Any, tmp_path: Path
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    seed_demo()
    coordinator = User.objects.get(username="samordnare")
    built = _initiative("Familjeteam", coordinator)
    imported = _initiative("Familjeteam (fil)", coordinator)
    page.goto(f"{live_server.url}/")
    page.get_by_label("Användarnamn").fill("samordnare")
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in").click()

    # General settings: the plan's first year and the idea's committee are filled in.
    page.goto(f"{live_server.url}/kalkyler/satsning/{built.pk}/")
    page.get_by_role("link", name="Starta en ny kalkyl").click()
    expect(page.get_by_label("Basår")).to_have_value("2027")
    expect(page.get_by_label("Prisår")).to_have_value("2025")
    expect(page.get_by_role("checkbox", name="Socialnämnden")).to_be_checked()
    page.get_by_label("Kalkylperiod (år)").fill("5")
    page.get_by_role("checkbox", name="Staten").check()
    assert_accessible(page)
    page.get_by_role("button", name="Spara och räkna").click()
    expect(page.get_by_text("Kalkylen skapades.")).to_be_visible()

    # A cost over calendar years, in Swedish number format.
    page.get_by_role("link", name="Lägg till kostnadspost").click()
    page.get_by_label("Kostnadspost").fill("Team")
    page.get_by_label("Betalas av").select_option("socialnamnden")
    page.get_by_label("2027").fill("1 200 000")
    page.get_by_label("2028").fill("1 250 000")
    preview = page.locator("#preview")
    expect(preview.get_by_role("rowheader", name="Socialnämnden")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Spara och räkna").click()
    expect(page.get_by_text("Kostnadsposten sparades.")).to_be_visible()

    # An outcome with two valuation lines, the second a composite cost split 67/33.
    page.get_by_role("link", name="Lägg till utfall").click()
    page.get_by_role("textbox", name="Utfall", exact=True).fill("Undvikna placeringar")
    page.get_by_label("Typ av effekt").select_option("count")
    page.get_by_label("Effekt: värde, troligaste värde eller medelvärde").fill("2")
    first = page.get_by_role("group", name="Värderingsrad 1")
    first.get_by_label("Enhetskostnad").select_option(HVB)
    first.get_by_label("Enheter per påverkad person eller händelse").fill("120")
    first.get_by_label("Socialnämnden").fill("100")
    row = preview.get_by_role("row", name=re.compile("^Socialnämnden"))
    expect(row).to_be_visible()
    one_line = row.locator("td").nth(1).inner_text()
    second = page.get_by_role("group", name="Värderingsrad 2")
    second.get_by_label("Enhetskostnad").select_option(SIS)
    second.get_by_label("Enheter per påverkad person eller händelse").fill("30")
    second.get_by_label("Socialnämnden").fill("67")
    expect(second.locator("output")).to_have_text(re.compile(r"^67\s%$"))
    second.get_by_label("Staten").fill("33")
    expect(second.locator("output")).to_have_text(re.compile(r"^100\s%$"))
    expect(row.locator("td").nth(1)).not_to_have_text(one_line)  # the NPV followed the typing
    assert_accessible(page)
    page.get_by_role("button", name="Spara och räkna").click()
    expect(page.get_by_text("Utfallet sparades.")).to_be_visible()
    built_rows = _npv_rows(page)
    assert "Socialnämnden" in built_rows and "Staten" in built_rows

    # The same case as a file gives the same numbers.
    path = tmp_path / "familjeteam.yaml"
    path.write_text(yaml.safe_dump(CASE, allow_unicode=True), encoding="utf-8")
    page.goto(f"{live_server.url}/kalkyler/satsning/{imported.pk}/importera/")
    page.get_by_label("Kalkylfil (YAML eller JSON)").set_input_files(str(path))
    page.get_by_role("button", name="Kontrollera och räkna").click()
    expect(page.get_by_text("Kalkylfallet importerades och räknades.")).to_be_visible()
    assert _npv_rows(page) == built_rows

    # Back in the built calculation: the second valuation line is edited on its own.
    page.goto(f"{live_server.url}/kalkyler/satsning/{built.pk}/")
    page.get_by_role("link", name="Ändra Undvikna placeringar").click()
    second = page.get_by_role("group", name="Värderingsrad 2")
    expect(second.get_by_label("Enhetskostnad")).to_have_value(SIS)
    expect(second.locator("output")).to_have_text(re.compile(r"^100\s%$"))
    second.get_by_label("Enheter per påverkad person eller händelse").fill("40")
    page.get_by_role("button", name="Spara och räkna").click()
    expect(page.get_by_text("Utfallet sparades.")).to_be_visible()
    outcomes = page.get_by_role("table", name="Utfall värderade med enhetskostnader")
    expect(outcomes).to_contain_text("120 per händelse")  # the first line is kept
    expect(outcomes).to_contain_text("40 per händelse")
    edited_rows = _npv_rows(page)
    assert edited_rows["Socialnämnden"] != built_rows["Socialnämnden"]

    # A type case: one typical young person's care days without and with the initiative.
    page.get_by_role("link", name="Lägg till typfall").click()
    page.get_by_role("textbox", name="Typfall", exact=True).fill("Ungdom som slipper HVB")
    page.get_by_label("Tillförlitlighetsgrad").select_option("C")
    page.get_by_role("textbox", name="2027").fill("4")
    line = page.get_by_role("group", name="Rad 1")
    line.get_by_label("Enhetskostnad").select_option(HVB)
    line.get_by_label("Utan insatsen, år 1").fill("200")
    line.get_by_label("Utan insatsen, år 2").fill("100")
    line.get_by_label("Med insatsen, år 1").fill("20")
    line.get_by_label("Socialnämnden").fill("100")
    expect(line.locator("output")).to_have_text(re.compile(r"^100\s%$"))
    row = page.locator("#preview").get_by_role("row", name=re.compile("^Socialnämnden"))
    expect(row).to_have_class("changed")  # the NPV as typed differs from the saved one
    expect(row.locator("td").nth(0)).to_have_text(edited_rows["Socialnämnden"])
    assert_accessible(page)
    page.get_by_role("button", name="Spara och räkna").click()
    expect(page.get_by_text("Typfallet sparades.")).to_be_visible()
    type_cases = page.get_by_role("table", name=re.compile("^Typfall"))
    expect(type_cases).to_contain_text("Ungdom som slipper HVB")
    expect(type_cases).to_contain_text("utan 200; 100, med 20; 0 – Socialnämnden 100")
    assert _npv_rows(page)["Socialnämnden"] != edited_rows["Socialnämnden"]
