"""Docs stay in step with the code: every setting and every command is documented."""

from __future__ import annotations

import argparse
from pathlib import Path

from sikt.cli import build_parser
from sikt.web.config import SETTINGS

ROOT = Path(__file__).resolve().parents[1]


def test_every_setting_is_in_the_operator_guide() -> None:
    guide = (ROOT / "docs" / "drift.md").read_text(encoding="utf-8")
    assert [name for name in SETTINGS if f"`{name}`" not in guide] == []


def test_every_command_is_in_the_operator_guide() -> None:
    guide = (ROOT / "docs" / "drift.md").read_text(encoding="utf-8")
    subparsers = next(
        action
        for action in build_parser()._actions
        if isinstance(action, argparse._SubParsersAction)
    )
    assert [name for name in subparsers.choices if f"`sikt {name}" not in guide] == []


def test_readme_quick_start_has_exactly_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Snabbstart / Quick start", 1)[1].split("```sh", 1)[1].split("```")[0]
    commands = [line.split("#")[0].strip() for line in block.strip().splitlines()]
    assert commands == ["python3 dev.py start", "python3 dev.py test"]
    assert (ROOT / ".ci" / "run").read_text().rstrip().endswith("exec python3 dev.py test")
