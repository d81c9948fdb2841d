"""The cores never import Django or the web shell — and the contract really catches it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def run_contract(src: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
        capture_output=True,
        text=True,
        cwd=src,
        env={"PYTHONPATH": str(src), "PATH": ""},
        timeout=120,
    )


def test_contract_holds_for_the_project() -> None:
    result = run_contract(ROOT / "src")
    assert result.returncode == 0, result.stdout


def test_contract_fails_when_a_core_imports_django(tmp_path: Path) -> None:
    shutil.copytree(
        ROOT / "src" / "sikt",
        tmp_path / "sikt",
        ignore=shutil.ignore_patterns("__pycache__", "static", "locale"),
    )
    (tmp_path / "sikt" / "calc" / "leak.py").write_text("import django.db\n")
    result = run_contract(tmp_path)
    assert result.returncode != 0
    assert "sikt.calc.leak -> django" in result.stdout
