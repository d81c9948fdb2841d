"""Runs that never end (issue 13 item 7): a background run a stopped server left running is
marked failed, whatever its kind (flow analyses and imports: in their areas' tests)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from sikt.web.accounts.models import Organization, Role
from sikt.web.calculations.models import CalculationRun
from sikt.web.calculations.tasks import run_monte_carlo_task
from sikt.web.evaluation.tasks import run_evaluation_task
from sikt.web.followup.models import YearlyReport
from sikt.web.followup.tasks import generate_yearly_report_task
from sikt.web.progress import RunProgress
from sikt.web.worker import SERVE_WORKER_PREFIX, recover_interrupted_runs
from tests.web.conftest import login
from tests.web.factories import make_calculation_run, make_evaluation_run, make_user

pytestmark = pytest.mark.django_db


def running(run: CalculationRun, worker_id: str) -> DBTaskResult:
    result = run_monte_carlo_task.enqueue(run.pk)
    task = DBTaskResult.objects.get(pk=result.id)
    task.claim(worker_id)
    CalculationRun.objects.filter(pk=run.pk).update(
        status=CalculationRun.Status.RUNNING, progress=0.2
    )
    return task


def test_run_of_a_stopped_server_is_marked_failed_and_stops_polling(
    client: Client, organization: Organization
) -> None:
    orphan = make_calculation_run(organization)
    orphan_task = running(orphan, f"{SERVE_WORKER_PREFIX}dead0001")
    elsewhere = make_calculation_run(organization)
    elsewhere_task = running(elsewhere, "db-worker-on-another-host")
    login(client, make_user(organization, Role.APPLICANT))
    url = reverse("calculations:run-status", args=[orphan.pk])
    assert "every 1s" in client.get(url).content.decode()

    assert recover_interrupted_runs() == 1

    orphan.refresh_from_db()
    assert orphan.status == CalculationRun.Status.FAILED and orphan.finished_at is not None
    fragment = client.get(url).content.decode()
    assert "Servern stoppades medan simuleringen pågick" in fragment
    assert "Starta simuleringen igen" in fragment and "every 1s" not in fragment
    orphan_task.refresh_from_db()
    assert orphan_task.status == TaskResultStatus.FAILED
    # A run claimed by a separate worker service may still be running: left alone.
    elsewhere.refresh_from_db()
    elsewhere_task.refresh_from_db()
    assert elsewhere.status == CalculationRun.Status.RUNNING
    assert elsewhere_task.status == TaskResultStatus.RUNNING
    assert recover_interrupted_runs() == 0


def evaluation_run(organization: Organization) -> tuple[RunProgress, Any, str]:
    run = make_evaluation_run(organization)
    return run, run_evaluation_task, reverse("evaluation:run-status", args=[run.pk])


def yearly_report(organization: Organization) -> tuple[RunProgress, Any, str]:
    report = YearlyReport.objects.create(organization=organization, year=2025)
    return report, generate_yearly_report_task, reverse("followup:yearly-status", args=[report.pk])


@pytest.mark.parametrize(
    ("start", "poll", "message"),
    [
        (evaluation_run, "every 1s", "Servern stoppades medan skattningen pågick"),
        (yearly_report, "every 2s", "Servern stoppades medan årsrapporten togs fram"),
    ],
    ids=["estimation", "yearly report"],
)
def test_every_kind_of_background_run_of_a_stopped_server_is_marked_failed(
    client: Client,
    organization: Organization,
    start: Callable[[Organization], tuple[RunProgress, Any, str]],
    poll: str,
    message: str,
) -> None:
    """Estimations and yearly reports, like simulations: failed, with the page saying why."""
    orphan, task, url = start(organization)
    claimed = DBTaskResult.objects.get(pk=task.enqueue(orphan.pk).id)
    claimed.claim(f"{SERVE_WORKER_PREFIX}dead0002")
    type(orphan).objects.filter(pk=orphan.pk).update(status="running", progress=0.4)
    elsewhere, _, _ = start(organization)
    DBTaskResult.objects.get(pk=task.enqueue(elsewhere.pk).id).claim("db-worker-elsewhere")
    type(elsewhere).objects.filter(pk=elsewhere.pk).update(status="running", progress=0.4)
    login(client, make_user(organization, Role.COORDINATOR))
    assert poll in client.get(url).content.decode()

    assert recover_interrupted_runs() == 1

    orphan.refresh_from_db()
    assert orphan.finished and orphan.finished_at is not None
    fragment = client.get(url).content.decode()
    assert message in fragment and poll not in fragment
    claimed.refresh_from_db()
    assert claimed.status == TaskResultStatus.FAILED
    elsewhere.refresh_from_db()
    assert elsewhere.status == "running"


def test_the_message_is_in_the_sites_language_english_too(organization: Organization) -> None:
    run = make_calculation_run(organization)
    running(run, f"{SERVE_WORKER_PREFIX}dead0003")

    with override_settings(LANGUAGE_CODE="en"):
        recover_interrupted_runs()

    run.refresh_from_db()
    assert run.error.startswith("The server was stopped while this simulation was running")
