"""Background tasks (django-tasks; database backend, worker started by ``sikt serve``)."""

from __future__ import annotations

from django_tasks import task

from sikt.web.needs import flow_runs


@task()
def flow_run_task(run_id: int, **queue: int | None) -> None:
    """Read, pseudonymise and analyse a large event file (:func:`flow_runs.run_flow`).
    (``queue``: who queued it for which organisation, read by :mod:`sikt.web.queue`.)"""
    flow_runs.run_flow(run_id)
