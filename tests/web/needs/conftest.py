from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _own_data_dir(settings: Any, tmp_path: Path) -> None:
    """Each test gets its own indicator stores (organisation ids repeat between tests)."""
    settings.SIKT_DATA_DIR = tmp_path
