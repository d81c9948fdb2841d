"""An evaluator uploads outcome data (first a bad file), runs matching, reads the balance, the
overlap and the sensitivity sentence, compares with the success criterion and makes the economic
evaluation against the decided calculation."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from sikt.web.accounts.models import Role
from sikt.web.calculations import frozen
from sikt.web.design import models as design
from sikt.web.evaluation import synthetic
from sikt.web.evaluation.models import OutcomeDataset
from tests.e2e.conftest import assert_accessible
from tests.web.factories import (
    PASSWORD,
    make_calculation,
    make_indicator,
    make_logic_element,
    make_organization,
    make_user,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_evaluator_runs_matching_and_the_economic_evaluation(
    live_server: Any, page: Any, settings: Any, monkeypatch: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    page.set_default_timeout(60_000)  # the estimate and the economic evaluation run in-request
    organization = make_organization()
    initiative = make_calculation(organization).initiative
    monkeypatch.setattr(frozen, "decided_calculation", frozen.frozen_calculation)
    design.ComparisonDesign.objects.create(
        initiative=initiative,
        kind=design.DesignKind.MATCHING,
        rationale="Ingen lottning möjlig",
        baseline_plan="Registeruppgifter före start",
    )
    element = make_logic_element(organization, initiative=initiative)
    indicator = make_indicator(
        organization, element, name="Placering inom ett år", direction=design.Direction.LOWER
    )
    design.SuccessCriterion.objects.create(indicator=indicator, minimum_effect="0.05")
    make_user(organization, Role.ANALYST, username="ali")

    page.goto(f"{live_server.url}/")
    page.get_by_label("Användarnamn").fill("ali")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.get_by_role("link", name="Utvärdering").first.click()
    expect(page.locator("h1")).to_have_text("Utvärdering")
    assert_accessible(page)
    page.get_by_role("link", name=initiative.title).click()
    expect(page.get_by_text("Matchning").first).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Ladda upp utfallsdata").click()
    bad = b"person;grupp;utfall\na;1;1\nb;1;x\nc;0;1\nd;0;0\n"
    page.get_by_label("Utfallsdata (CSV eller Excel)").set_input_files(
        {"name": "fel.csv", "mimeType": "text/csv", "buffer": bad}
    )
    page.get_by_role("button", name="Ladda upp och kontrollera").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Inget sparades")
    expect(alert).to_contain_text("rad/row 3, utfall")
    assert not OutcomeDataset.objects.exists()
    assert_accessible(page)

    good = synthetic.csv_bytes(*synthetic.generate(200))
    page.get_by_label("Utfallsdata (CSV eller Excel)").set_input_files(
        {"name": "utfall.csv", "mimeType": "text/csv", "buffer": good}
    )
    page.get_by_role("button", name="Ladda upp och kontrollera").click()
    expect(page.get_by_text("Utfallsdata version 1 sparades")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Framgångskriterium att jämföra med").select_option(index=1)
    page.get_by_label("Största avstånd, caliper (matchning)").fill("0,2")
    page.get_by_role("button", name="Kör").click()

    expect(page.get_by_role("heading", name="Resultat")).to_be_visible()
    estimate = page.locator("#estimate").inner_text()
    assert re.fullmatch(r"−?-?\d+,\d{3}", estimate)
    expect(page.locator("#verdict")).to_have_text(re.compile("Uppnått|Ej uppnått|Osäkert"))
    expect(page.get_by_text(re.compile("riskkvot"))).to_be_visible()
    balance = page.get_by_role("table", name="Balans före och efter matchning eller viktning")
    expect(balance.get_by_role("rowheader", name="tidigare_placeringar")).to_be_visible()
    expect(page.get_by_role("heading", name="Överlapp i benägenhetspoängen")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Gör en ekonomisk utvärdering med den här skattningen").click()
    page.get_by_label(re.compile("Undvikna HVB-placeringar")).check()
    page.get_by_role("button", name="Gör den ekonomiska utvärderingen").click()
    costs = page.get_by_role("table", name=re.compile("Kostnad per deltagare"))
    expect(costs.get_by_role("rowheader", name="Kostnad per undviken händelse")).to_be_visible()
    levels = page.get_by_role("table", name=re.compile("Nuvärde per kostnadsbärare"))
    expect(levels.get_by_role("rowheader", name="Socialnämnden")).to_be_visible()
    expect(
        page.get_by_role("heading", name="Återföringsplan: beslutad och reviderad")
    ).to_be_visible()
    assert_accessible(page)


def test_evaluator_records_components_fills_the_plan_and_downloads_the_final_report(
    live_server: Any, page: Any, settings: Any
) -> None:
    """The component analysis is recorded, the implementation plan filled in, and the final
    report's PDF carries the numbers the screen shows."""
    import io

    from pypdf import PdfReader

    from sikt.web.evaluation import importing, services, tasks
    from sikt.web.initiatives.models import Initiative
    from sikt.web.initiatives.states import InitiativeState

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    organization = make_organization()
    analyst = make_user(organization, Role.ANALYST, username="ali")
    initiative = make_calculation(organization).initiative
    Initiative.objects.filter(pk=initiative.pk).update(state=InitiativeState.EVALUATED)
    columns, rows = synthetic.generate(200)
    treated = sum(1 for row in rows if row[1] == 1)
    dataset = services.dataset_store(
        actor=analyst,
        initiative=initiative,
        records=importing.Records(columns, rows, treated, len(rows) - treated),
        file_name="utfall.csv",
    )
    run = services.run_start(
        actor=analyst,
        dataset=dataset,
        estimator="matching",
        options={"covariates": list(synthetic.COVARIATES)},
    )
    tasks.execute(run.pk)

    page.goto(f"{live_server.url}/utvardering/satsning/{initiative.pk}/")
    page.get_by_label("Användarnamn").fill("ali")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.get_by_role("link", name="Intressenter, intervjuer och komponentanalys").click()
    page.get_by_role("link", name="Lägg till en komponent").click()
    page.get_by_label(re.compile("^Komponent")).fill("Hembesök")
    page.get_by_label("Fungerade den?").select_option("worked")
    page.get_by_label("Varför").fill("Familjerna öppnade sig hemma")
    page.get_by_label("I vilket sammanhang").fill("Familjer med små barn")
    page.get_by_role("button", name="Spara").click()
    components = page.get_by_role("table", name=re.compile("Vilka delar fungerade"))
    expect(components.get_by_role("cell", name="Hembesök")).to_be_visible()
    assert_accessible(page)

    page.goto(f"{live_server.url}/utvardering/satsning/{initiative.pk}/")
    page.get_by_role("link", name="Implementeringsplan (PDF, DOCX)").click()
    page.get_by_role("link", name="Fyll i implementeringsplanen").click()
    page.get_by_label("Verksamhet som tar över").fill("Socialnämnden, familjeenheten")
    page.get_by_label("Personer i hela målgruppen per år").fill("400")
    page.get_by_label("Kostnad i full skala per år (kr)").fill("2 400 000")
    page.get_by_label("Prisår").fill("2026")
    page.get_by_label("Finansiering").fill("Omfördelning inom socialnämndens ram")
    page.get_by_label("I faser").check()
    page.get_by_role("textbox", name="Faser").fill("2027: Norra Exempelby\n2028: hela kommunen")
    page.get_by_label(re.compile("^Start")).fill("2027-01-01")
    page.get_by_label("Helt infört").fill("2028-12-31")
    page.get_by_label("Vad det ersätter i ordinarie verksamhet").fill("Köpt öppenvård")
    page.get_by_label("Kostnad för det som ersätts per år (kr)").fill("900 000")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Implementeringsplanen sparades")).to_be_visible()
    expect(page.get_by_text("6 000 kr")).to_be_visible()  # 2 400 000 kr ÷ 400 people
    assert_accessible(page)

    page.goto(f"{live_server.url}/utvardering/satsning/{initiative.pk}/")
    page.get_by_role("link", name="Slutrapport (PDF, DOCX)").click()
    summary = page.locator("#section-summary")
    estimate = summary.locator("dt:text-is('Skattad effekt') + dd").inner_text()
    interval = summary.locator("dt:text-is('95 % konfidensintervall') + dd").inner_text()
    assert re.fullmatch(r"−?\d+,\d{3}", estimate)
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ned PDF").click()
    content = download.value.path().read_bytes()
    text = re.sub(
        r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    )
    for expected in (estimate, re.sub(r"\s+", " ", interval), "Hembesök", "Komponentanalys"):
        assert expected in text, expected
