"""``sikt serve --workers N`` (issue 13, "Load"): several web processes, one background worker.

A real server on loopback, on SQLite and (when the suite runs on PostgreSQL) on a database of its
own on that server: pages answer from both web processes, a web process or the background
worker that dies is started again, the background worker runs once, not once per process, the
pid file names the server so ``sikt restore`` refuses, and a stop leaves nothing behind.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from sikt.web.backup import PID_FILE, BackupError, restore, server_running

linux_only = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="gunicorn (Unix) and /proc (Linux)"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def children(pid: int) -> dict[int, str]:
    """The child processes of ``pid`` with their command lines."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if int(stat[1]) == pid and stat[0] != "Z":
            found[int(entry.name)] = command
    return found


def web_workers(pid: int) -> set[int]:
    return {child for child, command in children(pid).items() if " serve " in command}


def background_workers(pid: int) -> set[int]:
    return {child for child, command in children(pid).items() if "--for-serve" in command}


def live_workers(env: dict[str, str]) -> int:
    """How many background workers have a heartbeat in the server's database."""
    count = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); "
            "from sikt.web.workers.models import WorkerHeartbeat; "
            "print(WorkerHeartbeat.objects.count())",
        ],
        env=dict(env, DJANGO_SETTINGS_MODULE="sikt.web.settings"),
        capture_output=True,
        text=True,
    )
    assert count.returncode == 0, count.stderr
    return int(count.stdout)


def wait_for(condition: object, what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if callable(condition) and condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"not within {seconds} s: {what}")


def answers(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/konto/logga-in/", timeout=10) as r:
            return bool(r.status == 200)
    except OSError:
        return False


@linux_only
def test_several_processes_one_background_worker_restarted_when_they_die(
    migrated_database: dict[str, str],
) -> None:
    data_dir = Path(migrated_database["SIKT_DATA_DIR"])
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "sikt.cli", "serve", "--workers", "2", "--port", str(port)],
        env=migrated_database,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        wait_for(lambda: answers(port), "the server answers")
        wait_for(lambda: len(background_workers(server.pid)) == 1, "the background worker")
        assert len(web_workers(server.pid)) == 2
        seen = set(children(server.pid))
        # Exactly one background worker: not one per web process, and one heartbeat.
        time.sleep(1.5)
        assert len(background_workers(server.pid)) == 1
        assert live_workers(migrated_database) == 1
        assert all(answers(port) for _ in range(10))
        # The pid file names the server itself, so a restore refuses to run beside it.
        assert (data_dir / PID_FILE).read_text().strip() == str(server.pid)
        assert server_running(data_dir) == server.pid
        with pytest.raises(BackupError, match="stop 'sikt serve'"):
            restore(data_dir / "no-backup", data_dir / "sikt.sqlite3", data_dir)

        # A web process killed (say, out of memory) is replaced; the pages go on answering.
        killed = min(web_workers(server.pid))
        os.kill(killed, signal.SIGKILL)
        wait_for(
            lambda: len(web_workers(server.pid)) == 2 and killed not in web_workers(server.pid),
            "a new web process",
        )
        assert answers(port)
        # So is the background worker: the queue is never left without one.
        (lost,) = background_workers(server.pid)
        os.kill(lost, signal.SIGKILL)
        wait_for(
            lambda: (
                len(background_workers(server.pid)) == 1
                and lost not in background_workers(server.pid)
            ),
            "a new background worker",
        )
        seen |= set(children(server.pid))
    finally:
        server.send_signal(signal.SIGTERM)
        output, _ = server.communicate(timeout=60)
    # A stop ends every process of the server and removes the pid file; no process aborts.
    assert server.returncode == 0, output
    assert not [pid for pid in seen if Path(f"/proc/{pid}").exists()]
    assert not (data_dir / PID_FILE).exists()
    assert server_running(data_dir) is None
    assert "SIGABRT" not in output and "Traceback" not in output


@pytest.mark.django_db
def test_without_gunicorn_as_on_windows_one_waitress_process_serves(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    settings: Any,
    tmp_path: Path,
) -> None:
    """Windows has no gunicorn (it is not installed there): ``sikt serve --workers 4`` says so
    and serves from one waitress process with the background worker in a thread, so
    ``python3 dev.py start`` still works."""
    import importlib.util

    import waitress

    from sikt.cli import web
    from sikt.web import worker

    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *args: None if name == "gunicorn" else real_find_spec(name, *args),
    )
    served: list[dict[str, Any]] = []
    monkeypatch.setattr(waitress, "serve", lambda app, **options: served.append(options))
    threads: list[bool] = []
    monkeypatch.setattr(worker, "start_worker_thread", lambda: threads.append(True))
    settings.SIKT_DATA_DIR = tmp_path  # its pid file, not the suite's data directory

    args = argparse.Namespace(host="127.0.0.1", port=8123, workers=4, threads=8)
    assert web.cmd_serve(args) == 0

    output = capsys.readouterr().out
    assert "4 processes need gunicorn (Unix only); serving from one process" in output
    assert "(one process; Ctrl+C stops it)" in output
    assert served == [{"host": "127.0.0.1", "port": 8123, "threads": 8, "_quiet": True}]
    assert threads == [True]
    assert (tmp_path / PID_FILE).read_text().strip() == str(os.getpid())
