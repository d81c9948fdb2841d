"""Type cases offered to a calculation from areas above it.

Why: the calculations area sits below shared models (the layers contract in ``pyproject.toml``),
yet a user building a calculation should see that the organisation has adopted type cases it can
add. A higher area registers a provider from its ``AppConfig.ready()``; the calculation page
lists what the providers offer: ``(label, url)`` of a page where the user adds one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sikt.web.calculations.models import Calculation

Offer = tuple[str, str]
Provider = Callable[[Any, Calculation], list[Offer]]
PROVIDERS: list[Provider] = []


def register(provider: Provider) -> None:
    """Add ``provider(user, calculation) -> [(label, url)]`` (once)."""
    if provider not in PROVIDERS:
        PROVIDERS.append(provider)


def type_case_offers(user: Any, calculation: Calculation) -> list[Offer]:
    """Every registered provider's offers for ``calculation``, as ``user`` may see them."""
    return [offer for provider in PROVIDERS for offer in provider(user, calculation)]
