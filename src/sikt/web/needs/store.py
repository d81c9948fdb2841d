"""Where an organisation's indicator store lives: one DuckDB file per organisation in
``SIKT_DATA_DIR/behov/organisation-<id>.duckdb`` (docs/drift.md), so one organisation's data
never shares a file with another's."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from sikt.analysis.store import IndicatorStore
from sikt.web.accounts.models import Organization


def store_path(organization: Organization) -> Path:
    return Path(settings.SIKT_DATA_DIR) / "behov" / f"organisation-{organization.pk}.duckdb"


def store_for(organization: Organization) -> IndicatorStore:
    return IndicatorStore(store_path(organization))
