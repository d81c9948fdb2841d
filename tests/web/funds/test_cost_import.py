"""Costs from the accounting export (issue 9 item 2): by project number, CSV or Excel, rows of a
cost line added up, validated as a whole — a file with any error writes nothing and every error
names the row and the column, in Swedish."""

from __future__ import annotations

import html
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from sikt.files import FileError
from sikt.web.accounts.models import Organization, Role, User
from sikt.web.audit import services as audit
from sikt.web.design.models import ProjectOrganisation
from sikt.web.funds.models import CostReport
from sikt.web.funds.services import payouts
from sikt.web.funds.services.cost_import import costs_import
from sikt.web.initiatives.models import Grant, GrantYear, Initiative
from tests.files.samples import BINARY, utf8_bom, windows_1252, xlsx_bomb
from tests.web.conftest import login
from tests.web.factories import make_initiative, make_user
from tests.web.funds.conftest import make_decision

pytestmark = pytest.mark.django_db


def _granted(initiative: Initiative, number: str) -> Initiative:
    grant = Grant.objects.create(
        decision=make_decision(initiative), initiative=initiative, project_number=number
    )
    GrantYear.objects.create(grant=grant, year=2025, amount_sek=Decimal(1_000_000))
    return initiative


@pytest.fixture
def projects(organization: Organization, initiative: Initiative) -> tuple[Initiative, Initiative]:
    other = make_initiative(organization, "Familjestöd i hemmet")
    return _granted(initiative, "SI-2025-01"), _granted(other, "SI-2025-02")


CSV = (
    "Projektnummer;Kostnadspost;Belopp;Kommentar\n"
    "SI-2025-01;Personal;250 000;Två behandlare\n"
    "si-2025-01;Personal;12 500,50;\n"
    "SI-2025-01;Material;8 000;\n"
    "SI-2025-02;Personal;400 000;\n"
    "SI-2025-02;Personal;-20 000;Kreditering\n"
    ";;;\n"
).encode()


def _lines(report: CostReport) -> dict[str, int]:
    return {line.cost_line: line.amount_ore for line in report.lines.all()}


def test_the_export_fills_each_projects_draft_report(
    organization: Organization, coordinator: User, projects: tuple[Initiative, Initiative]
) -> None:
    imported = costs_import(
        actor=coordinator,
        organization=organization,
        year=2025,
        period="delar1",
        data=CSV,
        name="raindance-april.csv",
    )
    assert [item.total_ore for item in imported] == [270_500_50, 380_000_00]
    first, second = (item.report for item in imported)
    assert (first.initiative, first.state, first.source) == (
        projects[0],
        CostReport.State.DRAFT,
        "raindance-april.csv",
    )
    assert _lines(first) == {"Personal": 262_500_50, "Material": 8_000_00}
    assert first.lines.get(cost_line="Personal").comment == "Två behandlare"
    assert _lines(second) == {"Personal": 380_000_00}


def test_any_error_writes_nothing_and_names_row_and_column(
    organization: Organization, coordinator: User, projects: tuple[Initiative, Initiative]
) -> None:
    bad = (
        b"projektnummer;kostnadspost;belopp\n"
        b"SI-2025-01;Personal;100 000\n"
        b"SI-2099-99;Personal;5 000\n"
        b"SI-2025-02;;5 000\n"
        b"SI-2025-02;Material;fem tusen\n"
        b"SI-2025-02;Hyra;-3 000\n"
    )
    with pytest.raises(FileError) as raised:
        costs_import(
            actor=coordinator,
            organization=organization,
            year=2025,
            period="delar1",
            data=bad,
            name="export.csv",
        )
    where = [issue.where for issue in raised.value.issues]
    assert where == [
        "rad/row 3, projektnummer",
        "rad/row 4, kostnadspost",
        "rad/row 5, belopp",
        "rad/row 6, belopp",
    ]
    assert "SI-2099-99" in raised.value.issues[0].message.sv
    assert not CostReport.objects.exists()


