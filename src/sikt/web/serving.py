"""Serving Sikt from several processes: gunicorn's master, its workers and one background worker.

Why: Python runs one thread at a time per process, so ``sikt serve`` as one waitress process
uses at most one core, and at 50 users it sits at one core and queues requests (issue 13,
"Load"). gunicorn (Unix only) forks ``workers`` processes with ``threads`` threads each, all
accepting on one socket, and restarts one that dies. The database is shared by design: SQLite
runs in WAL mode with a busy timeout and immediate write transactions, PostgreSQL is a server.

The background worker (the fair queue, :class:`sikt.web.queue.FairWorker`) must run exactly
once, not once per web process, and no thread may be running in the master when it forks a web
worker. So the master runs it as one child process of its own (``sikt worker`` with the worker
id prefix of ``sikt serve``, so that the next start's recovery treats its runs as this server's)
and starts it again if it stops. The master is the ``sikt serve`` process itself, so the pid
file and ``sikt restore``'s check of a running server work as with one process.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from typing import Any

from gunicorn.app.base import BaseApplication
from gunicorn.arbiter import Arbiter

#: The least time between two starts of the background worker.
BACKGROUND_RESTART_SECONDS = 5
#: Seconds the background worker gets to finish its current step when the server stops; a run
#: cut short is marked failed by the next start (:func:`sikt.web.worker.recover_interrupted_runs`).
BACKGROUND_STOP_SECONDS = 5


def background_command() -> list[str]:
    """The command of the background worker process (``sikt worker`` on behalf of serve)."""
    return [sys.executable, "-m", "sikt.cli", "worker", "--for-serve"]


class SiktArbiter(Arbiter):
    """gunicorn's master, which also keeps the one background worker process running."""

    def __init__(self, app: BaseApplication) -> None:
        self.background: subprocess.Popen[bytes] | None = None
        self.background_started = 0.0
        super().__init__(app)

    def manage_workers(self) -> None:
        """Keep the web workers at their number (gunicorn) and the background worker alive.

        gunicorn calls this about once a second. Its reaping of children (``waitpid(-1)``) may
        collect the background worker's exit first; ``poll()`` then reports it as ended too.
        A worker that keeps failing at once (the database unreachable) is started again at most
        every :data:`BACKGROUND_RESTART_SECONDS`, not every second."""
        super().manage_workers()
        if self.background is not None:
            if self.background.poll() is None:
                return
            if time.monotonic() - self.background_started < BACKGROUND_RESTART_SECONDS:
                return
            self.log.warning("the background worker stopped; starting it again")
        self.background = subprocess.Popen(background_command())
        self.background_started = time.monotonic()

    def stop(self, graceful: bool = True) -> None:
        if self.background is not None and self.background.poll() is None:
            self.background.terminate()
            try:
                self.background.wait(BACKGROUND_STOP_SECONDS)
            except subprocess.TimeoutExpired:
                self.background.kill()
                self.background.wait()
        super().stop(graceful)


def _worker_exit(arbiter: Any, worker: Any) -> None:
    """A web worker leaves without Python's finalisation, having closed its database
    connections: finalising the modules of a forked worker runs DuckDB's destructors, which abort
    the process (``std::terminate``, a core dump and a warning on every stop)."""
    from django.db import connections

    connections.close_all()
    os._exit(0)


class SiktApplication(BaseApplication):
    """The already loaded WSGI application with its gunicorn settings, in code (no file)."""

    def __init__(self, wsgi: Any, options: dict[str, Any]) -> None:
        self.application = wsgi
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        return self.application


def serve_processes(wsgi: Any, *, host: str, port: int, workers: int, threads: int) -> None:
    """Serve ``wsgi`` on ``host:port`` from ``workers`` processes with ``threads`` threads each,
    and run the background worker beside them; returns when the server is stopped."""
    from django.db import connections
    from django.urls import get_resolver

    # Every view module imported once, before the fork: the workers share those pages of memory
    # and none of them pays for the imports on its first request.
    get_resolver().check()
    # A connection opened before the fork would be shared by every worker: close it here.
    connections.close_all()
    address = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    options = {
        "bind": [address],
        "workers": workers,
        "worker_class": "gthread",
        "threads": threads,
        # Keep an idle connection as long as waitress does (its channel_timeout): a person reads
        # a page for seconds before opening the next, and gunicorn's default (2 s) would close
        # the connection under them, making the next request fail where a client does not
        # retry.
        "keepalive": 120,
        "preload_app": True,
        "proc_name": "sikt",
        "accesslog": None,
        "loglevel": "warning",
        # Sikt reads X-Forwarded-* itself, from the proxies in SIKT_TRUSTED_PROXIES only.
        "forwarded_allow_ips": "",
        # gunicorn's control socket (a file in the user's home) is not needed.
        "control_socket_disable": True,
        "worker_exit": _worker_exit,
    }
    SiktArbiter(SiktApplication(wsgi, options)).run()
