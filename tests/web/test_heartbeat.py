"""Runs that never end, while the server keeps running (issue 13 item 7, "by heartbeat"): a run
whose worker died is marked failed once the worker's heartbeat is stale, and its page says so."""

from __future__ import annotations

import datetime as dt
import signal
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from sikt.web.accounts.models import Organization, Role
from sikt.web.calculations.models import CalculationRun
from sikt.web.calculations.tasks import run_monte_carlo_task
from sikt.web.worker import SERVE_WORKER_PREFIX, SERVICE_WORKER_PREFIX, recover_stale_runs
from sikt.web.workers.heartbeat import beat
from sikt.web.workers.models import WorkerHeartbeat
from tests.web.conftest import login
from tests.web.factories import make_calculation_run, make_user

ROOT = Path(__file__).resolve().parents[2]
DIED = "Bakgrundsarbetaren som körde detta stannade innan det blev klart"


def running(organization: Organization, worker_id: str, started_ago: float = 0) -> CalculationRun:
    run = make_calculation_run(organization)
    task = DBTaskResult.objects.get(pk=run_monte_carlo_task.enqueue(run.pk).id)
    task.claim(worker_id)
    DBTaskResult.objects.filter(pk=task.pk).update(
        started_at=timezone.now() - dt.timedelta(seconds=started_ago)
    )
    CalculationRun.objects.filter(pk=run.pk).update(status="running", progress=0.3)
    return run


@pytest.mark.django_db
def test_a_run_whose_worker_stopped_beating_is_failed_and_its_page_says_so(
    client: Client, organization: Organization, settings: Any
) -> None:
    settings.SIKT_WORKER_STALE_SECONDS = 120
    silent = f"{SERVICE_WORKER_PREFIX}dead0001"
    orphan = running(organization, silent)
    beat(silent)
    WorkerHeartbeat.objects.filter(pk=silent).update(
        beat_at=timezone.now() - dt.timedelta(minutes=3)
    )
    # A worker that died long ago, its heartbeat row already cleaned up.
    forgotten = running(organization, f"{SERVE_WORKER_PREFIX}gone0002", started_ago=600)
    alive = f"{SERVE_WORKER_PREFIX}live0003"
    busy = running(organization, alive, started_ago=600)
    beat(alive)
    # Django's own db_worker writes no heartbeat: its runs are not judged.
    elsewhere = running(organization, "db-worker-elsewhere", started_ago=600)
    login(client, make_user(organization, Role.APPLICANT))
    url = reverse("calculations:run-status", args=[orphan.pk])
    assert "every 1s" in client.get(url).content.decode()

    assert recover_stale_runs() == 2

    page = client.get(url).content.decode()
    assert DIED in page and "livstecken på 120 sekunder" in page and "every 1s" not in page
    for run, status in ((orphan, "failed"), (forgotten, "failed"), (busy, "running")):
        run.refresh_from_db()
        assert run.status == status
    elsewhere.refresh_from_db()
    assert elsewhere.status == "running"
    assert DBTaskResult.objects.filter(status=TaskResultStatus.FAILED).count() == 2
    assert recover_stale_runs() == 0


#: A worker process (as ``sikt worker`` runs it) whose simulations never end, so it can be
#: killed in the middle of one.
SLOW_WORKER = """
import sys, time
import django
django.setup()
from sikt.web.calculations import compute
compute.simulate = lambda *args, **kwargs: time.sleep(600)
from sikt.web.queue import FairWorker
from sikt.web.worker import SERVICE_WORKER_PREFIX, recover_stale_runs
FairWorker.named(SERVICE_WORKER_PREFIX, 0.2, after_beat=recover_stale_runs).run()
"""

#: Queue one simulation of a new organisation; print the run's id.
QUEUE_RUN = """
import django
django.setup()
from sikt.web import queue
from sikt.web.calculations.tasks import run_monte_carlo_task
from tests.web.factories import make_calculation_run, make_organization
organization = make_organization("Heartbeat kommun")
run = make_calculation_run(organization)
queue.enqueue(run_monte_carlo_task, run.pk, user=None, organization=organization)
print(run.pk)
"""

#: Wait (up to a minute) until the run has the status given; print its error.
WAIT_FOR = """
import sys, time
import django
django.setup()
from sikt.web.calculations.models import CalculationRun
for _ in range(600):
    run = CalculationRun.objects.get(pk=int(sys.argv[1]))
    if run.status == sys.argv[2]:
        print(run.error)
        sys.exit(0)
    time.sleep(0.1)
sys.exit(f"still {run.status}")
"""


def python(env: dict[str, str], code: str, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_a_worker_process_killed_mid_run_is_noticed_by_the_next_worker(
    migrated_database: dict[str, str],
) -> None:
    """A real worker process killed with SIGKILL mid-simulation while another keeps running:
    the other notices its silence and marks the run failed, with the message its page shows."""
    env = dict(
        migrated_database,
        DJANGO_SETTINGS_MODULE="sikt.web.settings",
        SIKT_WORKER_STALE_SECONDS="2",
        PYTHONPATH=str(ROOT),
    )
    run_id = python(env, QUEUE_RUN)
    doomed = subprocess.Popen([sys.executable, "-c", SLOW_WORKER], env=env, cwd=ROOT)
    survivor = None
    try:
        python(env, WAIT_FOR, run_id, "running")
        doomed.send_signal(signal.SIGKILL)
        doomed.wait(30)
        survivor = subprocess.Popen([sys.executable, "-c", SLOW_WORKER], env=env, cwd=ROOT)
        error = python(env, WAIT_FOR, run_id, "failed")
    finally:
        for process in (doomed, survivor):
            if process is not None and process.poll() is None:
                process.send_signal(signal.SIGTERM)
                process.wait(30)
    assert error.startswith(DIED), error
    assert doomed.returncode == -signal.SIGKILL
