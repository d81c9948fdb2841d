"""A coordination association publishes a model; a municipality's coordinator adopts it, is
told of the next version and adopts that too; the knowledge bank shows the summary of an
organisation that chose to share and nothing of one that did not."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from sikt.web.accounts.models import Organization, Role
from sikt.web.calculations import services as calculations
from sikt.web.sharing import services
from sikt.web.unitcosts.models import UnitCostEntry
from tests.e2e.conftest import assert_accessible
from tests.web.factories import (
    PASSWORD,
    make_calculation,
    make_finished_evaluation,
    make_initiative,
    make_organization,
    make_unit_cost,
    make_user,
    prepare_for_examples,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

EXAMPLE = "arbetsmarknad-etablering"


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


def test_an_adopted_type_case_is_added_to_a_draft_calculation(
    live_server: Any, browser: Any
) -> None:
    association = make_organization(
        "Samordningsförbundet Typdalen", kind=Organization.Kind.COORDINATION_ASSOCIATION
    )
    publisher = make_user(association, Role.COORDINATOR)
    shared_model = services.shared_model_create(
        actor=publisher, organization=association, title="Jobbspår med typfall"
    )
    version = services.version_publish(
        actor=publisher,
        shared_model=shared_model,
        source_description="Förbundets kalkyl 2025",
        unit_costs=[],
        type_cases=[(make_calculation(association, EXAMPLE), "deltagare-i-arbete")],
    )
    town = make_organization("Typby kommun")
    prepare_for_examples(town)
    economist = make_user(town, Role.ECONOMIST, username="erik")
    services.version_adopt(actor=economist, organization=town, version=version)
    data = {**calculations.example_data(EXAMPLE), "organisation": town.name}
    data.pop("type_cases")
    draft = calculations.calculation_save_case(
        actor=economist, initiative=make_initiative(town, "Jobbspåret i Typby"), data=data
    )

    # From the calculation page to the adopted model's type cases, the calculation chosen.
    erik = _login(browser, live_server.url, "erik")
    erik.goto(f"{live_server.url}/kalkyler/{draft.pk}/")
    erik.get_by_role(
        "link", name="Jobbspår med typfall, version 1 (Samordningsförbundet Typdalen)"
    ).click()
    expect(erik.locator("h1")).to_have_text("Använd ett typfall i en kalkyl")
    expect(erik.get_by_label("Kalkyl", exact=True)).to_have_value(str(draft.pk))
    assert_accessible(erik)
    erik.get_by_role("button", name="Lägg till i kalkylen").click()

    # The type case's page in the calculation says where it came from.
    expect(erik.get_by_text("Typfallet ”Deltagare som kommer i arbete")).to_be_visible()
    expect(
        erik.get_by_text(
            "Kopierat från den delade modellen ”Jobbspår med typfall”, version 1, publicerad av "
            "Samordningsförbundet Typdalen."
        )
    ).to_be_visible()
    assert_accessible(erik)
    draft.refresh_from_db()
    assert [item["key"] for item in draft.case["type_cases"]] == ["deltagare-i-arbete"]
