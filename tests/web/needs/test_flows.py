"""Flow analysis in the web app: event files pseudonymised on upload, the guide's example
reproduced, small cells hidden, access limited and logged."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from sikt.analysis import examples
from sikt.analysis.datasets import dataset_table
from sikt.analysis.flow import KINDS, FlowSettings
from sikt.analysis.flow_results import run
from sikt.analysis.identity import luhn_check_digit
from sikt.web.accounts.models import Organization, Role
from sikt.web.audit.models import AuditEntry, PersonalDataAccess
from sikt.web.needs.models import EventDataset, FlowChart
from sikt.web.needs.store import store_for
from tests.web.conftest import login
from tests.web.factories import make_needs_analysis, make_organization, make_user

pytestmark = pytest.mark.django_db

SWEDISH = {
    "HVB": "HVB",
    "SiS": "SiS",
    "family_home": "familjehem",
    "emergency_home": "jourhem",
    "outpatient": "öppenvård",
}


def _number(index: int) -> str:
    born = date(2003, 1, 1) + timedelta(days=index)
    nine = f"{born:%y%m%d}{index % 1000:03d}"
    return f"{born:%Y%m%d}-{nine[6:]}{luhn_check_digit(nine)}"


def guide_example_csv() -> tuple[bytes, set[str]]:
    """The guide's worked example with a valid personnummer per person (fictional)."""
    table = examples.guide_example_events()
    numbers: dict[str, str] = {}
    lines = ["personnummer;start;slut;insats"]
    for row in table.to_pylist():
        number = numbers.setdefault(row["person"], _number(len(numbers)))
        end = row["end"].isoformat() if row["end"] else ""
        lines.append(f"{number};{row['start'].isoformat()};{end};{SWEDISH[row['kind']]}")
    return ("\n".join(lines) + "\n").encode("utf-8"), set(numbers.values())


def _upload(client: Client, data: bytes) -> object:
    return client.post(
        reverse("needs:flows"),
        {
            "title": "Placeringar 2022–2024",
            "file": SimpleUploadedFile("p.csv", data, "text/csv"),
            "utfall": ["HVB", "SiS"],
            "referensdatum": "2024-12-31",
            "ar": 3,
        },
    )


def test_guide_example_is_reproduced_from_an_uploaded_file(
    client: Client, organization: Organization
) -> None:
    analyst = make_user(organization, Role.ANALYST)
    login(client, analyst)
    data, numbers = guide_example_csv()
    response = _upload(client, data)
    dataset = EventDataset.objects.get()
    # The page opens with the analysis chosen on the upload.
    chosen = "?utfall=HVB&utfall=SiS&referensdatum=2024-12-31&ar=3"
    assert response["Location"] == reverse("needs:flow", args=[dataset.pk]) + chosen
    with dataset_table(store_for(organization), dataset.dataset_name) as events:
        stored = set(events.to_pyarrow().column("person").to_pylist())
    assert len(stored) == dataset.persons == len(numbers)
    assert not stored & {n.replace("-", "") for n in numbers} and not stored & numbers
    page = client.get(response["Location"]).content.decode()
    page = page.replace("\xa0", " ").replace("\u202f", " ")
    assert "Omplaceringar: 200" in page
    assert ">120<" in page and ">60<" in page and ">20<" in page
    assert "60 %" in page and "30 %" in page and "10 %" in page
    assert "<svg" in page
    viewed = PersonalDataAccess.objects.get(kind="view", object_id=str(dataset.pk))
    assert viewed.actor == analyst and "Flödesanalys visad" in viewed.note


def test_a_malformed_personnummer_names_the_row_and_saves_nothing(
    client: Client, organization: Organization
) -> None:
    login(client, make_user(organization, Role.COORDINATOR))
    good = _number(1)
    bad = good[:-1] + str((int(good[-1]) + 1) % 10)
    data = f"personnummer;start;slut;insats\n{good};2024-01-01;;HVB\n{bad};2024-01-01;;SiS\n"
    response = _upload(client, data.encode())
    page = response.content.decode()
    assert "Ingenting sparades" in page and "<td>3</td>" in page
    assert bad not in page and bad.replace("-", "") not in page
    assert EventDataset.objects.count() == 0


def test_individual_data_is_for_analysts_and_coordinators_only(
    client: Client, organization: Organization
) -> None:
    login(client, make_user(organization, Role.ANALYST))
    data, _numbers = guide_example_csv()
    _upload(client, data)
    dataset = EventDataset.objects.get()
    for role in (Role.VIEWER, Role.STEERING_GROUP, Role.ECONOMIST):
        login(client, make_user(organization, role))
        assert client.get(reverse("needs:flows")).status_code == 403
        assert client.get(reverse("needs:flow", args=[dataset.pk])).status_code == 403


