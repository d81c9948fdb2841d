"""Follow-up pages as users meet them: the steering group's overview, the initiative page with
charts, filling in, importing, submitting and reviewing a report."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import QuerySet
from django.test import Client
from django.urls import reverse

from sikt.web import generations
from sikt.web.accounts.models import Organization, User
from sikt.web.followup.models import ProgressReport
from sikt.web.followup.selectors.overview import glances, overviews
from sikt.web.followup.states import FOLLOWED_STATES, ReportState
from sikt.web.followup.views import steering
from sikt.web.initiatives.models import Initiative
from sikt.web.initiatives.states import InitiativeState
from tests.web.conftest import login
from tests.web.factories import make_committee, make_initiative
from tests.web.followup.conftest import TODAY

pytestmark = pytest.mark.django_db


def followed_all(organization: Organization) -> QuerySet[Initiative]:
    return Initiative.objects.filter(organization=organization, state__in=FOLLOWED_STATES)


def _report(initiative: Initiative) -> ProgressReport:
    return initiative.progress_reports.order_by("period_end").first()  # type: ignore[return-value]


def _fill(client: Client, report: ProgressReport, value: str = "64,5") -> str:
    page = client.get(reverse("followup:report-values", args=[report.pk]))
    form = page.context["form"]
    data = {"version": report.version}
    for block in form.layout:
        if block["row"].expected.indicator.unit == "%":
            key = block["key"]
            data[f"{key}-value"] = value
            slots = block["groups"][0]["slots"]
            data[f"{slots[0]}-group"] = "Flickor/kvinnor"
            data[f"{slots[0]}-value"] = "70"
            data[f"{slots[2]}-group"] = "Annat"
            data[f"{slots[2]}-value"] = "1"
    response = client.post(reverse("followup:report-values", args=[report.pk]), data)
    return response.content.decode() if response.status_code == 200 else ""


def test_leader_fills_in_and_submits_and_coordinator_approves(
    client: Client, initiative: Initiative, leader: User, reviewer: User
) -> None:
    report = _report(initiative)
    login(client, leader)
    page = client.get(reverse("followup:report", args=[report.pk])).content.decode()
    assert "Fyll i indikatorvärden" in page and "Lämna in rapporten" in page
    assert _fill(client, report) == ""
    measurement = report.measurements.get()
    assert measurement.value == Decimal("64.5")
    assert sorted(measurement.parts.values_list("category", flat=True)) == [
        "Annat",
        "Flickor/kvinnor",
    ]
    client.post(reverse("followup:report-submit", args=[report.pk]))
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    login(client, reviewer)
    page = client.get(reverse("followup:review", args=[report.pk])).content.decode()
    assert "Anteckning vid retur" in page
    client.post(
        reverse("followup:review", args=[report.pk]),
        {"decision": "return", "comment": "Se över värdet", f"note-{measurement.pk}": "För högt"},
    )
    report.refresh_from_db()
    assert report.state == ReportState.RETURNED
    login(client, leader)
    page = client.get(reverse("followup:report-values", args=[report.pk])).content.decode()
    assert "För högt" in page
    assert _fill(client, report, "62") == ""
    client.post(reverse("followup:report-submit", args=[report.pk]))
    login(client, reviewer)
    client.post(reverse("followup:review", args=[report.pk]), {"decision": "approve"})
    report.refresh_from_db()
    assert report.state == ReportState.APPROVED


def test_a_bad_number_is_shown_on_the_form_and_nothing_is_saved(
    client: Client, initiative: Initiative, leader: User
) -> None:
    report = _report(initiative)
    page = _fill(login(client, leader), report, "sextio")
    assert "”sextio” är inte ett tal" in page
    assert not report.measurements.exists()


def test_import_errors_are_listed_with_row_and_column(
    client: Client, initiative: Initiative, leader: User
) -> None:
    report = _report(initiative)
    upload = SimpleUploadedFile("värden.csv", "indikator;period;värde\nOkänd;2026-01;1\n".encode())
    page = (
        login(client, leader)
        .post(reverse("followup:report-import", args=[report.pk]), {"file": upload})
        .content.decode()
    )
    assert "Inget importerades" in page
    assert "rad/row 2, indikator: okänd indikator ”Okänd”" in page


def test_viewer_reads_but_cannot_fill_in(
    client: Client, initiative: Initiative, viewer: User
) -> None:
    report = _report(initiative)
    login(client, viewer)
    page = client.get(reverse("followup:report", args=[report.pk])).content.decode()
    assert "Din roll kan inte fylla i rapporter." in page
    assert "Fyll i indikatorvärden" not in page
    client.post(reverse("followup:report-submit", args=[report.pk]))
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT


def test_steering_page_shows_light_reason_and_filters_by_committee(
    client: Client, organization: Organization, initiative: Initiative, viewer: User
) -> None:
    committee = make_committee(organization, "Utbildningsnämnden")
    Initiative.objects.filter(pk=initiative.pk).update(owner_committee=committee)
    login(client, viewer)
    page = client.get(reverse("followup:steering")).content.decode()
    assert "Läsfrämjande" in page
    assert "försenade rapporter: 1 (äldsta 35 dagar)" in page
    assert "Röd" in page
    other = make_committee(organization, "Socialnämnden")
    page = client.get(reverse("followup:steering"), {"committee": other.pk}).content.decode()
    assert "Läsfrämjande" not in page
    nav = client.get(reverse("shell:area", args=["uppfoljning"]))
    assert nav.status_code == 302 and nav["Location"] == reverse("followup:steering")


def test_steering_page_prints_a_page_of_rows_red_first_and_counts_them_all(
    client: Client,
    organization: Organization,
    initiative: Initiative,
    viewer: User,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(steering, "PAGE_SIZE", 1)
    calm = make_initiative(organization, "Ansökan om läxhjälp")
    Initiative.objects.filter(pk=calm.pk).update(
        state=InitiativeState.RUNNING, start_date=initiative.start_date
    )
    login(client, viewer)
    first = client.get(reverse("followup:steering")).content.decode()
    # The red initiative comes first, though the other's title sorts before it.
    assert "Läsfrämjande" in first and "Ansökan om läxhjälp" not in first
    assert "Sida 1 av 2" in first and "sida=2" in first
    # The counts by light are of every initiative, not just the page's.
    assert re.search(r'class="figure">1</span> röd</li>.*"figure">1</span> ej bedömd', first)
    second = client.get(reverse("followup:steering"), {"sida": 2}).content.decode()
    assert "Ansökan om läxhjälp" in second and "Läsfrämjande" not in second


def test_initiative_page_has_chart_table_checklist_and_no_fund_data(
    client: Client, initiative: Initiative, leader: User, reviewer: User
) -> None:
    report = _report(initiative)
    login(client, leader)
    _fill(client, report)
    client.post(reverse("followup:report-submit", args=[report.pk]))
    login(client, reviewer)
    client.post(reverse("followup:review", args=[report.pk]), {"decision": "approve"})
    page = client.get(reverse("followup:initiative", args=[initiative.pk])).content.decode()
    assert 'role="img"' in page and "<desc" in page
    assert "Godkända värden för ”Andel med godkänd läsförmåga”" in page
    assert "64,5" in page and "Flickor/kvinnor: 70" in page
    assert "Framgångskriterium" in page and "65" in page  # baseline 60 + 5
    assert "Säkerställ följande" in page
    assert "Ingen fonddata" in page


def test_steering_page_is_right_the_next_day_and_after_a_write(
    client: Client, organization: Organization, initiative: Initiative, viewer: User
) -> None:
    """The lights are kept between requests (sikt.web.generations), yet the next day counts
    the overdue days afresh and a write in the organisation shows on the next view."""
    login(client, viewer)
    assert "(äldsta 35 dagar)" in client.get(reverse("followup:steering")).content.decode()
    with time_machine.travel(TODAY + dt.timedelta(days=1), tick=False):
        page = client.get(reverse("followup:steering")).content.decode()
    assert "(äldsta 36 dagar)" in page
    with generations.working_in(organization.pk):
        initiative.progress_reports.filter(due_on__lt=TODAY.date()).update(
            due_on=TODAY.date() + dt.timedelta(days=10)
        )
    page = client.get(reverse("followup:steering")).content.decode()
    assert "försenade rapporter" not in page


def test_steering_page_lights_are_those_of_the_status_function(
    organization: Organization, initiative: Initiative
) -> None:
    """What the page keeps is exactly what the status function gives for each initiative."""
    calm = make_initiative(organization, "Ansökan om läxhjälp")
    Initiative.objects.filter(pk=calm.pk).update(
        state=InitiativeState.RUNNING, start_date=initiative.start_date
    )
    expected = {
        overview.initiative.pk: overview.status
        for overview in overviews(None, organization, initiatives=followed_all(organization))
    }
    kept = {glance.pk: glance.status for glance in glances(organization)}
    assert kept == expected and len(kept) == 2
    assert {glance.pk: glance.status for glance in glances(organization)} == expected
