"""``sikt`` administration commands as an operator runs them, in a fresh data directory."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def sikt(
    tmp_path: Path, *args: str, stdin: str = "", **env: str
) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SIKT_", "DJANGO_"))}
    clean["SIKT_DATA_DIR"] = str(tmp_path / "data")
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-m", "sikt.cli", *args],
        capture_output=True,
        text=True,
        input=stdin,
        env=clean,
        timeout=900,
    )


def test_help_explains_every_command(tmp_path: Path) -> None:
    result = sikt(tmp_path, "--help")
    assert result.returncode == 0
    for command in ["serve", "demo", "createorg", "createuser", "check", "migrate"]:
        assert command in result.stdout


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"SIKT_ENV": "production", "SIKT_ALLOWED_HOSTS": "a.se"}, "SIKT_SECRET_KEY must be set"),
        ({"SIKT_DEBUG": "kanske"}, "SIKT_DEBUG: unknown value"),
        ({"SIKT_DATABASE_URL": "postgresql://nobody@127.0.0.1:1/sikt"}, "database not reachable"),
    ],
)
def test_bad_configuration_fails_with_one_line(
    tmp_path: Path, env: dict[str, str], expected: str
) -> None:
    result = sikt(tmp_path, "check", **env)
    assert result.returncode != 0
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_demo_then_check_then_createorg_and_createuser(tmp_path: Path) -> None:
    demo = sikt(tmp_path, "demo")
    assert demo.returncode == 0, demo.stderr
    assert "samordnare" in demo.stdout and "sikt-demo" in demo.stdout
    check = sikt(tmp_path, "check")
    assert check.returncode == 0 and "up to date" in check.stdout
    org = sikt(
        tmp_path,
        "createorg",
        "Uppsala kommun",
        "--org-number",
        "212000-3005",
        "--code",
        "0380",
        "--committee",
        "Socialnämnden",
    )
    assert org.returncode == 0, org.stderr
    user = sikt(
        tmp_path,
        "createuser",
        "eva",
        "--org",
        "0380",
        "--role",
        "economist",
        "--password-stdin",
        stdin="ett-langt-losenord-9\n",
    )
    assert user.returncode == 0, user.stderr
    assert "economist" in user.stdout


def test_createorg_rejects_bad_organization_number(tmp_path: Path) -> None:
    assert sikt(tmp_path, "migrate").returncode == 0
    result = sikt(tmp_path, "createorg", "Felby", "--org-number", "212000-3006")
    assert result.returncode == 2
    assert "check digit" in result.stderr or "kontrollsiffra" in result.stderr
    assert "Traceback" not in result.stderr


def test_createuser_rejects_unknown_role(tmp_path: Path) -> None:
    assert sikt(tmp_path, "migrate").returncode == 0
    result = sikt(
        tmp_path,
        "createuser",
        "x",
        "--org",
        "9999",
        "--role",
        "king",
        "--password-stdin",
        stdin="ett-langt-losenord-9\n",
    )
    assert result.returncode == 2 and "unknown role 'king'" in result.stderr
