"""The background-task worker that ``sikt serve`` runs beside the web server.

Why: long calculations (Monte Carlo runs with many draws) run as django-tasks tasks stored in
the database (``django_tasks_db``); the demo's two-command start must run them without a
second command, so ``sikt serve`` starts the database worker in a daemon thread. A larger
installation can instead run ``django-admin db_worker`` as its own service.
"""

from __future__ import annotations

import threading
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext, override

#: Worker ids of the worker ``sikt serve`` runs in its own process start with this.
SERVE_WORKER_PREFIX = "sikt-serve-"


def recover_interrupted_runs() -> int:
    """Mark Monte Carlo runs (and large imports) that a stopped server left "running" as failed;
    return how many runs.

    Called by ``sikt serve`` before it starts its worker. A task claimed by the worker of a
    ``sikt serve`` process (worker id ``sikt-serve-…``) that is still marked running cannot be
    running any more: that process is gone (one ``sikt serve`` per database, as documented).
    Tasks claimed by a separate ``db_worker`` service are left alone. The run gets a message
    saying what happened, so its page stops waiting and the user can start it again.
    """
    from django.conf import settings
    from django.db import transaction
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from sikt.web.calculations.models import CalculationRun
    from sikt.web.calculations.tasks import run_monte_carlo_task
    from sikt.web.needs.models import FlowRun
    from sikt.web.needs.tasks import flow_run_task
    from sikt.web.unitcosts.models import UnitCostImport
    from sikt.web.unitcosts.tasks import import_unit_costs_task

    now = timezone.now()
    with transaction.atomic():
        stale = [
            task
            for task in DBTaskResult.objects.select_for_update().filter(
                status=TaskResultStatus.RUNNING
            )
            if task.worker_ids and all(w.startswith(SERVE_WORKER_PREFIX) for w in task.worker_ids)
        ]
        run_ids = _record_ids(stale, run_monte_carlo_task)
        DBTaskResult.objects.filter(pk__in=[task.pk for task in stale]).update(
            status=TaskResultStatus.FAILED,
            finished_at=now,
            exception_class_path="sikt.web.worker.ServerStopped",
            traceback="The server stopped while the task was running.",
        )
        with override(settings.LANGUAGE_CODE):
            message = gettext(
                "The server was stopped while this simulation was running, so it did not "
                "finish. Start the simulation again from the calculation page."
            )
            import_message = gettext(
                "The server was stopped while this file was being imported. Nothing was "
                "imported; import the file again."
            )
            flow_message = gettext(
                "The server was stopped while this flow analysis was running. The uploaded "
                "file has been deleted; upload it again."
            )
        import_ids = _record_ids(stale, import_unit_costs_task)
        UnitCostImport.objects.filter(pk__in=import_ids, finished_at=None).update(
            status=UnitCostImport.Status.FAILED, error=import_message, data=b"", finished_at=now
        )
        flow_ids = _record_ids(stale, flow_run_task)
        FlowRun.objects.filter(pk__in=flow_ids, finished_at=None).update(
            status=FlowRun.Status.FAILED, error=flow_message, sealed=b"", finished_at=now
        )
        return CalculationRun.objects.filter(
            pk__in=run_ids,
            status__in=[CalculationRun.Status.QUEUED, CalculationRun.Status.RUNNING],
        ).update(status=CalculationRun.Status.FAILED, error=message, finished_at=now)


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

    worker = FairWorker.named(SERVE_WORKER_PREFIX, interval)
    thread = threading.Thread(target=worker.run, name="sikt-task-worker", daemon=True)
    thread.start()
    return thread
