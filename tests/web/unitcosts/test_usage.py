"""Unit costs: negative amounts refused in the form and the import; when a unit cost changes,
the calculations that use it are listed and an undecided one can be recomputed (recorded in
its history); a decided one is never recomputed (issue 8 item 5)."""

from __future__ import annotations

import html
import io

import pytest
from django.test import Client
from django.urls import reverse

from sikt.web.accounts.models import Organization, Role, User
from sikt.web.audit.models import AuditEntry
from sikt.web.calculations.models import Calculation
from sikt.web.initiatives.models import Initiative
from sikt.web.initiatives.states import InitiativeState
from sikt.web.unitcosts.models import UnitCostEntry
from sikt.web.unitcosts.rows import row_of
from tests.web.conftest import login
from tests.web.factories import make_calculation, make_unit_cost, make_user

pytestmark = pytest.mark.django_db
KEY = "bbic_utredning"


@pytest.fixture
def economist(organization: Organization) -> User:
    return make_user(organization, Role.ECONOMIST)


def _npv(calculation: Calculation) -> float:
    return next(p["npv"] for p in calculation.result["perspectives"] if p["key"] == "socialnamnden")


def _page(client: Client, entry: UnitCostEntry) -> str:
    response = client.get(reverse("unitcosts:detail", args=[entry.pk]))
    return html.unescape(response.content.decode())


def test_negative_amount_is_refused_in_the_form(
    client: Client, organization: Organization, economist: User
) -> None:
    entry = make_unit_cost(organization, "dygn")
    login(client, economist)
    data = {**row_of(entry), "amount_sek": "−5 400"}
    response = client.post(reverse("unitcosts:edit", args=[entry.pk]), data)
    assert response.status_code == 200
    assert "kan inte vara negativ" in " ".join(response.context["form"].errors["amount_sek"])
    entry.refresh_from_db()
    assert entry.amount_text == "4219"


def test_negative_amount_is_refused_in_the_import(
    client: Client, organization: Organization, economist: User
) -> None:
    login(client, economist)
    upload = io.BytesIO(
        b"key;name_sv;amount_sek;unit;price_year;bearer\nx;X;-100;kr/dygn;2024;region\n"
    )
    upload.name = "k.csv"
    response = client.post(reverse("unitcosts:import"), {"file": upload})
    assert response.status_code == 200
    assert "kan inte vara negativ" in html.unescape(response.content.decode())
    assert not UnitCostEntry.objects.filter(key="x").exists()


def test_changed_unit_cost_lists_its_calculations_and_recomputes_an_undecided_one(
    client: Client, organization: Organization, economist: User
) -> None:
    calculation = make_calculation(organization)
    entry = UnitCostEntry.objects.get(organization=organization, key=KEY)
    npv_before = _npv(calculation)
    login(client, economist)
    changed = {**row_of(entry), "amount_sek": str(int(entry.amount_sek) * 3)}
    assert client.post(reverse("unitcosts:edit", args=[entry.pk]), changed).status_code == 302
    page = _page(client, entry)
    assert calculation.initiative.title in page
    assert "en tidigare version av enhetskostnaden" in page
    recompute = reverse("calculations:recompute", args=[calculation.pk])
    assert recompute in page
    assert client.post(recompute).status_code == 302
    calculation.refresh_from_db()
    assert _npv(calculation) != npv_before
    assert AuditEntry.objects.filter(
        object_id=str(calculation.pk), note__contains="enhetskostnader"
    ).exists()
    assert "denna version" in _page(client, entry)


def test_decided_calculation_is_listed_as_decided_and_never_recomputed(
    client: Client, organization: Organization, economist: User
) -> None:
    calculation = make_calculation(organization)
    Initiative.objects.filter(pk=calculation.initiative_id).update(state=InitiativeState.APPROVED)
    result_before = calculation.result
    entry = UnitCostEntry.objects.get(organization=organization, key=KEY)
    login(client, economist)
    page = _page(client, entry)
    assert "beslutad – ändras genom ändringsansökan" in page
    recompute = reverse("calculations:recompute", args=[calculation.pk])
    assert recompute not in page
    assert client.post(recompute).status_code == 403
    assert Calculation.objects.get(pk=calculation.pk).result == result_before
