"""The queue of heavy background runs: bounded per user, fair across organisations.

Why: Monte Carlo runs, estimations, yearly reports and large imports share one worker. Taken
first in, first out, one applicant's twenty million-draw runs made every other municipality wait
for hours (issue 13 §7). So a user may have at most :func:`max_runs_per_user` heavy runs queued
or running (the next one is refused with a clear message, before anything is written), and the
worker takes the next task round-robin across organisations: the organisation whose last task
started longest ago goes first, and within an organisation the oldest task.

A heavy task is enqueued with :func:`enqueue`, which records who queued it and for which
organisation in the task's keyword arguments (``queued_by``, ``organization``) — the only
place the queue, a plain ``django_tasks_db`` table, can carry them. The task function accepts
and ignores them.
"""

from __future__ import annotations

import datetime
import time
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import close_old_connections
from django.db.models import Max
from django.db.models.fields.json import KT
from django.db.utils import OperationalError
from django.utils import timezone
from django.utils.translation import gettext
from django_tasks.base import Task, TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from sikt.web.workers.heartbeat import Heartbeat

#: How many ready tasks (in queue order) the worker compares when it picks the next one.
WINDOW = 200
#: An organisation whose last task started longer ago than this counts as never served.
MEMORY = datetime.timedelta(days=1)


class QueueFull(Exception):
    """The user already has the most heavy runs allowed queued or running."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        super().__init__(
            gettext(
                "You already have %(limit)d runs queued or running, the most one user may have "
                "at a time. Wait until one of them has finished before you start another."
            )
            % {"limit": limit}
        )


def max_runs_per_user() -> int:
    """The bound (``SIKT_MAX_RUNS_PER_USER``, default 3)."""
    return int(getattr(settings, "SIKT_MAX_RUNS_PER_USER", 3))


def active_runs(user: Any) -> int:
    """How many heavy tasks ``user`` has queued or running."""
    return DBTaskResult.objects.filter(
        status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
        args_kwargs__kwargs__queued_by=user.pk,
    ).count()


def check_capacity(user: Any) -> None:
    """Raise :class:`QueueFull` if ``user`` may not queue another heavy run now.

    Called by a service before it writes the run, so a refused run leaves no trace."""
    limit = max_runs_per_user()
    if active_runs(user) >= limit:
        raise QueueFull(limit)


def enqueue(task: Task[Any, Any], *args: Any, user: Any, organization: Any) -> None:
    """Enqueue ``task(*args)`` marked with its user and organisation (call from on_commit)."""
    task.enqueue(*args, queued_by=user.pk if user else None, organization=organization.pk)


def _organization(task: DBTaskResult) -> str:
    kwargs = task.args_kwargs.get("kwargs") or {}
    return str(kwargs.get("organization", ""))


def fairest(window: list[DBTaskResult]) -> DBTaskResult:
    """The task to run next among ``window`` (ready tasks in queue order): the first task of
    the organisation served least recently."""
    organizations = {_organization(task) for task in window}
    last_started = {
        str(row["org"]): row["last"]
        for row in DBTaskResult.objects.filter(started_at__gte=timezone.now() - MEMORY)
        .annotate(org=KT("args_kwargs__kwargs__organization"))
        .filter(org__in=organizations)
        .values("org")
        .annotate(last=Max("started_at"))
    }
    never = timezone.now() - 2 * MEMORY
    # min() keeps the first of equals, so queue order decides within an organisation.
    return min(window, key=lambda task: last_started.get(_organization(task)) or never)


class FairWorker(Worker):
    """django-tasks' database worker, picking tasks with :func:`fairest` instead of FIFO, and
    writing a heartbeat while it runs (:mod:`sikt.web.workers`)."""

    #: Called after each heartbeat: the sweep that ends dead workers' runs
    #: (:func:`sikt.web.worker.recover_stale_runs`, which this layer cannot import).
    after_beat: Callable[[], object] | None = None

    def claim_next(self) -> DBTaskResult | None:
        ready = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            ready = ready.filter(queue_name__in=self.queue_names)
        with exclusive_transaction(ready.db):
            window = list(ready.select_for_update(skip_locked=True)[:WINDOW])
            if not window:
                return None
            task = fairest(window)
            task.claim(self.worker_id)
            return task

    def run(self) -> None:
        with Heartbeat(self.worker_id, self.after_beat):
            self._work()

    def _work(self) -> None:
        while self.running:
            close_old_connections()
            try:
                task = self.claim_next()
            except OperationalError as error:  # a locked SQLite database: try again later
                if not is_locked_database_exception(error):
                    raise
                task = None
            if task is not None:
                self.run_task(task)
            elif self.batch:
                return
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                return
            close_old_connections()
            if self.running and task is None:
                time.sleep(self.interval)

    @classmethod
    def named(
        cls,
        prefix: str,
        interval: float,
        *,
        batch: bool = False,
        after_beat: Callable[[], object] | None = None,
    ) -> FairWorker:
        """A worker on the default queue with a fresh id ``prefix…`` (``batch``: stop when the
        queue is empty; ``after_beat``: see :attr:`after_beat`)."""
        worker = cls(
            queue_names=["default"],
            interval=interval,
            batch=batch,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=f"{prefix}{uuid.uuid4().hex[:8]}",
            excluded_queue_names=[],
        )
        worker.after_beat = after_beat
        return worker
