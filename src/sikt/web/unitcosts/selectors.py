"""Reads of the unit-cost library: filtered lists, the library as ``sikt.calc`` sees it, files."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.db.models import Q, QuerySet

from sikt.calc import UnitCostLibrary, save_unit_cost_library
from sikt.web import policy
from sikt.web.accounts.models import Organization
from sikt.web.unitcosts.models import UnitCostEntry
from sikt.web.unitcosts.rows import library_of

#: Flag filters offered in the list: name → lookup.
FLAG_FILTERS: dict[str, Q] = {
    "secondary": Q(secondary_source=True),
    "undated": Q(price_year__isnull=True),
    "composite": Q(composite=True),
    "free_text_unit": Q(unit=UnitCostEntry.Unit.OTHER),
}


def entries_for(
    user: Any,
    organization: Organization,
    *,
    search: str = "",
    bearer: str = "",
    confidence: str = "",
    flag: str = "",
) -> QuerySet[UnitCostEntry]:
    """The organisation's unit costs the user may see, filtered as in the list page."""
    entries = policy.scope(user, UnitCostEntry.objects.filter(organization=organization))
    if search:
        entries = entries.filter(
            Q(name_sv__icontains=search)
            | Q(name_en__icontains=search)
            | Q(key__icontains=search)
            | Q(source_title__icontains=search)
            | Q(source_publisher__icontains=search)
        )
    if bearer:
        entries = entries.filter(bearer_kind=bearer)
    if confidence:
        entries = entries.filter(confidence=confidence)
    if flag in FLAG_FILTERS:
        entries = entries.filter(FLAG_FILTERS[flag])
    return entries


def library_for(organization: Organization) -> UnitCostLibrary:
    """The organisation's library as ``sikt.calc`` uses it in every calculation."""
    return library_of(list(UnitCostEntry.objects.filter(organization=organization)))


def export_bytes(organization: Organization, suffix: str) -> bytes:
    """The library as a ``.csv`` or ``.xlsx`` file in ``sikt.calc``'s columns (re-importable)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"export{suffix}"
        save_unit_cost_library(library_for(organization), path)
        return path.read_bytes()
