from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(autouse=True)
def immediate_tasks(settings: Any) -> None:
    """Background tasks run at once in tests (the worker of ``sikt serve`` is not running)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
