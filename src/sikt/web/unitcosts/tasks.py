"""Background tasks (django-tasks; database backend, worker started by ``sikt serve``)."""

from __future__ import annotations

from django_tasks import task

from sikt.web.unitcosts import importing


@task()
def import_unit_costs_task(job_id: int, **queue: int | None) -> None:
    """Import a large unit-cost file (:func:`importing.run`). (``queue``: who
    queued it for which organisation, read by :mod:`sikt.web.queue`.)"""
    importing.run(job_id)
