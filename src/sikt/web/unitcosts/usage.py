"""Which records use a unit cost, shown on the unit cost's page (issue 8 item 5).

The unit-cost app sits below the calculations in the layers, so it does not look for users
itself: apps that use unit costs register a provider from ``AppConfig.ready()``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sikt.web.unitcosts.models import UnitCostEntry


@dataclass(frozen=True)
class Usage:
    """One record that uses the unit cost: ``stale`` when it was computed before the unit cost's
    last change; ``recompute_url`` (a POST) when the user may recompute it now; ``frozen`` text
    (e.g. "beslutad – ändras genom ändringsansökan") when it may not be changed at all."""

    title: str
    url: str
    stale: bool
    recompute_url: str | None = None
    frozen: str = ""


Provider = Callable[[UnitCostEntry, Any], list[Usage]]
_providers: list[Provider] = []


def register(provider: Provider) -> None:
    """Add ``provider(entry, user) -> list[Usage]`` (idempotent)."""
    if provider not in _providers:
        _providers.append(provider)


def usages(entry: UnitCostEntry, user: Any) -> list[Usage]:
    return [usage for provider in _providers for usage in provider(entry, user)]
