"""The acceptance journey of issue 4 in a real browser: an applicant writes an idea, the
management group clears it, the applicant completes the plan (logic model with an indicator, a
calculation from a worked example, the other plan parts), the steering group returns it once and
then recommends it, the board approves it, and the decision material downloaded as PDF and DOCX
contains the numbers shown on screen. Users without the role never see a step's button."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from sikt.web.demo import DEMO_PASSWORD, seed_demo
from sikt.web.design.demo import seed_design_for
from sikt.web.initiatives.models import Initiative
from tests.e2e.conftest import assert_accessible
from tests.web.reports.conftest import docx_text, pdf_text, plain

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE = "Familjestöd i Norra Exempelby"


def _login(page: Any, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/konto/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in").click()


def _open(page: Any, base: str, initiative: Initiative) -> None:
    page.goto(f"{base}/satsningar/{initiative.pk}/")
    expect(page.locator("h1")).to_have_text(TITLE)


def _step(page: Any, name: str) -> None:
    """Take a step without a form (a button on the initiative's page)."""
    page.get_by_role("button", name=name, exact=True).click()
    expect(page.locator(".messages")).to_be_visible()


def _decide(
    page: Any, name: str, paragraph: str, reason: str = "", grant: dict[str, str] | None = None
) -> None:
    """Take a step with a decision form: date (today), paragraf, diarienummer, reason and, for
    an approval, the grant (amount per year as a Swede types it, project number)."""
    page.get_by_role("link", name=name, exact=True).click()
    expect(page.get_by_role("button", name=name, exact=True)).to_be_visible()
    assert_accessible(page)
    if paragraph:
        page.get_by_label(re.compile("paragraf", re.I)).fill(paragraph)
        page.get_by_label(re.compile("diarienummer", re.I)).fill("KS-2026-0101")
    if reason:
        page.get_by_label("Motivering").fill(reason)
    for year, amount in (grant or {}).items():
        page.get_by_label(f"Beviljat belopp {year} (kr)").fill(amount)
    if grant:
        page.get_by_label("Projektnummer").fill("SI-2026-99")
    page.get_by_role("button", name=name, exact=True).click()
    expect(page.locator(".messages")).to_be_visible()


def _write_idea(page: Any, base: str, title: str, place: str) -> Initiative:
    """The applicant writes a new idea (Socialnämnden bears results and costs) and saves it."""
    page.goto(f"{base}/satsningar/ny/")
    assert_accessible(page)
    page.get_by_label("Titel").fill(title)
    page.get_by_label("Problem").fill(f"Många unga i {place} placeras utanför hemmet.")
    page.get_by_label("Målgrupp").fill("Familjer med barn 12–17 år i risk för placering.")
    page.get_by_label("Berörda verksamheter").fill("Socialtjänstens barn- och ungdomsenhet.")
    page.locator("#id_result_committees").get_by_label("Socialnämnden").check()
    page.locator("#id_cost_committees").get_by_label("Socialnämnden").check()
    page.get_by_role("button", name="Spara").click()
    expect(page.locator("h1")).to_have_text(title)
    return Initiative.objects.get(title=title)


def _write_plan(page: Any, start: str, end: str, total: str, applied: str) -> None:
    """The core fields of the project plan, amounts as the user types them."""
    page.get_by_role("link", name="Ändra projektplanen").click()
    page.get_by_label("Syfte och långsiktigt mål").fill("Färre placeringar av unga.")
    page.get_by_label("Startdatum").fill(start)
    page.get_by_label("Slutdatum").fill(end)
    page.get_by_label("Budget i sammandrag").fill("Två familjebehandlare i tre år.")
    page.get_by_label("Total kostnad (kr)").fill(total)
    page.get_by_label("Sökt belopp ur fonden (kr)").fill(applied)
    page.get_by_label("Prisår").fill("2025")
    page.get_by_label("Ägande nämnd").select_option(label="Socialnämnden")
    page.get_by_label("Projektägare").fill("Socialchefen")
    page.get_by_role("button", name="Spara").click()


def _assess_base_criteria(page: Any, base: str, initiative: Initiative) -> None:
    """The steering group marks every base criterion met, with a justification."""
    page.goto(f"{base}/satsningar/{initiative.pk}/grundkriterier/")
    assert_accessible(page)
    for checkbox in page.get_by_label("Uppfyllt").all():
        checkbox.check()
    for field in page.get_by_label("Motivering").all():
        field.fill("Styrkt i planen.")
    page.get_by_role("button", name="Spara bedömningen").click()


def _no_button(page: Any, name: str) -> None:
    expect(page.get_by_role("button", name=name, exact=True)).to_have_count(0)
    expect(page.get_by_role("link", name=name, exact=True)).to_have_count(0)


def test_from_idea_to_board_decision_with_decision_material(
    live_server: Any, page: Any, tmp_path: Path
) -> None:
    organization = seed_demo()
    base = live_server.url

    # 1. The applicant writes and submits an idea.
    _login(page, base, "sokande")
    initiative = _write_idea(page, base, TITLE, "Norra Exempelby")
    assert_accessible(page)
    _no_button(page, "Ge klartecken för projektplan")
    _step(page, "Skicka in idén")

    # 2. The management group clears it (the applicant never saw that button).
    _login(page, base, "ledningsgrupp")
    _open(page, base, initiative)
    _no_button(page, "Skicka in idén")
    _decide(page, "Ge klartecken för projektplan", "§ 5")

    # 3. The applicant writes the plan: core fields, logic model with an indicator, calculation.
    _login(page, base, "sokande")
    _open(page, base, initiative)
    _step(page, "Börja skriva projektplanen")
    # The other parts of the design (organisation, follow-up, implementation …) from the
    # worked example, as if written earlier; the browser adds to the logic model below.
    seed_design_for(Initiative.objects.get(pk=initiative.pk))
    _write_plan(page, "2026-01-01", "2028-12-31", "8300000", "8300000")

    page.goto(f"{base}/satsningar/{initiative.pk}/logikmodell/")
    page.get_by_role("link", name="Lägg till ett kortsiktigt resultat").click()
    page.get_by_label("Beskrivning").fill("Stärkt föräldraförmåga")
    page.get_by_role("button", name="Spara").click()
    page.locator("article.element", has_text="Stärkt föräldraförmåga").get_by_role(
        "link", name="Lägg till indikator"
    ).click()
    page.get_by_label(re.compile(r"^Indikator\b")).fill("Andel föräldrar med förbättrat skattat")
    page.get_by_label(re.compile(r"^Enhet")).fill("%")
    page.get_by_label("Frekvens").select_option("start_end")
    page.get_by_label("Datakälla").fill("Skattningsformulär")
    page.get_by_role("button", name="Spara").click()
    expect(page.locator("ol.chain")).to_contain_text("Andel föräldrar med förbättrat skattat")

    page.goto(f"{base}/kalkyler/satsning/{initiative.pk}/")
    page.get_by_role("link", name="Importera kalkylfil eller exempel").click()
    page.get_by_label("Eller utgå från ett räknat exempel").select_option("placeringar-unga")
    page.get_by_role("button", name="Kontrollera och räkna").click()
    expect(page.get_by_text("Kalkylfallet importerades och räknades.")).to_be_visible()

    _open(page, base, initiative)
    assert_accessible(page)
    _step(page, "Skicka in projektplanen")

    # 4. The steering group takes it up and returns it once; the applicant submits it again.
    _login(page, base, "styrgrupp")
    _open(page, base, initiative)
    _no_button(page, "Skicka in projektplanen")
    _step(page, "Ta upp för styrgruppsbedömning")
    _decide(page, "Återsänd för komplettering", "", "Motivera effektantagandet.")
    _login(page, base, "sokande")
    _open(page, base, initiative)
    _step(page, "Skicka in projektplanen")

    # 5. The steering group assesses the base criteria and recommends.
    _login(page, base, "styrgrupp")
    _open(page, base, initiative)
    _step(page, "Ta upp för styrgruppsbedömning")
    _assess_base_criteria(page, base, initiative)
    _open(page, base, initiative)
    _no_button(page, "Bevilja (beslut i kommunstyrelsen)")
    _decide(page, "Rekommendera", "§ 21")

    # 6. The board approves.
    _login(page, base, "beslutsfattare")
    _open(page, base, initiative)
    _decide(
        page,
        "Bevilja (beslut i kommunstyrelsen)",
        "§ 140",
        grant={"2026": "2 766 667", "2027": "2 766 667", "2028": "2 766 666"},
    )
    expect(page.locator(".state")).to_contain_text("Beviljad")

    # 7. The decision material on screen, as PDF and as DOCX, with the same numbers.
    page.get_by_role("link", name="Beslutsunderlag (PDF, DOCX)").click()
    expect(page.locator("h1")).to_contain_text("Beslutsunderlag")
    assert_accessible(page)
    summary = page.locator("#section-summary")
    npv = plain(summary.locator("dt:text-is('Nettonuvärde, organisationen') + dd").inner_text())
    repaid = plain(
        summary.locator("dt:text-is('Återföring till fonden, totalt') + dd").inner_text()
    )
    assert npv.endswith(" kr") and repaid.endswith(" kr")
    screen = plain(page.locator("article").inner_text())
    assert "Kommunstyrelsen har beviljat satsningen." in screen
    for fmt, read in (("PDF", pdf_text), ("Word (DOCX)", docx_text)):
        with page.expect_download() as download_info:
            page.get_by_role("link", name=f"Ladda ned {fmt}").click()
        path = tmp_path / download_info.value.suggested_filename
        download_info.value.save_as(path)
        text = read(path.read_bytes())
        assert npv in text, fmt
        assert repaid in text, fmt
        assert "§ 140" in text and TITLE in text

    # 8. The portfolio shows it among the organisation's initiatives.
    page.goto(f"{base}/rapporter/portfolj/")
    assert_accessible(page)
    page.get_by_label("Målgruppen innehåller").fill("risk för placering")
    page.get_by_role("button", name="Filtrera").click()
    expect(page.get_by_role("link", name=TITLE)).to_be_visible()
    assert organization.initiatives.count() > 1
