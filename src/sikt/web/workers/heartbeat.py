"""Writing a worker's heartbeat, and telling which workers have stopped beating."""

from __future__ import annotations

import datetime
import logging
import os
import socket
import threading
from collections.abc import Callable, Mapping

from django.conf import settings
from django.db import close_old_connections, connection
from django.db.utils import DatabaseError
from django.utils import timezone

from sikt.web.workers.models import WorkerHeartbeat

logger = logging.getLogger(__name__)


def stale_after() -> datetime.timedelta:
    """How long without a heartbeat makes a worker dead (``SIKT_WORKER_STALE_SECONDS``)."""
    return datetime.timedelta(seconds=settings.SIKT_WORKER_STALE_SECONDS)


def beat_interval() -> float:
    """Seconds between beats: six to a stale period, so a few missed beats (a busy database)
    never make a live worker look dead."""
    return max(0.5, stale_after().total_seconds() / 6)


def beat(worker_id: str) -> None:
    """Record that ``worker_id`` is alive now."""
    now = timezone.now()
    alive = {"beat_at": now, "host": socket.gethostname()[:255], "pid": os.getpid()}
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id, defaults=alive, create_defaults={**alive, "started_at": now}
    )


def dead(started: Mapping[str, datetime.datetime]) -> set[str]:
    """Which workers of ``started`` (worker id → when its running task started) are dead:
    their heartbeat is older than :func:`stale_after`, or they have none though their task
    started longer ago than that (a worker beats before it takes a task, so none at all means
    it died and its row has been cleaned up)."""
    if not started:
        return set()
    limit = timezone.now() - stale_after()
    beats = dict(
        WorkerHeartbeat.objects.filter(worker_id__in=list(started)).values_list(
            "worker_id", "beat_at"
        )
    )
    return {worker for worker, since in started.items() if beats.get(worker, since) < limit}


def forget_dead() -> int:
    """Delete the rows of workers dead for a while (their runs have been handled)."""
    old = WorkerHeartbeat.objects.filter(beat_at__lt=timezone.now() - 2 * stale_after())
    deleted, _ = old.delete()
    return deleted


class Heartbeat:
    """Beat for ``worker_id`` in a daemon thread while the ``with`` block runs, calling
    ``after_beat`` (the sweep for dead workers' runs) after each beat; the row is deleted when
    the block ends, so a worker that stopped cleanly never counts as dead."""

    def __init__(self, worker_id: str, after_beat: Callable[[], object] | None = None) -> None:
        self.worker_id = worker_id
        self.after_beat = after_beat
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, name=f"heartbeat-{worker_id}", daemon=True)

    def __enter__(self) -> Heartbeat:
        beat(self.worker_id)
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopped.set()
        self.thread.join()
        WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()

    def _run(self) -> None:
        while not self.stopped.wait(beat_interval()):
            close_old_connections()
            try:
                beat(self.worker_id)
                if self.after_beat is not None:
                    self.after_beat()
            except DatabaseError:  # the database away for a moment: beat again next time
                logger.exception("heartbeat of %s not written", self.worker_id)
        connection.close()
