"""Large unit-cost imports (issue 13 §4): in the background with progress, all-or-nothing,
written in batches, limits enforced before work starts, and the list paginated."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from sikt.files import Limits
from sikt.web import queue
from sikt.web.accounts.models import Organization, Role
from sikt.web.audit.models import AuditEntry
from sikt.web.unitcosts import importing
from sikt.web.unitcosts.models import UnitCostEntry, UnitCostImport
from sikt.web.unitcosts.tasks import import_unit_costs_task
from sikt.web.worker import SERVE_WORKER_PREFIX, recover_interrupted_runs
from tests.web.conftest import login
from tests.web.factories import make_unit_cost, make_user
from tests.web.unitcosts.test_library import VALID, _csv, _upload

pytestmark = pytest.mark.django_db

ROWS = 20_000


def _rows(count: int) -> list[dict[str, str]]:
    return [
        {**VALID, "key": f"kostnad_{n:05d}", "name_sv": f"Kostnad {n}", "amount_sek": str(n)}
        for n in range(1, count + 1)
    ]


@pytest.fixture
def economist_client(client: Client, organization: Organization) -> Client:
    return login(client, make_user(organization, Role.ECONOMIST))


@pytest.fixture
def upload(
    economist_client: Client, django_capture_on_commit_callbacks: Any
) -> Callable[[str, bytes], HttpResponse]:
    """Post a file to the import page as the economist; what the request queues on commit
    is queued (the test's transaction never commits)."""

    def post(name: str, content: bytes) -> HttpResponse:
        with django_capture_on_commit_callbacks(execute=True):
            response: HttpResponse = economist_client.post(
                reverse("unitcosts:import"), {"file": _upload(name, content)}
            )
        return response

    return post


def _text(content: bytes) -> str:
    """The page's text with the non-breaking spaces numbers are written with as spaces."""
    return content.decode().replace("\xa0", " ").replace("\u202f", " ")


def _run_queue() -> None:
    """Run every queued task, as the worker ``sikt serve`` starts would."""
    worker = queue.FairWorker.named("test-", interval=0, batch=True)
    while (task := worker.claim_next()) is not None:
        worker.run_task(task)


def test_a_20000_row_file_is_imported_in_the_background_and_listed_page_by_page(
    economist_client: Client,
    upload: Callable[[str, bytes], HttpResponse],
    organization: Organization,
) -> None:
    make_unit_cost(organization, "kostnad_00001")  # updated by the import
    response = upload("stor.csv", _csv(_rows(ROWS)))
    job = UnitCostImport.objects.get(organization=organization)
    assert response.status_code == 302
    assert response["Location"] == reverse("unitcosts:import-status", args=[job.pk])
    assert job.rows == ROWS and job.status == UnitCostImport.Status.QUEUED
    waiting = economist_client.get(response["Location"]).content.decode()
    assert "Väntar på att starta" in waiting and "every 1s" in waiting
    assert UnitCostEntry.objects.count() == 1  # nothing happened in the request

    with pytest.MonkeyPatch.context() as patch:
        seen: list[float] = []
        update = importing.plan

        def watching(*args: object, **kwargs: object) -> importing.Plan:
            plan = update(*args, **kwargs)  # type: ignore[arg-type]
            seen.append(UnitCostImport.objects.get(pk=job.pk).progress)
            return plan

        patch.setattr(importing, "plan", watching)
        _run_queue()

    assert seen and 0.5 < seen[0] <= 0.9  # the page showed the checking's progress
    job.refresh_from_db()
    assert job.status == UnitCostImport.Status.DONE and job.progress == 1.0
    assert (job.created, job.updated, job.unchanged) == (ROWS - 1, 1, 0)
    assert job.data == b""  # the file is not kept once imported
    page = economist_client.get(reverse("unitcosts:import-status", args=[job.pk]))
    assert "Importerat: 19 999 nya, 1 ändrade, 0 oförändrade." in _text(page.content)
    assert UnitCostEntry.objects.filter(organization=organization).count() == ROWS
    assert UnitCostEntry.objects.get(key="kostnad_00001").amount_text == "1"
    # Every change is in the audit trail, with its actor.
    audited = AuditEntry.objects.filter(content_type__model="unitcostentry", actor__isnull=False)
    assert audited.filter(action="create").count() == ROWS - 1
    assert audited.filter(action="update").count() == 1

    listing = economist_client.get(reverse("unitcosts:list"))
    text = _text(listing.content)
    assert len(listing.context["page"].object_list) == 50
    assert "Sida 1 av 400" in text and "sida=2" in text
    last = economist_client.get(reverse("unitcosts:list"), {"sida": 400})
    assert "Sida 400 av 400" in _text(last.content)


def test_one_bad_row_among_thousands_imports_nothing_and_names_row_and_column(
    economist_client: Client,
    upload: Callable[[str, bytes], HttpResponse],
    organization: Organization,
) -> None:
    data = _rows(3_000)
    data[2_499]["amount_sek"] = "mycket"
    data[2_899]["confidence"] = "E"
    upload("fel.csv", _csv(data))
    _run_queue()

    job = UnitCostImport.objects.get(organization=organization)
    assert job.status == UnitCostImport.Status.FAILED and job.issue_count == 2
    assert {(i["file"], i["row"], i["column"]) for i in job.issues} == {
        ("fel.csv", "2501", "amount_sek"),
        ("fel.csv", "2901", "confidence"),
    }
    page = economist_client.get(reverse("unitcosts:import-status", args=[job.pk])).content.decode()
    assert "Ingenting importerades" in page and "ska vara A, B, C eller D" in page
    assert UnitCostEntry.objects.count() == 0
    assert not AuditEntry.objects.filter(content_type__model="unitcostentry").exists()


def test_row_limit_is_enforced_before_anything_is_queued(
    economist_client: Client,
    upload: Callable[[str, bytes], HttpResponse],
    organization: Organization,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(importing, "IMPORT_LIMITS", Limits(max_bytes=10**8, max_rows=2_500))
    response = upload("for-stor.csv", _csv(_rows(2_501)))
    assert response.status_code == 200
    assert "fler än 2 500 rader" in _text(response.content)
    assert not UnitCostImport.objects.exists()


def test_large_imports_count_against_the_users_runs(
    economist_client: Client,
    upload: Callable[[str, bytes], HttpResponse],
    organization: Organization,
    settings: object,
) -> None:
    settings.SIKT_MAX_RUNS_PER_USER = 1  # type: ignore[attr-defined]
    content = _csv(_rows(importing.BACKGROUND_ROWS + 1))
    upload("a.csv", content)
    response = upload("b.csv", content)
    assert "Du har redan 1 körningar i kö eller igång" in response.content.decode()
    assert UnitCostImport.objects.count() == 1


def test_an_import_a_stopped_server_left_running_is_marked_failed(
    economist_client: Client, organization: Organization
) -> None:
    job = UnitCostImport.objects.create(
        organization=organization, file_name="stor.csv", rows=5000, data=b"key\n"
    )
    result = import_unit_costs_task.enqueue(job.pk, queued_by=None, organization=organization.pk)
    DBTaskResult.objects.get(pk=result.id).claim(f"{SERVE_WORKER_PREFIX}gone0001")
    UnitCostImport.objects.filter(pk=job.pk).update(status=UnitCostImport.Status.CHECKING)

    recover_interrupted_runs()

    job.refresh_from_db()
    assert job.status == UnitCostImport.Status.FAILED and job.data == b""
    page = _text(economist_client.get(reverse("unitcosts:import-status", args=[job.pk])).content)
    assert "Servern stoppades medan filen importerades" in page and "every 1s" not in page
