"""The fund's pages as coordinators, economists, project leaders and readers use them."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from sikt.web.accounts.models import Organization, Role, User
from sikt.web.funds.models import Fund, LedgerEntry
from sikt.web.funds.services import ledger as services
from sikt.web.initiatives.models import Initiative
from tests.web.conftest import login
from tests.web.factories import make_user
from tests.web.funds.conftest import make_decision

pytestmark = pytest.mark.django_db


@pytest.fixture
def booked(fund: Fund, coordinator: User, initiative: Initiative) -> Fund:
    services.allocation_book(
        actor=coordinator,
        fund=fund,
        amount_ore=15_000_000_00,
        year=2025,
        booked_on=dt.date(2025, 1, 10),
        note='=HYPERLINK("http://x")',
    )
    services.book(
        actor=coordinator,
        fund=fund,
        kind=services.Kind.COMMITMENT,
        amount_ore=2_400_000_00,
        year=2025,
        initiative=initiative,
        decision=make_decision(initiative),
    )
    return fund


def test_every_role_sees_the_fund_at_a_glance(
    client: Client, organization: Organization, booked: Fund
) -> None:
    for role in Role:
        login(client, make_user(organization, role))
        response = client.get(reverse("funds:overview"))
        assert response.status_code == 200
        text = response.content.decode()
        assert "15\xa0000\xa0000\xa0kr" in text  # allocated
        assert "12\xa0600\xa0000\xa0kr" in text  # available = allocated − committed
        assert "<svg" in text and "<table" in text


def test_the_fund_area_opens_the_fund(client: Client, coordinator: User, booked: Fund) -> None:
    login(client, coordinator)
    response = client.get(reverse("shell:area", args=["fond"]))
    assert response.status_code == 302
    assert response["Location"] == reverse("funds:overview")


def test_nothing_across_organisations(
    client: Client, other_organization: Organization, booked: Fund
) -> None:
    login(client, make_user(other_organization, *Role))
    text = client.get(reverse("funds:overview")).content.decode()
    assert "15\xa0000\xa0000" not in text
    assert "The organisation has no fund yet." in text or "har ingen fond" in text
    entry = LedgerEntry.objects.first()
    assert entry is not None
    assert client.get(reverse("funds:entry", args=[entry.pk])).status_code == 404
    assert b"15 000 000" not in client.get(reverse("funds:ledger")).content


def test_coordinator_books_an_allocation_typed_the_swedish_way_once(
    client: Client, coordinator: User, fund: Fund
) -> None:
    login(client, coordinator)
    form = client.get(reverse("funds:allocation-new")).context["form"]
    key = form.initial["idempotency_key"]
    data = {
        "idempotency_key": key,
        "fund": fund.pk,
        "year": "2026",
        "amount": "1 500 000,50",
        "booked_on": "2026-02-01",
        "note": "Mål och budget 2026",
    }
    assert client.post(reverse("funds:allocation-new"), data).status_code == 302
    assert client.post(reverse("funds:allocation-new"), data).status_code == 302  # double click
    entry = LedgerEntry.objects.get()
    assert (entry.amount_ore, entry.year, entry.actor) == (1_500_000_50, 2026, coordinator)


def test_only_the_coordinator_books(
    client: Client, organization: Organization, booked: Fund
) -> None:
    entry = LedgerEntry.objects.first()
    assert entry is not None
    for role in set(Role) - {Role.COORDINATOR}:
        login(client, make_user(organization, role))
        assert client.get(reverse("funds:allocation-new")).status_code == 403
        assert (
            client.post(reverse("funds:entry", args=[entry.pk]), {"note": "x"}).status_code == 403
        )
        assert client.get(reverse("funds:period-close")).status_code == 403
    assert LedgerEntry.objects.count() == 2


def test_a_correction_from_the_entry_page(client: Client, coordinator: User, booked: Fund) -> None:
    entry = LedgerEntry.objects.get(kind="allocation")
    login(client, coordinator)
    form = client.get(reverse("funds:entry", args=[entry.pk])).context["form"]
    response = client.post(
        reverse("funds:entry", args=[entry.pk]),
        {"note": "Fel år", "idempotency_key": form.initial["idempotency_key"]},
    )
    correction = LedgerEntry.objects.get(kind="correction")
    assert response["Location"] == reverse("funds:entry", args=[correction.pk])
    page = client.get(reverse("funds:entry", args=[entry.pk])).content.decode()
    assert f"#{correction.pk}" in page
    assert "Rätta posten" not in page and "Correct the entry" not in page


def test_the_ledger_exports_to_excel_with_text_never_a_formula(
    client: Client, coordinator: User, booked: Fund
) -> None:
    login(client, coordinator)
    response = client.get(reverse("funds:ledger-export"))
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert sorted(row[10] for row in rows) == [2_400_000.0, 15_000_000.0]
    note = next(row[14] for row in rows if row[4] == "Anslag från budgeten")
    assert note == '=HYPERLINK("http://x")'
    cell = next(c for c in sheet["O"] if c.value == note)
    assert cell.data_type == "s"
    summary = workbook.worksheets[1]
    assert list(summary.iter_rows(min_row=2, max_col=6, values_only=True)) == [
        (2025, 15_000_000.0, 2_400_000.0, 0.0, 0.0, 12_600_000.0)
    ]


def test_a_closed_period_refuses_bookings_with_a_message(
    client: Client, coordinator: User, fund: Fund
) -> None:
    login(client, coordinator)
    client.post(reverse("funds:period-close"), {"year": "2026", "period": "delar1"})
    form = client.get(reverse("funds:allocation-new")).context["form"]
    response = client.post(
        reverse("funds:allocation-new"),
        {
            "idempotency_key": form.initial["idempotency_key"],
            "fund": fund.pk,
            "year": "2026",
            "amount": "100",
            "booked_on": "2026-03-01",
            "note": "x",
        },
    )
    assert response.status_code == 200
    assert "Perioden är stängd för bokföring." in response.content.decode()
    assert not LedgerEntry.objects.exists()
