"""The embedded database under concurrent writers (issue 13 item 3).

Fifty threads start a transaction at the same moment, read (as a service does for its policy
check or numbering) and then write — the pattern that gave "database is locked" and lost
comments. Run in a fresh interpreter on a file database configured exactly as
:func:`sikt.web.config.load` configures it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from sikt.web import config

WRITERS = 50

SCRIPT = r"""
import json, sys, threading
import django
from django.conf import settings
from sikt.web.config import load

database = load({"SIKT_DATA_DIR": sys.argv[1]}).database
if sys.argv[2] == "deferred":  # what Sikt had before: WAL and a busy timeout only
    database["OPTIONS"] = {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
settings.configure(DATABASES={"default": database}, INSTALLED_APPS=[], USE_TZ=True)
django.setup()
from django.db import connection, connections, transaction

with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE comment (id INTEGER PRIMARY KEY, body TEXT, seen INTEGER)")
    cursor.execute("PRAGMA journal_mode")
    journal = cursor.fetchone()[0]
connections.close_all()
writers = int(sys.argv[3])
barrier = threading.Barrier(writers)
errors = []

def post(i):
    try:
        barrier.wait()
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM comment")
                seen = cursor.fetchone()[0]
                cursor.execute("INSERT INTO comment (body, seen) VALUES (%s, %s)", [f"c{i}", seen])
    except Exception as exc:
        errors.append(str(exc))
    finally:
        connections.close_all()

threads = [threading.Thread(target=post, args=(i,)) for i in range(writers)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
with connection.cursor() as cursor:
    cursor.execute("SELECT count(*), count(DISTINCT seen) FROM comment")
    rows, distinct_seen = cursor.fetchone()
print(json.dumps({"journal": journal, "errors": errors, "rows": rows, "seen": distinct_seen}))
"""


def run_writers(data_dir: Path, mode: str) -> dict[str, object]:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(data_dir), mode, str(WRITERS)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    outcome: dict[str, object] = json.loads(result.stdout.strip().splitlines()[-1])
    return outcome


def test_sqlite_is_configured_for_a_multi_user_server(tmp_path: Path) -> None:
    options = config.load({"SIKT_DATA_DIR": str(tmp_path)}).database["OPTIONS"]
    assert options == config.SQLITE_OPTIONS
    assert options["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in str(options["init_command"])


def test_fifty_concurrent_writers_all_succeed_and_nothing_is_lost(tmp_path: Path) -> None:
    outcome = run_writers(tmp_path, "configured")
    assert outcome["journal"] == "wal"
    assert outcome["errors"] == []
    assert outcome["rows"] == WRITERS
    # Each writer saw every earlier commit: the transactions ran one after another.
    assert outcome["seen"] == WRITERS


@pytest.mark.slow
def test_without_immediate_transactions_writers_fail(tmp_path: Path) -> None:
    """The control: the old configuration loses writes under the same load."""
    outcome = run_writers(tmp_path, "deferred")
    assert outcome["errors"], outcome
    assert all("locked" in error for error in outcome["errors"])  # type: ignore[attr-defined]
    assert outcome["rows"] == WRITERS - len(outcome["errors"])  # type: ignore[arg-type]
