"""The background-task worker that ``sikt serve`` runs beside the web server.

Why: long calculations (Monte Carlo runs with many draws) run as django-tasks tasks stored in
the database (``django_tasks_db``); the demo's two-command start must run them without a
second command, so ``sikt serve`` starts the database worker in a daemon thread. A larger
installation can instead run ``django-admin db_worker`` as its own service.
"""

from __future__ import annotations

import threading
import uuid


def start_worker_thread(interval: float = 0.5) -> threading.Thread:
    """Start the django-tasks database worker in a daemon thread (stops with the server)."""
    from django_tasks_db.management.commands.db_worker import Worker

    worker = Worker(
        queue_names=["default"],
        interval=interval,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=f"sikt-serve-{uuid.uuid4().hex[:8]}",
        excluded_queue_names=[],
    )
    thread = threading.Thread(target=worker.run, name="sikt-task-worker", daemon=True)
    thread.start()
    return thread