def test_a_project_leader_imports_for_own_initiatives_and_never_into_a_submitted_report(
    organization: Organization, projects: tuple[Initiative, Initiative]
) -> None:
    leader = make_user(organization, Role.PROJECT_LEADER, username="petra")
    audit.create(None, ProjectOrganisation(initiative=projects[0], leader_user=leader))
    own = b"projektnummer,kostnadspost,belopp\nSI-2025-01,Personal,1000\n"
    costs_import(
        actor=leader, organization=organization, year=2025, period="delar1", data=own, name="a.csv"
    )
    report = CostReport.objects.get()
    payouts.cost_report_submit(actor=leader, report=report)
    both = own + b"SI-2025-02,Personal,1000\n"
    with pytest.raises(FileError) as raised:
        costs_import(
            actor=leader,
            organization=organization,
            year=2025,
            period="delar1",
            data=both,
            name="b.csv",
        )
    messages = [issue.message.sv for issue in raised.value.issues]
    assert "redan inskickad" in messages[0] and "du får inte" in messages[1]
    assert _lines(CostReport.objects.get()) == {"Personal": 1_000_00}


def test_the_page_imports_an_excel_file_and_shows_errors_in_swedish(
    client: Client,
    organization: Organization,
    coordinator: User,
    projects: tuple[Initiative, Initiative],
) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Projektnummer", "Kostnadspost", "Belopp"])
    sheet.append(["SI-2025-02", "Personal", 125000.5])
    buffer = io.BytesIO()
    workbook.save(buffer)
    login(client, coordinator)
    url = reverse("funds:cost-import")
    page = client.get(reverse("funds:initiatives"))
    assert url in page.content.decode()
    response = client.post(
        url,
        {
            "year": "2025",
            "period": "delar2",
            "file": SimpleUploadedFile("ekonomi.xlsx", buffer.getvalue()),
        },
    )
    assert response.status_code == 200
    report = CostReport.objects.get(initiative=projects[1], year=2025, period="delar2")
    assert _lines(report) == {"Personal": 125_000_50}
    assert reverse("funds:report", args=[report.pk]) in response.content.decode()
    wrong = b"projektnummer;kostnadspost;belopp\nSI-2025-77;Personal;1\n"
    response = client.post(
        url, {"year": "2025", "period": "delar1", "file": SimpleUploadedFile("fel.csv", wrong)}
    )
    text = response.content.decode()
    assert "rad/row 2, projektnummer" in text and "finns inte" in text
    assert not CostReport.objects.filter(period="delar1").exists()


EXPORT = (
    "projektnummer;kostnadspost;belopp;kommentar\n"
    "SI-2025-01;Lön och sociala avgifter;4 250,50;Köp\n"
)


@pytest.mark.parametrize(
    ("name", "data", "valid"),
    [
        ("export.csv", windows_1252(EXPORT), True),
        ("export.csv", utf8_bom(EXPORT), True),
        ("export.csv", BINARY, False),
        ("export.xlsx", xlsx_bomb(["projektnummer", "kostnadspost", "belopp"]), False),
    ],
    ids=["windows-1252", "utf-8-bom", "binary", "xlsx-bomb"],
)
def test_the_upload_takes_swedish_files_and_refuses_bad_ones_clearly(
    client: Client,
    coordinator: User,
    projects: tuple[Initiative, Initiative],
    name: str,
    data: bytes,
    valid: bool,
) -> None:
    login(client, coordinator)
    response = client.post(
        reverse("funds:cost-import"),
        {"year": "2025", "period": "delar1", "file": SimpleUploadedFile(name, data)},
    )
    assert response.status_code == 200
    report = CostReport.objects.filter(initiative=projects[0]).first()
    if valid:
        assert report is not None
        line = report.lines.get()
        assert (line.cost_line, line.amount_ore, line.comment) == (
            "Lön och sociala avgifter",
            4_250_50,
            "Köp",
        )
    else:
        assert report is None
        page = html.unescape(response.content.decode())
        assert name in page
        assert any(word in page for word in ("binära data", "inte text", "packas upp"))
