"""The yearly portfolio report: generated in the background, its files' totals equal the data."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from decimal import Decimal
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
from sikt.web.initiatives.models import Initiative
from tests.web.conftest import login
from tests.web.factories import make_running_initiative, make_user
from tests.web.reports.conftest import docx_text, pdf_text

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
