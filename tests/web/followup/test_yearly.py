"""The yearly portfolio report: generated in the background, its files' totals equal the data."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from decimal import Decimal
from functools import partial
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from sikt.web.accounts.models import Organization, Role, User
from sikt.web.audit.models import AuditEntry
from sikt.web.design.models import Indicator
from sikt.web.followup import services
from sikt.web.followup.models import Attrition, YearlyReport
from sikt.web.followup.selectors.expected import PartInput, ValueInput
from sikt.web.followup.services.yearly import yearly_report_request
from sikt.web.funds.ledger_rules import Kind
from sikt.web.funds.models import Fund, LedgerEntry
from sikt.web.funds.money import kr
from sikt.web.funds.services import ledger
from sikt.web.funds.services.funds import fund_create
from sikt.web.initiatives.models import Initiative
from tests.web.conftest import login
from tests.web.factories import (
    make_committee,
    make_initiative,
    make_running_initiative,
    make_user,
)
from tests.web.funds.conftest import make_decision
from tests.web.reports.conftest import docx_text, pdf_text, plain

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_day() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def coordinator(organization: Organization) -> User:
    return make_user(organization, Role.COORDINATOR, username="sara")


@pytest.fixture
def reported(organization: Organization, coordinator: User) -> Initiative:
    """A running initiative whose 2025 reports hold an outcome value, attrition (harm and a
    move) and a lesson, approved; a 2026 report with attrition is left unapproved."""
    leader = make_user(organization, Role.PROJECT_LEADER, username="petra")
    initiative = make_running_initiative(
        organization,
        title="Läsfrämjande",
        start=dt.date(2025, 1, 1),
        end=dt.date(2027, 12, 31),
        reporting="yearly",
        leader=leader,
    )
    report, later = initiative.progress_reports.order_by("period_end")[:2]
    outcome = Indicator.objects.get(element__initiative=initiative, unit="%")
    services.report_values_save(
        actor=leader,
        report=report,
        values=[
            ValueInput(
                outcome.pk,
                period_start,
                Decimal(value),
                parts=[PartInput("sex", "Flickor", Decimal(value) + 1)],
            )
            for period_start, value in (
                (dt.date(2025, 1, 1), "62"),
                (dt.date(2025, 4, 1), "64"),
                (dt.date(2025, 7, 1), "66"),
                (dt.date(2025, 10, 1), "67.5"),
            )
        ],
    )
    services.report_details_save(
        actor=leader, report=report, participants_total=14, lessons="Börja med kontaktpersonen."
    )
    services.attrition_add(actor=leader, report=report, count=2, reason="moved")
    services.attrition_add(
        actor=leader, report=report, count=1, reason="harm", description="Mådde sämre."
    )
    services.report_submit(actor=leader, report=report)
    services.report_approve(actor=coordinator, report=report)
    services.attrition_add(actor=leader, report=later, count=5, reason="moved")
    return initiative


def test_the_files_show_the_years_figures(
    organization: Organization, reported: Initiative, coordinator: User
) -> None:
    report = yearly_report_request(
        actor=coordinator, organization=organization, year=2025, background=False
    )
    assert report.status == YearlyReport.Status.DONE and report.progress == 1.0
    approved_2025 = sum(a.count for a in Attrition.objects.filter(report__period_end__year=2025))
    assert approved_2025 == 3
    pdf, docx = pdf_text(bytes(report.pdf)), docx_text(bytes(report.docx))
    for text in (pdf, docx):
        assert "Årlig utvärdering av portföljen 2025" in text
        assert "Läsfrämjande" in text and "67,5 %" in text
        assert "Skäl Deltagare Flyttade 2 Tog skada av satsningen 1 Totalt 3" in text
        assert "Läsfrämjande Skada eller försämring" in text
        assert "Börja med kontaktpersonen." in text
    workbook = load_workbook(io.BytesIO(bytes(report.xlsx)))
    attrition = list(workbook["Bortfall"].iter_rows(min_row=2, values_only=True))
    assert sum(count for _reason, count in attrition) == approved_2025
    states = list(workbook["Lägen"].iter_rows(min_row=2, values_only=True))
    assert sum(count for _state, count in states) == Initiative.objects.count()
    results = list(workbook["Resultat"].iter_rows(min_row=2, values_only=True))
    assert [(r[1], r[3], r[4], r[5], r[6]) for r in results] == [
        ("Andel med godkänd läsförmåga", 60, 80, 65, 67.5)
    ]


def test_coordinator_asks_for_a_report_and_downloads_are_audited(
    client: Client,
    settings: Any,
    organization: Organization,
    reported: Initiative,
    coordinator: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    login(client, coordinator)
    page = client.get(reverse("followup:yearly"))
    assert page.status_code == 200 and 'value="2025" selected' in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("followup:yearly"), {"year": "2025"})
    assert response.status_code == 302
    report = YearlyReport.objects.get()
    assert report.status == YearlyReport.Status.DONE
    download = client.get(reverse("followup:yearly-pdf", args=[report.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.VIEW, note__contains="Årsrapport 2025"
    ).exists()


def test_a_viewer_reads_but_cannot_ask_for_a_report(
    client: Client, organization: Organization
) -> None:
    login(client, make_user(organization, Role.VIEWER))
    assert client.get(reverse("followup:yearly")).status_code == 200
    assert client.post(reverse("followup:yearly"), {"year": "2025"}).status_code == 403
    assert not YearlyReport.objects.exists()


def _ledger_year(fund: Fund, year: int) -> dict[str, int]:
    """The fund part's figures for ``year`` summed in Python straight from the stored rows
    (öre; a correction counts against the kind it reverses), and the opening balance."""
    sums = dict.fromkeys(("allocation", "commitment", "release", "payout", "repayment"), 0)
    opening = 0
    corrections = corrected = 0
    for row in LedgerEntry.objects.filter(fund=fund, year__lte=year).select_related("reverses"):
        kind, amount = row.kind, row.amount_ore
        if kind == "correction":
            kind, amount = row.reverses.kind, -amount  # type: ignore[union-attr]
            corrections += row.year == year
            corrected += row.amount_ore if row.year == year else 0
        if row.year < year:
            opening += {"allocation": amount, "repayment": amount, "payout": -amount}.get(kind, 0)
        else:
            sums[kind] += amount
    return {
        "opening": opening,
        "closing": opening + sums["allocation"] + sums["repayment"] - sums["payout"],
        "corrections": corrections,
        "corrected": corrected,
        **sums,
    }


def test_the_fund_in_the_report_equals_the_ledger_per_part(
    organization: Organization, coordinator: User
) -> None:
    committee = make_committee(organization, "Socialnämnden")
    main = fund_create(actor=coordinator, organization=organization, name="Återföringsdelen")
    shared = fund_create(
        actor=coordinator,
        organization=organization,
        name="Samverkansdelen",
        kind=Fund.Kind.COLLABORATION,
    )
    first, second = make_initiative(organization, "Första"), make_initiative(organization, "Andra")
    book = partial(ledger.book, actor=coordinator)
    book(fund=main, kind=Kind.ALLOCATION, amount_ore=5_000_000_00, year=2024)
    book(
        fund=main,
        kind=Kind.COMMITMENT,
        amount_ore=1_000_000_00,
        year=2024,
        initiative=first,
        decision=make_decision(first),
    )
    book(fund=main, kind=Kind.PAYOUT, amount_ore=400_000_00, year=2024, initiative=first)
    book(fund=main, kind=Kind.ALLOCATION, amount_ore=3_000_000_00, year=2025)
    wrong = book(fund=main, kind=Kind.ALLOCATION, amount_ore=100_000_00, year=2025)
    ledger.correction_book(actor=coordinator, target=wrong, note="Fel belopp")
    book(
        fund=main,
        kind=Kind.COMMITMENT,
        amount_ore=2_000_000_00,
        year=2025,
        initiative=first,
        decision=make_decision(first),
    )
    book(fund=main, kind=Kind.PAYOUT, amount_ore=750_000_50, year=2025, initiative=first)
    book(fund=main, kind=Kind.RELEASE, amount_ore=250_000_00, year=2025, initiative=first)
    book(fund=main, kind=Kind.REPAYMENT, amount_ore=300_000_00, year=2025, committee=committee)
    book(fund=shared, kind=Kind.ALLOCATION, amount_ore=1_000_000_00, year=2025)
    book(
        fund=shared,
        kind=Kind.COMMITMENT,
        amount_ore=500_000_00,
        year=2025,
        initiative=second,
        decision=make_decision(second),
    )
    twice = book(fund=shared, kind=Kind.PAYOUT, amount_ore=200_000_00, year=2025, initiative=second)
    ledger.correction_book(actor=coordinator, target=twice, note="Dubbel utbetalning")
    book(fund=shared, kind=Kind.PAYOUT, amount_ore=180_000_00, year=2025, initiative=second)
    book(fund=main, kind=Kind.ALLOCATION, amount_ore=9_999_00, year=2026)  # another year

    report = yearly_report_request(
        actor=coordinator, organization=organization, year=2025, background=False
    )
    expected = {fund.name: _ledger_year(fund, 2025) for fund in (main, shared)}
    expected["Totalt"] = {
        key: sum(part[key] for part in expected.values()) for key in expected[main.name]
    }
    assert expected[main.name]["allocation"] == 3_000_000_00  # the wrong one is reversed
    assert expected["Totalt"]["payout"] == 750_000_50 + 180_000_00
    assert expected["Totalt"]["corrections"] == 2

    sheet = load_workbook(io.BytesIO(bytes(report.xlsx)))["Fond"]
    header, *rows = sheet.iter_rows(values_only=True)
    assert header == ("Post", main.name, shared.name, "Totalt")
    lines = {row[0]: dict(zip(header[1:], row[1:], strict=True)) for row in rows}
    for label, key in FUND_LINES.items():
        for column, figures in expected.items():
            amount = figures[key] if key == "corrections" else figures[key] / 100
            assert lines[label][column] == pytest.approx(amount), (label, column)

    pdf, docx = pdf_text(bytes(report.pdf)), docx_text(bytes(report.docx))
    total = expected["Totalt"]
    for text in (pdf, docx):
        assert "Återföringsdelen Samverkansdelen Totalt" in text
        for key in ("opening", "allocation", "payout", "repayment", "closing"):
            shown = plain(" ".join(kr(figures[key]) for figures in expected.values()))
            assert shown in text, key
        assert plain(kr(total["payout"])) == "930 000,50 kr"


#: The fund sheet's lines and the ledger figure each shows.
FUND_LINES = {
    "Saldo vid årets början": "opening",
    "Anslaget från budgeten": "allocation",
    "Återfört av nämnder": "repayment",
    "Utbetalt till satsningar": "payout",
    "Saldo vid årets slut": "closing",
    "Åtaget (beviljat) under året": "commitment",
    "Frigjort (åtaganden som inte betalas ut)": "release",
    "Rättelser (antal)": "corrections",
    "Belopp som rättats (ingår ovan)": "corrected",
}
