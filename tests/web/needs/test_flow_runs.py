"""Large event files analysed in the background: the upload kept only encrypted until the worker
reads it and deleted then (also when the run fails), the same result as the synchronous path,
access logged, limited to analysts and coordinators of the organisation."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from sikt.analysis.flow import FlowSettings
from sikt.web import queue
from sikt.web.accounts.models import Organization, Role
from sikt.web.audit.models import PersonalDataAccess
from sikt.web.needs import flow_runs, flows
from sikt.web.needs.models import EventDataset, FlowChart, FlowRun
from sikt.web.needs.tasks import flow_run_task
from sikt.web.worker import SERVE_WORKER_PREFIX, recover_interrupted_runs
from tests.web.conftest import login
from tests.web.factories import make_needs_analysis, make_organization, make_user
from tests.web.needs.test_flows import _number, guide_example_csv

pytestmark = pytest.mark.django_db

SETTINGS = FlowSettings(date(2024, 12, 31), 3)


@pytest.fixture
def upload(client: Client, django_capture_on_commit_callbacks: Any) -> Callable[..., HttpResponse]:
    """Post an event file with the analysis to run on it (by default the guide example's) to
    the flow page (``outcome``: the outcome boxes ticked, if not the settings'); what the
    request queues on commit is queued."""

    def post(
        data: bytes,
        title: str = "Placeringar",
        flow_settings: FlowSettings = SETTINGS,
        outcome: list[str] | None = None,
    ) -> HttpResponse:
        with django_capture_on_commit_callbacks(execute=True):
            response: HttpResponse = client.post(
                reverse("needs:flows"),
                {
                    "title": title,
                    "file": SimpleUploadedFile("p.csv", data, "text/csv"),
                    "utfall": list(flow_settings.outcome_kinds) if outcome is None else outcome,
                    "referensdatum": flow_settings.reference_date.isoformat(),
                    "ar": flow_settings.lookback_years,
                },
            )
        return response

    return post


def _run_queue() -> None:
    worker = queue.FairWorker.named("test-", interval=0, batch=True)
    while (task := worker.claim_next()) is not None:
        worker.run_task(task)


def _text(content: bytes) -> str:
    return content.decode().replace("\xa0", " ").replace("\u202f", " ")


def test_a_large_file_is_analysed_in_the_background_with_the_synchronous_result(
    client: Client,
    organization: Organization,
    upload: Callable[..., HttpResponse],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    analyst = make_user(organization, Role.ANALYST)
    login(client, analyst)
    data, numbers = guide_example_csv()
    rows = flow_runs.event_rows("p.csv", data)
    assert rows == data.count(b"\n") - 1
    # The same file in the request (under the threshold) ...
    synchronous = upload(data, "I begäran")
    assert synchronous["Location"].startswith("/behov/floden/")
    expected = flows.flow_of(analyst, EventDataset.objects.get(), SETTINGS)
    # ... and over it.
    monkeypatch.setattr(flow_runs, "BACKGROUND_ROWS", rows - 1)
    response = upload(data, "I bakgrunden")
    run = FlowRun.objects.get()
    assert response["Location"] == reverse("needs:flow-run", args=[run.pk])
    assert run.status == FlowRun.Status.QUEUED and run.rows == rows
    assert EventDataset.objects.count() == 1  # nothing was read in the request
    # The kept upload is encrypted: no identity number in it, in any form.
    sealed = bytes(run.sealed)
    assert sealed and data not in sealed and b"personnummer" not in sealed
    assert not any(n.encode() in sealed or n.replace("-", "").encode() in sealed for n in numbers)
    assert flow_runs.unseal(sealed) == data
    waiting = _text(client.get(response["Location"]).content)
    assert "Väntar på att starta" in waiting and "every 1s" in waiting

    _run_queue()

    run.refresh_from_db()
    assert run.status == FlowRun.Status.DONE and bytes(run.sealed) == b""
    assert flow_runs.stored_result(run) == expected
    assert run.dataset is not None and run.dataset.persons == len(numbers)
    analysed = PersonalDataAccess.objects.get(kind="analysis", object_id=str(run.dataset.pk))
    assert analysed.actor == analyst and f"körning {run.pk}" in analysed.note
    page = _text(client.get(response["Location"]).content)
    assert "Omplaceringar: 200" in page and "60 %" in page and "<svg" in page
    assert "every 1s" not in page
    assert not any(n in page or n.replace("-", "") in page for n in numbers)
    viewed = PersonalDataAccess.objects.get(kind="view", object_id=str(run.dataset.pk))
    assert viewed.actor == analyst and f"bakgrundskörning {run.pk}" in viewed.note
    listed = _text(client.get(reverse("needs:flows")).content)
    assert "I bakgrunden" in listed and "Klar" in listed
    # The result's Sankey diagram is added to a needs analysis as from the flow page.
    analysis = make_needs_analysis(organization)
    page = _text(client.get(response["Location"]).content)
    action = reverse("needs:flow", args=[run.dataset.pk])
    assert f'<form method="post" action="{action}"' in page
    client.post(
        action,
        {"utfall": ["HVB", "SiS"], "referensdatum": "2024-12-31", "ar": 3, "analysis": analysis.pk},
    )
    chart = FlowChart.objects.get(analysis=analysis)
    assert chart.links == [[x.step, x.source, x.target, x.n] for x in expected.links]


def test_a_background_run_analyses_what_the_upload_chose_and_says_so(
    client: Client,
    organization: Organization,
    upload: Callable[..., HttpResponse],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    analyst = make_user(organization, Role.ANALYST)
    login(client, analyst)
    monkeypatch.setattr(flow_runs, "BACKGROUND_ROWS", 1)
    data, _numbers = guide_example_csv()
    # The upload offers the placements as the outcome, the guide's two chosen.
    form = _text(client.get(reverse("needs:flows")).content)
    assert "<legend>Utfall</legend>" in form
    for kind, name in [("HVB", "HVB"), ("SiS", "SiS")]:
        assert f'name="utfall" value="{kind}"' in form and f"{name}</label>" in form
    assert "familjehem</label>" in form and "jourhem</label>" in form
    assert form.count('name="utfall"') == 4 and form.count("checked") == 2
    # A choice the form refuses queues nothing: too few years, no outcome, an intervention.
    refused = upload(data, flow_settings=FlowSettings(date(2024, 6, 30), 0))
    assert refused.status_code == 200 and not FlowRun.objects.exists()
    for outcome in ([], ["outpatient"]):
        refused = upload(data, flow_settings=FlowSettings(date(2024, 6, 30), 2), outcome=outcome)
        assert refused.status_code == 200 and not FlowRun.objects.exists()
    assert "Välj minst en placering." in _text(upload(data, outcome=[]).content)
    chosen = FlowSettings(date(2024, 6, 30), 2, outcome_kinds=("HVB", "family_home"))
    response = upload(data, flow_settings=chosen)
    run = FlowRun.objects.get()
    assert (run.reference_date, run.lookback_years) == (chosen.reference_date, 2)
    assert run.outcome_kinds == ["HVB", "family_home"]
    waiting = _text(client.get(response["Location"]).content)
    assert "alla i HVB eller familjehem den 2024-06-30" in waiting and "2 år bakåt" in waiting

    _run_queue()

    run.refresh_from_db()
    assert run.status == FlowRun.Status.DONE and run.dataset is not None
    result = flow_runs.stored_result(run)
    assert result.settings == chosen
    assert result == flows.flow_of(analyst, run.dataset, chosen)
    assert result != flows.flow_of(analyst, run.dataset, FlowSettings(date(2024, 6, 30), 2))
    analysed = PersonalDataAccess.objects.get(kind="analysis", object_id=str(run.dataset.pk))
    assert "utfall HVB, Familjehem, referensdatum 2024-06-30, 2 år bakåt" in analysed.note
    page = _text(client.get(response["Location"]).content)
    assert "Analyserades i bakgrunden när p.csv lästes in" in page
    assert "alla i HVB eller familjehem den 2024-06-30, följda 2 år bakåt" in page
    assert "Omplaceringar i HVB eller familjehem efter väg" in page
    assert "Direkt från HVB/familjehem till HVB/familjehem" in page
    assert 'name="referensdatum" value="2024-06-30"' in page and 'name="ar" value="2"' in page
    for kind, ticked in [("HVB", True), ("SiS", False), ("family_home", True)]:
        box = page.split(f'name="utfall" value="{kind}"')[1].split(">")[0]
        assert ("checked" in box) == ticked
    # The English page names the outcome in English.
    client.post(reverse("set_language"), {"language": "en"})
    english = _text(client.get(response["Location"]).content)
    assert "everyone in HVB or family home on 2024-06-30" in english
    # Choosing again analyses the saved dataset on its own page.
    assert f'action="{reverse("needs:flow", args=[run.dataset.pk])}"' in page


def test_a_failed_run_deletes_the_upload_and_says_why(
    client: Client,
    organization: Organization,
    upload: Callable[..., HttpResponse],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    login(client, make_user(organization, Role.COORDINATOR))
    monkeypatch.setattr(flow_runs, "BACKGROUND_ROWS", 1)
    good = _number(1)
    bad = good[:-1] + str((int(good[-1]) + 1) % 10)
    data = f"personnummer;start;slut;insats\n{good};2024-01-01;;HVB\n{bad};2024-01-01;;SiS\n"
    upload(data.encode())
    run = FlowRun.objects.get()
    assert bad.encode() not in bytes(run.sealed)

    _run_queue()

    run.refresh_from_db()
    assert run.status == FlowRun.Status.FAILED and bytes(run.sealed) == b""
    assert run.issue_count == 1 and run.issues[0]["row"] == "3"
    assert EventDataset.objects.count() == 0
    page = _text(client.get(reverse("needs:flow-run", args=[run.pk])).content)
    assert "Ingenting sparades" in page and "<td>3</td>" in page
    assert "Den inlästa filen har raderats" in page and "every 1s" not in page
    assert bad not in page and bad.replace("-", "") not in page


def test_an_upload_sealed_under_another_key_fails_and_is_deleted(
    client: Client,
    organization: Organization,
    upload: Callable[..., HttpResponse],
    monkeypatch: pytest.MonkeyPatch,
    settings: Any,
) -> None:
    login(client, make_user(organization, Role.ANALYST))
    monkeypatch.setattr(flow_runs, "BACKGROUND_ROWS", 1)
    data, _numbers = guide_example_csv()
    upload(data)
    settings.SECRET_KEY = "a-rotated-secret-key-" + "x" * 40

    _run_queue()

    run = FlowRun.objects.get()
    assert run.status == FlowRun.Status.FAILED and bytes(run.sealed) == b""
    assert EventDataset.objects.count() == 0
    login(client, run.requested_by)  # the session was signed with the old key
    page = _text(client.get(reverse("needs:flow-run", args=[run.pk])).content)
    assert "kunde inte dekrypteras" in page


def test_a_run_is_for_the_organisations_analysts_and_coordinators_only(
    client: Client, organization: Organization
) -> None:
    run = FlowRun.objects.create(
        organization=organization,
        title="Placeringar",
        file_name="p.csv",
        rows=300_000,
        reference_date=date(2024, 12, 31),
        lookback_years=3,
        sealed=flow_runs.seal(b"personnummer;start;slut;insats\n"),
    )
    url = reverse("needs:flow-run", args=[run.pk])
    login(client, make_user(organization, Role.VIEWER))
    assert client.get(url).status_code == 403
    login(client, make_user(make_organization("Annan kommun"), Role.ANALYST))
    assert client.get(url).status_code == 404
    login(client, make_user(organization, Role.ANALYST))
    assert client.get(url).status_code == 200


def test_a_run_a_stopped_server_left_running_is_marked_failed_with_its_upload_deleted(
    client: Client, organization: Organization
) -> None:
    run = FlowRun.objects.create(
        organization=organization,
        title="Placeringar",
        file_name="p.csv",
        rows=300_000,
        reference_date=date(2024, 12, 31),
        lookback_years=3,
        sealed=flow_runs.seal(b"personnummer;start;slut;insats\n"),
    )
    result = flow_run_task.enqueue(run.pk, queued_by=None, organization=organization.pk)
    DBTaskResult.objects.get(pk=result.id).claim(f"{SERVE_WORKER_PREFIX}gone0001")

    recover_interrupted_runs()

    run.refresh_from_db()
    assert run.status == FlowRun.Status.FAILED and bytes(run.sealed) == b""
    login(client, make_user(organization, Role.ANALYST))
    page = _text(client.get(reverse("needs:flow-run", args=[run.pk])).content)
    assert "Servern stoppades medan flödesanalysen kördes" in page and "every 1s" not in page
