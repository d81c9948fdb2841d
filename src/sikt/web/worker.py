"""The background-task worker that ``sikt serve`` runs beside the web server.

Why: long calculations (Monte Carlo runs with many draws) run as django-tasks tasks stored in
the database (``django_tasks_db``); the demo's two-command start must run them without a
second command, so ``sikt serve`` starts the database worker in a daemon thread. A larger
installation can instead run ``django-admin db_worker`` as its own service.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext, override

from sikt.web.progress import FINAL_STATUSES

#: Worker ids of the worker ``sikt serve`` runs (in its own process) start with this.
SERVE_WORKER_PREFIX = "sikt-serve-"
#: Worker ids of a ``sikt worker`` service start with this.
SERVICE_WORKER_PREFIX = "sikt-worker-"


@dataclass(frozen=True)
class BackgroundRun:
    """A kind of background run: the task that works on it, the record whose ``status``,
    ``progress``, ``error`` and ``finished_at`` its page polls (a
    :class:`sikt.web.progress.RunProgress`), what the page says when a stopped server left it
    unfinished, and the fields holding an upload that is deleted then."""

    task: Any
    model: Any
    message: str
    emptied: tuple[str, ...] = ()


def background_runs() -> list[BackgroundRun]:
    """Every kind of background run, with its message in the active language."""
    from sikt.web.calculations.models import CalculationRun
    from sikt.web.calculations.tasks import run_monte_carlo_task
    from sikt.web.evaluation.models import EvaluationRun
    from sikt.web.evaluation.tasks import run_evaluation_task
    from sikt.web.followup.models import YearlyReport
    from sikt.web.followup.tasks import generate_yearly_report_task
    from sikt.web.needs.models import FlowRun
    from sikt.web.needs.tasks import flow_run_task
    from sikt.web.unitcosts.models import UnitCostImport
    from sikt.web.unitcosts.tasks import import_unit_costs_task

    return [
        BackgroundRun(
            run_monte_carlo_task,
            CalculationRun,
            gettext(
                "The server was stopped while this simulation was running, so it did not "
                "finish. Start the simulation again from the calculation page."
            ),
        ),
        BackgroundRun(
            run_evaluation_task,
            EvaluationRun,
            gettext(
                "The server was stopped while this estimation was running, so it did not "
                "finish. Start the estimation again."
            ),
        ),
        BackgroundRun(
            generate_yearly_report_task,
            YearlyReport,
            gettext(
                "The server was stopped while this yearly report was being generated, so it "
                "was not finished. Generate the report again."
            ),
        ),
        BackgroundRun(
            import_unit_costs_task,
            UnitCostImport,
            gettext(
                "The server was stopped while this file was being imported. Nothing was "
                "imported; import the file again."
            ),
            emptied=("data",),
        ),
        BackgroundRun(
            flow_run_task,
            FlowRun,
            gettext(
                "The server was stopped while this flow analysis was running. The uploaded "
                "file has been deleted; upload it again."
            ),
            emptied=("sealed",),
        ),
    ]


def recover_interrupted_runs() -> int:
    """Mark the background runs (simulations, estimations, yearly reports, imports, flow
    analyses) that a stopped server left unfinished as failed; return how many runs.

    Called by ``sikt serve`` before it starts its worker. A task claimed by the worker of a
    ``sikt serve`` process (worker id ``sikt-serve-…``) that is still marked running cannot be
    running any more: that process is gone (one ``sikt serve`` per database, as documented).
    Tasks claimed by a separate worker service are left to the heartbeat
    (:func:`recover_stale_runs`). The run gets a message saying what happened (in the site's
    language), so its page stops waiting and the user can start it again; an upload the run
    was working on is deleted.
    """
    from django.db import transaction
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    with transaction.atomic():
        stale = [
            task
            for task in DBTaskResult.objects.select_for_update().filter(
                status=TaskResultStatus.RUNNING
            )
            if task.worker_ids and all(w.startswith(SERVE_WORKER_PREFIX) for w in task.worker_ids)
        ]
        return _fail(stale, "The server stopped while the task was running.", None)


def recover_stale_runs() -> int:
    """Mark failed the runs whose worker died while the server kept running; return how many.

    A worker of ``sikt serve`` or ``sikt worker`` writes a heartbeat while it runs
    (:mod:`sikt.web.workers`); one silent for ``SIKT_WORKER_STALE_SECONDS`` is dead (killed, out
    of memory, its machine gone), and the task it was running is marked failed, with a message
    on the run's page that says so, so the page stops waiting. Called by every live worker after
    its own heartbeat. Tasks of other workers (Django's ``db_worker``, which writes no
    heartbeat) are left alone.
    """
    from django.db import transaction
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from sikt.web.workers.heartbeat import dead, forget_dead

    prefixes = (SERVE_WORKER_PREFIX, SERVICE_WORKER_PREFIX)

    def dead_workers_tasks(running: Any) -> tuple[list[Any], set[str]]:
        ours = [
            task
            for task in running.filter(status=TaskResultStatus.RUNNING)
            if task.worker_ids and task.worker_ids[-1].startswith(prefixes)
        ]
        now = timezone.now()
        gone = dead({task.worker_ids[-1]: task.started_at or now for task in ours})
        return [task for task in ours if task.worker_ids[-1] in gone], gone

    # A plain read first: nearly always every worker is alive, and no write lock is needed.
    if dead_workers_tasks(DBTaskResult.objects.all())[0]:
        with transaction.atomic():
            stale, gone = dead_workers_tasks(DBTaskResult.objects.select_for_update())
            marked = _fail(stale, "The worker stopped beating while the task was running.", gone)
    else:
        marked = 0
    forget_dead()
    return marked


def _fail(stale: list[Any], reason: str, gone: set[str] | None) -> int:
    """Mark the tasks ``stale`` and the runs they worked on failed; return how many runs.

    ``gone`` None: the server was stopped (each kind's own message); else the workers found
    dead by their heartbeat (one message for every kind, saying so)."""
    from django.conf import settings
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from sikt.web.workers.heartbeat import stale_after

    now = timezone.now()
    DBTaskResult.objects.filter(pk__in=[task.pk for task in stale]).update(
        status=TaskResultStatus.FAILED,
        finished_at=now,
        exception_class_path="sikt.web.worker.ServerStopped"
        if gone is None
        else "sikt.web.worker.WorkerDied",
        traceback=reason,
    )
    with override(settings.LANGUAGE_CODE):
        kinds = background_runs()
        died = gettext(
            "The background worker running this stopped without finishing it: it gave no sign "
            "of life for %(seconds)d seconds. It has been marked as failed; start it again "
            "(upload the file again if it used one)."
        ) % {"seconds": stale_after().total_seconds()}
    marked = 0
    for kind in kinds:
        emptied = dict.fromkeys(kind.emptied, b"")
        marked += (
            kind.model.objects.filter(pk__in=_record_ids(stale, kind.task))
            .exclude(status__in=FINAL_STATUSES)
            .update(
                status="failed",
                error=kind.message if gone is None else died,
                finished_at=now,
                **emptied,
            )
        )
    return marked


def _record_ids(stale: list[Any], task: Any) -> list[int]:
    """The records (the task's first argument) that the stale runs of ``task`` were working on."""
    return [
        result.args_kwargs["args"][0]
        for result in stale
        if result.task_path == task.module_path and result.args_kwargs.get("args")
    ]


def start_worker_thread(interval: float = 0.5) -> threading.Thread:
    """Start the fair database worker (:class:`sikt.web.queue.FairWorker`) in a daemon thread
    (stops with the server)."""
    from sikt.web.queue import FairWorker

    worker = FairWorker.named(SERVE_WORKER_PREFIX, interval, after_beat=recover_stale_runs)
    thread = threading.Thread(target=worker.run, name="sikt-task-worker", daemon=True)
    thread.start()
    return thread