def test_sankey_timeline_and_tables_are_drawn_and_exported(
    client: Client, organization: Organization
) -> None:
    login(client, make_user(organization, Role.ANALYST))
    data, _numbers = guide_example_csv()
    _upload(client, data)
    dataset = EventDataset.objects.get()
    query = {"utfall": ["HVB", "SiS"], "referensdatum": "2024-12-31", "ar": 3}
    page = client.get(reverse("needs:flow", args=[dataset.pk]), query).content.decode()
    page = page.replace("\xa0", " ").replace("\u202f", " ")
    # The Sankey diagram's text alternative names every published move, as the table does.
    sankey = page[page.index('aria-label="Förlopp steg för steg.') + len('aria-label="') :]
    sankey = sankey[: sankey.index('"')]
    with dataset_table(store_for(organization), dataset.dataset_name) as events:
        result = run(events, FlowSettings(date(2024, 12, 31), 3))
    assert result.links
    for link in result.links:
        move = f"{KINDS[link.source]} → {KINDS[link.target]} {link.n} personer"
        assert move in sankey
    workbook = client.get(reverse("needs:flow-xlsx", args=[dataset.pk]), query)
    assert workbook["Content-Disposition"].endswith('.xlsx"')
    book = load_workbook(io.BytesIO(workbook.content))
    groups = book["Omplaceringar"]
    counts = {row[0]: row[1] for row in groups.iter_rows(min_row=2, values_only=True)}
    assert sorted(counts.values()) == [20, 60, 120]
    assert {"Övergångar", "Förlopp", "Månader till omplacering"} <= set(book.sheetnames)
    for name in ("needs:flow-sankey-svg", "needs:flow-timeline-svg"):
        svg = client.get(reverse(name, args=[dataset.pk]), query)
        assert svg["Content-Type"] == "image/svg+xml" and svg.content.startswith(b"<svg")
    png = client.get(reverse("needs:flow-sankey-png", args=[dataset.pk]), query)
    assert png.content.startswith(b"\x89PNG")
    exported = PersonalDataAccess.objects.filter(kind="export", object_id=str(dataset.pk))
    assert sorted(e.note.split(":")[0] for e in exported) == [
        "Flödesanalys exporterad (SANKEY.PNG)",
        "Flödesanalys exporterad (SANKEY.SVG)",
        "Flödesanalys exporterad (TIMELINE.SVG)",
        "Flödesanalys exporterad (XLSX)",
    ]


def test_the_sankey_diagram_is_kept_on_the_needs_analysis_record(
    client: Client, organization: Organization
) -> None:
    analyst = make_user(organization, Role.ANALYST)
    login(client, analyst)
    data, _numbers = guide_example_csv()
    _upload(client, data)
    dataset = EventDataset.objects.get()
    analysis = make_needs_analysis(organization)
    page = client.get(
        reverse("needs:flow", args=[dataset.pk]),
        {"utfall": ["HVB", "SiS"], "referensdatum": "2024-12-31", "ar": 3},
    ).content.decode()
    assert "Lägg till sankeydiagrammet i behovsanalysen" in page
    response = client.post(
        reverse("needs:flow", args=[dataset.pk]),
        {"utfall": ["HVB", "SiS"], "referensdatum": "2024-12-31", "ar": 3, "analysis": analysis.pk},
    )
    assert response["Location"] == reverse("needs:detail", args=[analysis.pk])
    chart = FlowChart.objects.get(analysis=analysis)
    with dataset_table(store_for(organization), dataset.dataset_name) as events:
        result = run(events, FlowSettings(date(2024, 12, 31), 3))
    assert chart.links == [[x.step, x.source, x.target, x.n] for x in result.links]
    assert (chart.reference_date, chart.lookback_years, chart.threshold) == (
        date(2024, 12, 31),
        3,
        5,
    )
    # Anyone in the organisation reads the record and its chart: suppressed counts only.
    login(client, make_user(organization, Role.VIEWER))
    record = client.get(reverse("needs:detail", args=[analysis.pk])).content.decode()
    record = record.replace("\xa0", " ")
    assert "Diagram som stöder analysen" in record and "<svg" in record
    first = result.links[0]
    assert f"{KINDS[first.source]} → {KINDS[first.target]} {first.n} personer" in record
    svg = client.get(reverse("needs:chart-svg", args=[chart.pk]))
    assert svg["Content-Type"] == "image/svg+xml" and svg.content.startswith(b"<svg")
    png = client.get(reverse("needs:chart-png", args=[chart.pk]))
    assert png.content.startswith(b"\x89PNG")
    # Only an analyst or coordinator attaches, and only to a record they may change.
    assert (
        client.post(
            reverse("needs:flow", args=[dataset.pk]),
            {
                "utfall": ["HVB", "SiS"],
                "referensdatum": "2024-12-31",
                "ar": 3,
                "analysis": analysis.pk,
            },
        ).status_code
        == 403
    )
    assert FlowChart.objects.count() == 1


