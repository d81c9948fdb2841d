"""Backups that restore: a consistent snapshot of the SQLite database and the data directory.

Copying ``sikt.sqlite3`` while the server runs, or copying an old file back while a ``-wal``
file remains, loses or corrupts data: in WAL mode recent commits live in the ``-wal`` file until
a checkpoint, and a stale ``-wal`` beside an older database is replayed into it.
:func:`make_backup` therefore copies the database with SQLite's online backup API (a consistent
snapshot including what is still in the WAL, taken while the server keeps running) and copies
the rest of the data directory beside it, with a manifest of SHA-256 sums. :func:`restore`
refuses to run while a ``sikt serve`` process is alive, verifies the backup (sums and SQLite's
integrity check), keeps the current database aside, removes stale ``-wal``/``-shm`` files and
checks the restored database. PostgreSQL is backed up with ``pg_dump`` (docs/drift.md).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

#: ``sikt serve`` writes its process id here (in the data directory) while it runs.
PID_FILE = "sikt-serve.pid"
MANIFEST = "manifest.json"
#: Not copied: the database itself (copied by the backup API), its WAL side files, the
#: collected static files (rebuilt on start) and the server's pid file.
_SKIP_SUFFIXES = ("-wal", "-shm", "-journal")
_SKIP_NAMES = {PID_FILE, "static"}


class BackupError(Exception):
    """A backup or restore that cannot be done, described in one line."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    tables: int
    rows: int
    files: int


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _counts(database: Path) -> dict[str, int]:
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        names = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
                "ORDER BY name"
            )
        ]
        return {
            name: connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
            for name in names
        }
    finally:
        connection.close()


def _check_integrity(database: Path) -> None:
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        verdict = connection.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        connection.close()
    if verdict != "ok":
        raise BackupError(f"{database} fails SQLite's integrity check: {verdict}")


def _data_files(data_dir: Path, database: Path) -> list[Path]:
    files = []
    for path in sorted(data_dir.rglob("*")):
        relative = path.relative_to(data_dir)
        if not path.is_file() or relative.parts[0] in _SKIP_NAMES:
            continue
        if path == database or path.name.endswith(_SKIP_SUFFIXES):
            continue
        files.append(path)
    return files


def make_backup(database: Path, data_dir: Path, destination: Path) -> BackupResult:
    """Write a backup of ``database`` and ``data_dir`` into a new folder under ``destination``."""
    if not database.exists():
        raise BackupError(f"no database at {database}")
    if destination.resolve().is_relative_to(data_dir.resolve()):
        raise BackupError("put backups outside the data directory (and preferably on another disk)")
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = destination / f"sikt-backup-{stamp}"
    if target.exists():
        raise BackupError(f"{target} exists already")
    (target / "data").mkdir(parents=True)
    source = sqlite3.connect(database, timeout=30)
    copy = sqlite3.connect(target / database.name)
    try:
        with copy:
            source.backup(copy)  # a consistent snapshot, WAL content included
        copy.execute("PRAGMA journal_mode=DELETE")
    finally:
        copy.close()
        source.close()
    _check_integrity(target / database.name)
    files: dict[str, str] = {database.name: _sha256(target / database.name)}
    for path in _data_files(data_dir, database):
        relative = path.relative_to(data_dir)
        (target / "data" / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target / "data" / relative)
        files[f"data/{relative.as_posix()}"] = _sha256(target / "data" / relative)
    counts = _counts(target / database.name)
    manifest = {
        "created": datetime.now().isoformat(timespec="seconds"),
        "database": database.name,
        "files": files,
        "rows": counts,
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    return BackupResult(target, len(counts), sum(counts.values()), len(files) - 1)


def server_running(data_dir: Path) -> int | None:
    """The process id of a live ``sikt serve`` using ``data_dir``, else None."""
    pid_file = data_dir / PID_FILE
    try:
        pid = int(pid_file.read_text().strip())
    except (OSError, ValueError):
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        return pid
    return pid


def verify(backup: Path) -> dict[str, object]:
    """Check a backup's files against its manifest and its database's integrity."""
    try:
        manifest: dict[str, object] = json.loads((backup / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"{backup} is not a Sikt backup (no readable {MANIFEST}): {exc}") from exc
    files = manifest.get("files")
    if not isinstance(files, dict):
        raise BackupError(f"{backup / MANIFEST} lists no files")
    for name, expected in files.items():
        path = backup / name
        if not path.is_file():
            raise BackupError(f"the backup is incomplete: {name} is missing")
        if _sha256(path) != expected:
            raise BackupError(f"the backup is damaged: {name} does not match its checksum")
    _check_integrity(backup / str(manifest["database"]))
    return manifest


def restore(backup: Path, database: Path, data_dir: Path) -> BackupResult:
    """Replace ``database`` and the data directory's files with those of ``backup``."""
    pid = server_running(data_dir)
    if pid is not None:
        raise BackupError(
            f"Sikt is running (process {pid}); stop 'sikt serve' before restoring a backup"
        )
    manifest = verify(backup)
    data_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    if database.exists():
        database.rename(database.with_name(f"{database.name}.before-restore-{stamp}"))
    for suffix in _SKIP_SUFFIXES:  # a stale WAL would be replayed into the restored file
        database.with_name(database.name + suffix).unlink(missing_ok=True)
    shutil.copy2(backup / str(manifest["database"]), database)
    files = 0
    for path in sorted((backup / "data").rglob("*")):
        if path.is_file():
            relative = path.relative_to(backup / "data")
            (data_dir / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, data_dir / relative)
            files += 1
    _check_integrity(database)
    counts = _counts(database)
    if counts != manifest["rows"]:
        raise BackupError("the restored database does not hold the rows the backup recorded")
    return BackupResult(database, len(counts), sum(counts.values()), files)
