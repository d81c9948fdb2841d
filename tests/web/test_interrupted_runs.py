"""Runs that never end (issue 13 item 7): a run a stopped server left running is marked failed."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from sikt.web.accounts.models import Organization, Role
from sikt.web.calculations.models import CalculationRun
from sikt.web.calculations.tasks import run_monte_carlo_task
from sikt.web.worker import SERVE_WORKER_PREFIX, recover_interrupted_runs
from tests.web.conftest import login
from tests.web.factories import make_calculation_run, make_user

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