def test_a_chart_is_attached_only_to_a_record_of_the_same_organisation(
    client: Client, organization: Organization
) -> None:
    login(client, make_user(organization, Role.ANALYST))
    data, _numbers = guide_example_csv()
    _upload(client, data)
    dataset = EventDataset.objects.get()
    foreign = make_needs_analysis(make_organization("Annan kommun"))
    response = client.post(
        reverse("needs:flow", args=[dataset.pk]),
        {"utfall": ["HVB", "SiS"], "referensdatum": "2024-12-31", "ar": 3, "analysis": foreign.pk},
    )
    assert response["Location"] == reverse("needs:flow", args=[dataset.pk])
    assert FlowChart.objects.count() == 0


def test_a_saved_chart_is_removed_by_those_who_may_change_the_record(
    client: Client, organization: Organization
) -> None:
    analyst = make_user(organization, Role.ANALYST)
    login(client, analyst)
    data, _numbers = guide_example_csv()
    _upload(client, data)
    dataset = EventDataset.objects.get()
    analysis = make_needs_analysis(organization)
    client.post(
        reverse("needs:flow", args=[dataset.pk]),
        {"utfall": ["HVB", "SiS"], "referensdatum": "2024-12-31", "ar": 3, "analysis": analysis.pk},
    )
    chart = FlowChart.objects.get(analysis=analysis)
    remove = reverse("needs:chart-remove", args=[chart.pk])
    # A reader of the record sees no removal and may not remove.
    login(client, make_user(organization, Role.VIEWER))
    assert remove not in client.get(reverse("needs:detail", args=[analysis.pk])).content.decode()
    assert client.post(remove).status_code == 403
    # Another organisation's analyst does not find the chart.
    login(client, make_user(make_organization("Annan kommun"), Role.ANALYST))
    assert client.post(remove).status_code == 404
    assert FlowChart.objects.filter(pk=chart.pk).exists()
    login(client, analyst)
    record = client.get(reverse("needs:detail", args=[analysis.pk])).content.decode()
    assert remove in record
    confirm = client.get(remove).content.decode()
    assert "Ta bort diagrammet från behovsanalysen" in confirm
    assert FlowChart.objects.filter(pk=chart.pk).exists()
    response = client.post(remove)
    assert response["Location"] == reverse("needs:detail", args=[analysis.pk])
    assert not FlowChart.objects.filter(pk=chart.pk).exists()
    assert EventDataset.objects.filter(pk=dataset.pk).exists()
    page = client.get(reverse("needs:detail", args=[analysis.pk])).content.decode()
    assert "Inget diagram är tillagt ännu" in page
    entry = AuditEntry.objects.get(
        content_type__model="flowchart", object_id=str(chart.pk), action=AuditEntry.Action.DELETE
    )
    assert entry.actor == analyst and entry.changes["links"][0] == chart.links


def test_the_flow_page_follows_the_chosen_outcome_and_a_kept_chart_says_which(
    client: Client, organization: Organization
) -> None:
    login(client, make_user(organization, Role.ANALYST))
    _upload(client, guide_example_csv()[0])
    dataset = EventDataset.objects.get()
    analysis = make_needs_analysis(organization)
    url = reverse("needs:flow", args=[dataset.pk])
    chosen = {"utfall": ["SiS"], "referensdatum": "2024-12-31", "ar": 3}
    page = client.get(url, chosen).content.decode().replace("\xa0", " ")
    with dataset_table(store_for(organization), dataset.dataset_name) as events:
        only_sis = run(events, FlowSettings(date(2024, 12, 31), 3, outcome_kinds=("SiS",)))
        guide = run(events, FlowSettings(date(2024, 12, 31), 3))
    assert only_sis.replacements != guide.replacements
    assert "Omplaceringar i SiS efter väg" in page
    assert f"Omplaceringar: {only_sis.replacements}" in page
    assert "Direkt från SiS till SiS" in page and "SiS – HVB/familjehem/jourhem – SiS" in page
    attach = page.split('action="' + url + '"')[1].split("</form>")[0]
    assert attach.count('name="utfall"') == 1 and 'name="utfall" value="SiS"' in attach
    # No placement chosen, or an intervention, is refused with the field named.
    for outcome in ([], ["outpatient"]):
        refused = client.get(url, {**chosen, "utfall": outcome}).content.decode()
        assert "Omplaceringar:" not in refused and 'class="error"' in refused
    assert "Välj minst en placering." in client.get(url, {**chosen, "utfall": []}).content.decode()
    # The chart kept on a needs analysis keeps the outcome and names it.
    client.post(url, {**chosen, "analysis": analysis.pk})
    chart = FlowChart.objects.get(analysis=analysis)
    assert chart.outcome_kinds == ["SiS"]
    assert chart.links == [[x.step, x.source, x.target, x.n] for x in only_sis.links]
    record = client.get(reverse("needs:detail", args=[analysis.pk])).content.decode()
    assert "Flödesanalys av Placeringar 2022–2024: alla i SiS den 2024-12-31" in record
