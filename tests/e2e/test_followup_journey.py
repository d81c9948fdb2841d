"""The follow-up acceptance journey in a real browser (issue 10): the project leader reports
delår 1 with a breakdown and an attrition for harm → the coordinator sees the flag in the work
queue and returns one value with a note → the leader corrects and resubmits → approval → the
steering group's page shows the light and the initiative page the chart → the yearly report
opens as PDF and DOCX and its totals equal the data. Every page passes the accessibility scan."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from playwright.sync_api import expect

from sikt.web.accounts.models import Role
from sikt.web.design.models import Indicator
from sikt.web.followup.models import Attrition, ProgressReport
from sikt.web.followup.selectors.expected import row_key
from sikt.web.followup.states import ReportState
from tests.e2e.conftest import assert_accessible
from tests.web.factories import PASSWORD, make_organization, make_running_initiative, make_user
from tests.web.reports.conftest import docx_text, pdf_text

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE = "Läsfrämjande i lågstadiet"


def _login(page: Any, url: str, username: str) -> None:
    page.goto(f"{url}/konto/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()


def _logout(page: Any) -> None:
    page.get_by_role("button", name="Logga ut").click()


def _value_field(page: Any, report: ProgressReport, suffix: str) -> Any:
    outcome = Indicator.objects.get(element__initiative=report.initiative, unit="%")
    key = row_key(outcome.pk, dt.date(report.period_start.year, 1, 1))
    return page.locator(f'[name="{key}-{suffix}"]')


def test_report_flag_return_correct_approve_steering_page_and_yearly_report(
    live_server: Any, page: Any, settings: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    year = dt.date.today().year
    organization = make_organization("Exempelby testkommun")
    leader = make_user(organization, Role.PROJECT_LEADER, username="petra")
    make_user(organization, Role.COORDINATOR, username="sara")
    make_user(organization, Role.STEERING_GROUP, username="stina")
    initiative = make_running_initiative(
        organization,
        title=TITLE,
        start=dt.date(year, 1, 1),
        end=dt.date(year + 2, 12, 31),
        reporting="interim",
        leader=leader,
    )
    report = initiative.progress_reports.order_by("period_end").first()
    assert report is not None
    url = live_server.url
    report_url = f"{url}/uppfoljning/rapporter/{report.pk}/"

    # The project leader enters delår 1 with a breakdown by sex, and an attrition for harm.
    _login(page, url, "petra")
    page.goto(report_url)
    expect(page.locator("h1")).to_contain_text(f"Delår 1 {year}")
    assert_accessible(page)
    page.get_by_role("link", name="Fyll i indikatorvärden").click()
    _value_field(page, report, "value").fill("64,5")
    slot = _value_field(page, report, "sex-0-group")
    slot.fill("Flickor")
    _value_field(page, report, "sex-0-value").fill("66")
    assert_accessible(page)
    page.get_by_role("button", name="Spara värdena").click()
    page.goto(report_url)
    page.get_by_role("link", name="Registrera bortfall").click()
    page.get_by_label("Deltagare som slutade").fill("1")
    page.locator("select[name=reason]").select_option(label="Tog skada av satsningen")
    page.get_by_label("Vad som hände").fill(
        "Eleven mådde sämre av gruppens krav; stödet är nu annat."
    )
    assert_accessible(page)
    page.get_by_role("button", name="Registrera").click()
    page.goto(report_url)
    page.get_by_role("link", name="Lämna in rapporten").click()
    page.get_by_role("button", name="Lämna in rapporten").click()
    _logout(page)

    # The coordinator sees the flag in the work queue and returns the value with a note.
    _login(page, url, "sara")
    page.goto(f"{url}/")
    expect(page.get_by_text(f"{TITLE} – Skada eller försämring rapporterad")).to_be_visible()
    assert_accessible(page)
    page.goto(f"{report_url}granska/")
    page.get_by_label("Varför värdet returneras", exact=False).first.fill("Stämmer 64,5 %?")
    page.get_by_label("Returnera den för rättning").check()
    page.get_by_label("Kommentar till projektledaren").fill("Se över värdet för kvartal 1.")
    assert_accessible(page)
    page.get_by_role("button", name="Spara beslutet").click()
    report.refresh_from_db()
    assert report.state == ReportState.RETURNED
    _logout(page)

    # The leader sees the note, corrects the value and submits again.
    _login(page, url, "petra")
    page.goto(report_url)
    expect(page.get_by_text("Stämmer 64,5 %?")).to_be_visible()
    page.get_by_role("link", name="Fyll i indikatorvärden").click()
    _value_field(page, report, "value").fill("62")
    page.get_by_role("button", name="Spara värdena").click()
    page.goto(report_url)
    page.get_by_role("link", name="Lämna in rapporten").click()
    page.get_by_role("button", name="Lämna in rapporten").click()
    _logout(page)

    # The coordinator approves; the steering group's page shows the light with its reason.
    _login(page, url, "sara")
    page.goto(f"{report_url}granska/")
    page.get_by_label("Godkänn rapporten").check()
    page.get_by_role("button", name="Spara beslutet").click()
    report.refresh_from_db()
    assert report.state == ReportState.APPROVED
    _logout(page)
    _login(page, url, "stina")
    page.goto(f"{url}/uppfoljning/")
    row = page.get_by_role("row").filter(has_text=TITLE)
    expect(row).to_contain_text("röd")
    expect(row).to_contain_text("skada eller försämring rapporterad")
    assert_accessible(page)
    page.get_by_role("link", name=TITLE).first.click()
    expect(page.get_by_role("heading", name="Indikatorer över tid")).to_be_visible()
    expect(page.get_by_role("img", name="Andel med godkänd läsförmåga").first).to_be_visible()
    expect(page.get_by_role("cell", name="62", exact=True).first).to_be_visible()
    assert_accessible(page)

    # The yearly report for this year: PDF and DOCX whose totals equal the data.
    page.goto(f"{url}/uppfoljning/arsrapport/")
    page.get_by_label("År").select_option(str(year))
    assert_accessible(page)
    page.get_by_role("button", name="Ta fram årsrapporten").click()
    link = page.get_by_role("link", name="PDF")
    expect(link).to_be_visible()
    left = sum(a.count for a in Attrition.objects.filter(report__initiative=initiative))
    assert left == 1
    pdf = pdf_text(page.request.get(url + link.get_attribute("href")).body())
    docx_link = page.get_by_role("link", name="Word (DOCX)")
    docx = docx_text(page.request.get(url + docx_link.get_attribute("href")).body())
    for text in (pdf, docx):
        assert f"Årlig utvärdering av portföljen {year}" in text
        assert f"Deltagare som slutat (godkända rapporter) {left}" in text
        assert f"Tog skada av satsningen {left} Totalt {left}" in text
        assert "62 %" in text
