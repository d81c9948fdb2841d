"""A development agreement in a real browser (issue 9 item 4): the funder creates the agreement
with a sprint and a tranche → the participant ticks the deliverables and submits sprint 1 → the
funder approves → the tranche becomes payable and is recorded paid → the participant reports the
money remaining at the year end → the organisation's view shows what it owes and when. Every
page passes the accessibility scan."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from sikt.web.agreements.models import Agreement, Repayment, SprintState, Tranche
from sikt.web.demo import DEMO_PASSWORD, seed_demo
from tests.e2e.conftest import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE = "Aktion – testöverenskommelse"
SPACES = str.maketrans({"\u00a0": " ", "\u202f": " "})


def _login(page: Any, url: str, username: str) -> None:
    page.goto(f"{url}/konto/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in").click()


def _logout(page: Any) -> None:
    page.get_by_role("button", name="Logga ut").click()


def _text(locator: Any) -> str:
    return " ".join(str(locator.inner_text()).translate(SPACES).split())


def test_funder_and_participant_take_a_sprint_to_payment_and_repayment(
    live_server: Any, page: Any
) -> None:
    seed_demo()
    url = live_server.url
    year = timezone.localdate().year + 1

    # The funder (the association's coordinator) creates the agreement with Exempelby.
    _login(page, url, "finansiar")
    page.goto(f"{url}/overenskommelser/")
    assert_accessible(page)
    page.get_by_role("link", name="Ny överenskommelse").click()
    page.get_by_label("Titel").fill(TITLE)
    page.get_by_label("Referensnummer för fakturor").fill("359144")
    page.get_by_label("Gäller från").fill(f"{year}-03-01")
    page.get_by_label("Gäller till och med").fill(f"{year}-12-31")
    page.get_by_label("Oanvända medel återbetalas senast").fill(f"{year + 1}-01-31")
    page.get_by_label("Deltagande organisation").select_option(label="Exempelby kommun")
    assert_accessible(page)
    page.get_by_role("button", name="Spara").click()
    expect(page.locator("h1")).to_have_text(TITLE)
    page.get_by_role("link", name="Lägg till sprint").click()
    page.get_by_label("Färdig senast").fill(f"{year}-04-15")
    page.get_by_label("Titel").fill("Process och organisation")
    page.get_by_label("Leveranser").fill("Projektplan beslutad\nStyrgrupp på plats")
    page.get_by_label("Delbetalning (kr)").fill("100 000")
    page.get_by_role("button", name="Spara").click()
    page.get_by_role("link", name="Lägg till redovisningsdatum").click()
    page.get_by_label("Redovisas senast").fill(f"{year}-12-31")
    page.get_by_label("Årsskiftesredovisning").check()
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Kan inte betalas ut ännu")).to_be_visible()
    assert_accessible(page)
    _logout(page)

    # The participant's project leader ticks the deliverables and submits sprint 1.
    _login(page, url, "projektledare")
    page.goto(f"{url}/overenskommelser/att-betala/")
    assert_accessible(page)
    ours = page.get_by_role("region", name=TITLE)
    ours.get_by_role("link", name="Pågår").click()
    assert_accessible(page)
    page.get_by_label("Projektplan beslutad").check()
    page.get_by_role("button", name="Skicka in sprinten till finansiären").click()
    expect(page.get_by_text("Bocka av varje leverans")).to_be_visible()
    page.get_by_label("Projektplan beslutad").check()
    page.get_by_label("Styrgrupp på plats").check()
    page.get_by_role("button", name="Skicka in sprinten till finansiären").click()
    expect(page.get_by_text("Inskickad till finansiären").first).to_be_visible()
    _logout(page)

    # The funder alone approves; the tranche becomes payable and is recorded paid.
    _login(page, url, "finansiar")
    agreement = Agreement.objects.get(title=TITLE)
    page.goto(f"{url}/overenskommelser/{agreement.pk}/")
    page.get_by_role("link", name="Sprint 1", exact=True).click()
    page.get_by_label("Kommentar till deltagaren").fill("Uppfyllt.")
    page.get_by_role("button", name="Godkänn sprinten").click()
    expect(page.get_by_text("Sprinten är nu ”Godkänd”.")).to_be_visible()
    page.goto(f"{url}/overenskommelser/{agreement.pk}/")
    page.get_by_role("link", name="Kan betalas ut").click()
    assert_accessible(page)
    page.get_by_label("Betald den").fill(f"{year}-05-02")
    page.get_by_label("Fakturareferens").fill("Exempelby F-0502")
    page.get_by_role("button", name="Registrera som betald").click()
    expect(page.get_by_text(f"Betald {year}-05-02 (faktura Exempelby F-0502)")).to_be_visible()
    tranche = Tranche.objects.get(progress__participation__agreement=agreement)
    assert tranche.progress.state == SprintState.APPROVED
    assert tranche.amount == Decimal("100000") and tranche.invoice_reference == "Exempelby F-0502"
    _logout(page)

    # The participant's coordinator reports the money remaining at the year end.
    _login(page, url, "samordnare")
    page.goto(f"{url}/overenskommelser/att-betala/")
    page.get_by_role("region", name=TITLE).get_by_role("link", name="redovisa").click()
    assert_accessible(page)
    page.get_by_label("Redovisningsdatum").select_option(label=f"{year}-12-31")
    page.get_by_label("Återstående medel (kr)").fill("12 500,50")
    page.get_by_role("button", name="Redovisa", exact=True).click()

    # … and the organisation's view shows what it owes the funder and when.
    expect(page.locator("h1")).to_have_text("Överenskommelser")
    assert_accessible(page)
    ours = page.get_by_role("region", name=TITLE)
    text = _text(ours)
    assert "Vi är skyldiga finansiären 12 500,50 kr" in text
    assert f"{year + 1}-01-31" in text
    repayment = Repayment.objects.get(participation__agreement=agreement)
    assert repayment.amount == Decimal("12500.50")
