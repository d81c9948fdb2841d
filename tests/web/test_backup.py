"""Backups that restore (issue 13 item 10): snapshot while running, restore over a stale WAL."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from types import SimpleNamespace

import pytest

from sikt.cli import CommandError
from sikt.cli.web import _sqlite_database
from sikt.web.backup import PID_FILE, BackupError, make_backup, restore, verify


def dump(database: Path) -> list[str]:
    connection = sqlite3.connect(database)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


@pytest.fixture
def live(tmp_path: Path) -> tuple[Path, Path, sqlite3.Connection]:
    """A data directory with a WAL database whose recent commits are still in the -wal file."""
    data_dir = tmp_path / "data"
    (data_dir / "needs").mkdir(parents=True)
    database = data_dir / "sikt.sqlite3"
    server = sqlite3.connect(database, isolation_level=None)
    server.execute("PRAGMA journal_mode=WAL")
    server.execute("PRAGMA wal_autocheckpoint=0")  # keep every commit in the WAL
    server.execute("CREATE TABLE initiative (id INTEGER PRIMARY KEY, title TEXT)")
    server.execute("CREATE TABLE audit_entry (id INTEGER PRIMARY KEY, note TEXT)")
    for n in range(50):
        server.execute("INSERT INTO initiative (title) VALUES (?)", [f"Satsning {n} – åäö"])
        server.execute("INSERT INTO audit_entry (note) VALUES (?)", [f"skapad {n}"])
    (data_dir / "needs" / "indikatorer.duckdb").write_bytes(os.urandom(4096))
    (data_dir / "static").mkdir()
    (data_dir / "static" / "sikt.css").write_text("body{}")
    assert (data_dir / "sikt.sqlite3-wal").stat().st_size > 0
    return data_dir, database, server


def test_round_trip_keeps_every_record_and_file_and_drops_a_stale_wal(
    live: tuple[Path, Path, sqlite3.Connection], tmp_path: Path
) -> None:
    data_dir, database, server = live
    result = make_backup(database, data_dir, tmp_path / "backups")  # the server keeps running
    assert (result.tables, result.rows, result.files) == (2, 100, 1)
    backed_up = dump(result.path / "sikt.sqlite3")
    duckdb_bytes = (data_dir / "needs" / "indikatorer.duckdb").read_bytes()
    assert "INSERT INTO \"initiative\" VALUES(50,'Satsning 49 – åäö');" in backed_up

    # Work goes on after the backup; then the server stops leaving its -wal file behind.
    server.execute("DELETE FROM initiative WHERE id <= 10")
    server.execute("INSERT INTO audit_entry (note) VALUES ('efter säkerhetskopian')")
    (data_dir / "needs" / "indikatorer.duckdb").write_bytes(b"changed")
    stale_wal = (data_dir / "sikt.sqlite3-wal").read_bytes()
    server.close()
    (data_dir / "sikt.sqlite3-wal").write_bytes(stale_wal)

    (data_dir / PID_FILE).write_text(f"{os.getpid()}\n")  # a live server: refused
    with pytest.raises(BackupError, match="stop 'sikt serve'"):
        restore(result.path, database, data_dir)
    (data_dir / PID_FILE).unlink()

    restored = restore(result.path, database, data_dir)
    assert (restored.rows, restored.files) == (100, 1)
    assert dump(database) == backed_up
    assert (data_dir / "needs" / "indikatorer.duckdb").read_bytes() == duckdb_bytes
    assert list(data_dir.glob("sikt.sqlite3.before-restore-*"))  # the old one kept aside


def test_damaged_or_foreign_backup_is_refused(
    live: tuple[Path, Path, sqlite3.Connection], tmp_path: Path
) -> None:
    data_dir, database, server = live
    result = make_backup(database, data_dir, tmp_path / "backups")
    server.close()
    verify(result.path)
    (result.path / "data" / "needs" / "indikatorer.duckdb").write_bytes(b"bitrot")
    with pytest.raises(BackupError, match=r"damaged: data/needs/indikatorer\.duckdb"):
        restore(result.path, database, data_dir)
    with pytest.raises(BackupError, match="not a Sikt backup"):
        restore(tmp_path, database, data_dir)
    assert dump(database)  # nothing was touched
    with pytest.raises(BackupError, match="outside the data directory"):
        make_backup(database, data_dir, data_dir / "backups")


def test_postgresql_installations_are_pointed_to_pg_dump() -> None:
    settings = SimpleNamespace(
        DATABASES={
            "default": {
                "ENGINE": "django.db.backends.postgresql",
                "NAME": "sikt",
                "USER": "sikt",
                "HOST": "db",
                "PORT": 5432,
            }
        }
    )
    with pytest.raises(CommandError, match="pg_dump"):
        _sqlite_database(settings, "backup")
