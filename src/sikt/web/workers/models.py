"""A background worker's last sign of life."""

from __future__ import annotations

from django.db import models


class WorkerHeartbeat(models.Model):
    """One running worker (``FairWorker``): written when it starts, every few seconds while it
    runs (from a thread of its own, so a long task does not hold it up) and deleted when it
    stops. A row whose ``beat_at`` is too old belongs to a worker that died."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    beat_at = models.DateTimeField()
    started_at = models.DateTimeField()
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.host}:{self.pid})"
