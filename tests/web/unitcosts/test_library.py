"""The unit-cost library in the UI: list, create/edit, permissions, import/export, demo seed."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from sikt.calc import load_unit_cost_library
from sikt.web.accounts.models import Organization, Role
from sikt.web.audit.models import AuditEntry
from sikt.web.demo import seed_demo
from sikt.web.unitcosts.models import UnitCostEntry
from sikt.web.unitcosts.selectors import library_for
from tests.web.conftest import login
from tests.web.factories import make_unit_cost, make_user

pytestmark = pytest.mark.django_db

VALID = {
    "key": "hvb_dygn",
    "name_sv": "HVB, vårddygn",
    "amount_sek": "10000000-15000000",
    "unit": "kr/vårddygn",
    "price_year": "2024",
    "bearer": "kommun – socialnämnd",
    "source_title": "Prislista",
    "source_publisher": "Kommunen",
    "confidence": "",
}


@pytest.fixture
def economist_client(client: Client, organization: Organization) -> Client:
    return login(client, make_user(organization, Role.ECONOMIST))


def test_economist_creates_a_unit_cost_parsed_like_the_calc_library(
    economist_client: Client, organization: Organization
) -> None:
    response = economist_client.post(reverse("unitcosts:create"), VALID)
    entry = UnitCostEntry.objects.get(organization=organization, key="hvb_dygn")
    assert response.status_code == 302
    assert (entry.lower_sek, entry.upper_sek, entry.amount_sek) == (10000000, 15000000, 12500000)
    assert entry.unit == "day" and entry.price_year == 2024 and entry.bearer_kind == "committee"
    assert AuditEntry.objects.filter(object_id=str(entry.pk), action="create").exists()
    library = library_for(organization)
    assert library["hvb_dygn"].distribution().model_dump()["dist"] == "uniform"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("amount_sek", "abc", "ska vara ett tal"),
        ("name_sv", "", "måste fyllas i"),
        ("source_url", "inte en länk", "giltig"),
    ],
)
def test_invalid_input_is_shown_at_the_field_and_nothing_is_saved(
    economist_client: Client, field: str, value: str, message: str
) -> None:
    response = economist_client.post(reverse("unitcosts:create"), {**VALID, field: value})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field]).lower()
    assert not UnitCostEntry.objects.exists()


def test_duplicate_key_is_refused(economist_client: Client, organization: Organization) -> None:
    make_unit_cost(organization, "hvb_dygn")
    response = economist_client.post(reverse("unitcosts:create"), VALID)
    assert "key" in response.context["form"].errors
    assert UnitCostEntry.objects.count() == 1


def test_edit_records_the_change_in_the_history(
    economist_client: Client, organization: Organization
) -> None:
    entry = make_unit_cost(organization, "hvb_dygn")
    response = economist_client.post(
        reverse("unitcosts:edit", args=[entry.pk]), {**VALID, "amount_sek": "5000"}
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.amount_sek == 5000
    change = AuditEntry.objects.filter(object_id=str(entry.pk), action="update").get()
    assert change.changes["amount_text"] == ["4219", "5000"]


def test_list_shows_sources_and_marks_secondary_and_undated_costs(
    client: Client, organization: Organization, viewer: object
) -> None:
    make_unit_cost(organization, "primar", source_publisher="SCB")
    make_unit_cost(
        organization,
        "sekundar",
        name_sv="Från en tidning",
        source_publisher="Dagstidning (sekundär)",
        price_year="ej angivet",
    )
    login(client, viewer)  # type: ignore[arg-type]
    page = client.get(reverse("unitcosts:list")).content.decode()
    assert "SCB" in page and "Dagstidning" in page
    assert "sekundärkälla" in page and "odaterad" in page
    filtered = client.get(reverse("unitcosts:list"), {"flag": "secondary"}).context["page"]
    assert [e.key for e in filtered] == ["sekundar"]
    searched = client.get(reverse("unitcosts:list"), {"q": "tidning"}).context["page"]
    assert [e.key for e in searched] == ["sekundar"]


def test_detail_shows_caveats_for_the_economist(client: Client, organization: Organization) -> None:
    entry = make_unit_cost(organization, "flera", bearer="flera: kommun + region")
    login(client, make_user(organization, Role.VIEWER))
    page = client.get(reverse("unitcosts:detail", args=[entry.pk])).content.decode()
    assert "sammansatt kostnad för flera aktörer" in page


def test_viewer_sees_no_change_buttons_and_a_forged_post_is_403(
    client: Client, organization: Organization, viewer: object
) -> None:
    entry = make_unit_cost(organization)
    login(client, viewer)  # type: ignore[arg-type]
    page = client.get(reverse("unitcosts:detail", args=[entry.pk])).content.decode()
    assert reverse("unitcosts:edit", args=[entry.pk]) not in page
    assert reverse("unitcosts:import") not in client.get(reverse("unitcosts:list")).content.decode()
    assert client.post(reverse("unitcosts:create"), VALID).status_code == 403
    assert client.post(reverse("unitcosts:edit", args=[entry.pk]), VALID).status_code == 403
    assert client.post(reverse("unitcosts:import")).status_code == 403
    assert not UnitCostEntry.objects.filter(key="hvb_dygn").exists()


def test_coordinator_may_maintain_the_library(coordinator_client: Client) -> None:
    assert coordinator_client.post(reverse("unitcosts:create"), VALID).status_code == 302


def _csv(rows: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(VALID))
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


def _upload(name: str, content: bytes) -> io.BytesIO:
    handle = io.BytesIO(content)
    handle.name = name
    return handle


def test_import_with_one_bad_row_writes_nothing_and_names_file_row_column(
    economist_client: Client, organization: Organization
) -> None:
    existing = make_unit_cost(organization, "hvb_dygn")
    rows = [
        {**VALID, "amount_sek": "9999"},
        {**VALID, "key": "ny", "amount_sek": "mycket"},
        {**VALID, "key": "ny2", "confidence": "E"},
    ]
    response = economist_client.post(
        reverse("unitcosts:import"), {"file": _upload("mina-kostnader.csv", _csv(rows))}
    )
    assert response.status_code == 200
    issues = response.context["issues"]
    assert {(i["file"], i["row"], i["column"]) for i in issues} == {
        ("mina-kostnader.csv", "3", "amount_sek"),
        ("mina-kostnader.csv", "4", "confidence"),
    }
    assert "ska vara A, B, C eller D" in response.content.decode()
    existing.refresh_from_db()
    assert existing.amount_text == "4219"
    assert UnitCostEntry.objects.count() == 1


def test_import_errors_are_in_english_when_the_ui_is(
    economist_client: Client, organization: Organization
) -> None:
    economist_client.cookies["django_language"] = "en"
    response = economist_client.post(
        reverse("unitcosts:import"),
        {"file": _upload("costs.csv", _csv([{**VALID, "confidence": "E"}]))},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "must be A, B, C or D" in response.content.decode()


def test_import_of_a_missing_column_and_of_a_damaged_xlsx(
    economist_client: Client,
) -> None:
    bad_header = b"key,name_sv,unit\nx,y,z\n"
    response = economist_client.post(
        reverse("unitcosts:import"), {"file": _upload("a.csv", bad_header)}
    )
    assert ("a.csv", "–", "amount_sek") in {
        (i["file"], i["row"], i["column"]) for i in response.context["issues"]
    }
    response = economist_client.post(
        reverse("unitcosts:import"), {"file": _upload("b.xlsx", b"not a workbook")}
    )
    assert response.context["issues"][0]["file"] == "b.xlsx"
    assert not UnitCostEntry.objects.exists()


def test_import_creates_and_updates(economist_client: Client, organization: Organization) -> None:
    make_unit_cost(organization, "hvb_dygn")
    rows = [{**VALID, "amount_sek": "5000"}, {**VALID, "key": "ny", "price_year": ""}]
    response = economist_client.post(
        reverse("unitcosts:import"), {"file": _upload("k.csv", _csv(rows))}
    )
    assert response.status_code == 302
    assert UnitCostEntry.objects.get(key="hvb_dygn").amount_sek == 5000
    assert UnitCostEntry.objects.get(key="ny").price_year is None


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_export_then_import_round_trip(
    economist_client: Client,
    organization: Organization,
    other_organization: Organization,
    kind: str,
) -> None:
    make_unit_cost(organization, "a", amount_sek=">13000", source_url="https://example.org/a")
    make_unit_cost(organization, "b", bearer="stat (SiS) + kommun", quote="”citat”")
    response = economist_client.get(reverse(f"unitcosts:export-{kind}"))
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if kind == "xlsx":
        sheet = load_workbook(io.BytesIO(content)).worksheets[0]
        header = [c.value for c in next(sheet.iter_rows(max_row=1))]
        keys = sorted(row[0] for row in sheet.iter_rows(min_row=2, values_only=True))
    else:
        table = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
        header, keys = table[0], sorted(r[0] for r in table[1:])
    assert header[:4] == ["key", "name_sv", "name_en", "amount_sek"] and keys == ["a", "b"]

    other = make_user(other_organization, Role.ECONOMIST)
    login(economist_client, other)
    economist_client.post(reverse("unitcosts:import"), {"file": _upload(f"export.{kind}", content)})
    mine, theirs = library_for(organization), library_for(other_organization)
    assert mine.model_dump() == theirs.model_dump()


def test_xlsx_import(economist_client: Client, organization: Organization) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(list(VALID))
    sheet.append([VALID[k] for k in VALID])
    buffer = io.BytesIO()
    book.save(buffer)
    response = economist_client.post(
        reverse("unitcosts:import"), {"file": _upload("k.xlsx", buffer.getvalue())}
    )
    assert response.status_code == 302
    assert UnitCostEntry.objects.get(organization=organization).key == "hvb_dygn"


def test_demo_seeds_the_starter_library_once() -> None:
    organization = seed_demo()
    starter = load_unit_cost_library()
    assert UnitCostEntry.objects.filter(organization=organization).count() == len(starter) == 41
    seed_demo()
    assert UnitCostEntry.objects.filter(organization=organization).count() == 41
    assert library_for(organization).model_dump() == starter.model_dump()
