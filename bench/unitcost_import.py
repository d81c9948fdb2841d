"""Benchmark: a 200,000-row unit-cost import on the embedded SQLite database (issue 13 §4).

Before, such a file ran in the request for ~15 minutes and blocked every write in the app.
Now it is a background task in two steps (:mod:`sikt.web.unitcosts.importing`): checking every
row and working out each change without a transaction, then writing everything with bulk
statements in one transaction. This measures, without asserting:

* counting the rows at upload (the limit check before anything is queued);
* the checking (no database lock held);
* the write transaction — the only time other writers wait — and, while it runs, how long a
  second connection waits to write one row (what a user logging in would feel);
* the first page of the paginated list.

    .venv/bin/python bench/unitcost_import.py [--rows 200000]

A fresh database in ``/tmp/sikt-bench-unitcost-import`` is created each run.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import platform
import shutil
import sqlite3
import sys
import threading
import time
from pathlib import Path

DATA_DIR = Path("/tmp/sikt-bench-unitcost-import")


def _setup() -> None:
    shutil.rmtree(DATA_DIR, ignore_errors=True)
    DATA_DIR.mkdir(parents=True)
    os.environ["SIKT_DATA_DIR"] = str(DATA_DIR)
    os.environ.pop("SIKT_DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sikt.web.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def _file(rows: int) -> bytes:
    from sikt.calc.unit_costs import COLUMNS

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for n in range(1, rows + 1):
        values = {
            "key": f"kostnad_{n:06d}",
            "name_sv": f"Insats {n}, vårddygn",
            "amount_sek": str(1000 + n % 9000),
            "unit": "kr/vårddygn",
            "price_year": "2024",
            "bearer": "kommun – socialnämnd",
            "source_title": "Prislista",
            "source_publisher": "Kommunen",
            "confidence": "B",
        }
        writer.writerow([values.get(column, "") for column in COLUMNS])
    return buffer.getvalue().encode()


def _writer_wait(stop: threading.Event, waits: list[float]) -> None:
    """Another connection writing one row every 100 ms, as the server's other users would."""
    connection = sqlite3.connect(DATA_DIR / "sikt.sqlite3", timeout=600, isolation_level=None)
    connection.execute("CREATE TABLE IF NOT EXISTS bench_probe (at REAL)")
    while not stop.is_set():
        started = time.perf_counter()
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("INSERT INTO bench_probe VALUES (?)", (started,))
        connection.execute("COMMIT")
        waits.append(time.perf_counter() - started)
        time.sleep(0.1)
    connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=200_000)
    args = parser.parse_args()
    _setup()
    from django.test import Client
    from django.urls import reverse

    from sikt.web.accounts.models import Membership, Organization, Role, User
    from sikt.web.unitcosts import importing

    organization = Organization.objects.create(
        name="Benchkommun", kind="municipality", organization_number="212000-0142"
    )
    user = User.objects.create_user("ekonom", password="x")
    Membership.objects.create(user=user, organization=organization, role=Role.ECONOMIST)
    data = _file(args.rows)
    print(
        f"Python {platform.python_version()}, {platform.machine()}, SQLite {sqlite3.sqlite_version}"
    )
    print(f"file: {args.rows:,} rows, {len(data) / 1e6:.1f} MB")

    started = time.perf_counter()
    counted = importing.count_rows(data, "bench.csv")
    print(
        f"count rows at upload (limit check): {time.perf_counter() - started:6.2f} s ({counted:,})"
    )

    started = time.perf_counter()
    work = importing.plan(user, organization, data, "bench.csv")
    print(f"check every row (no lock held):     {time.perf_counter() - started:6.2f} s")

    stop, waits = threading.Event(), []
    probe = threading.Thread(target=_writer_wait, args=(stop, waits))
    probe.start()
    time.sleep(0.5)
    started = time.perf_counter()
    summary = importing.write(user, work)
    held = time.perf_counter() - started
    time.sleep(0.3)
    stop.set()
    probe.join()
    print(f"write transaction (database held):  {held:6.2f} s ({summary.created:,} new)")
    print(f"another writer's longest wait:      {max(waits):6.2f} s over {len(waits)} writes")

    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    client.get(reverse("unitcosts:list"))
    started = time.perf_counter()
    response = client.get(reverse("unitcosts:list"))
    print(
        f"list page 1 (paginated):            {time.perf_counter() - started:6.2f} s, "
        f"{len(response.content) / 1e3:.0f} kB"
    )


if __name__ == "__main__":
    main()
