"""The cores never import Django or the web shell, the web apps stay layered and no package has
an import cycle — and the contracts really catch a breach."""

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


def _copy_with(tmp_path: Path, modules: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run the contracts on a copy of the source with ``{relative path: source}`` added."""
    shutil.copytree(
        ROOT / "src" / "sikt",
        tmp_path / "sikt",
        ignore=shutil.ignore_patterns("__pycache__", "static", "locale"),
    )
    for relative, text in modules.items():
        (tmp_path / "sikt" / relative).write_text(text)
    return run_contract(tmp_path)


def test_contract_fails_when_a_core_imports_django(tmp_path: Path) -> None:
    result = _copy_with(tmp_path, {"calc/leak.py": "import django.db\n"})
    assert result.returncode != 0
    assert "sikt.calc.leak -> django" in result.stdout


def test_contract_fails_when_a_lower_web_app_imports_a_higher_one(tmp_path: Path) -> None:
    result = _copy_with(tmp_path, {"web/initiatives/leak.py": "import sikt.web.funds.models\n"})
    assert result.returncode != 0
    assert "sikt.web.initiatives.leak -> sikt.web.funds.models" in result.stdout


def test_contract_fails_on_an_import_cycle(tmp_path: Path) -> None:
    result = _copy_with(
        tmp_path,
        {
            "calc/leak_a.py": "import sikt.calc.leak_b\n",
            "calc/leak_b.py": "import sikt.calc.leak_a\n",
        },
    )
    assert result.returncode != 0
    assert "No cycles are allowed in sikt.calc" in result.stdout
