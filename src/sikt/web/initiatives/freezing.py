"""What a decision freezes beside the application version: one entry per registered freezer.

A decision is a snapshot (ARCHITECTURE, "Rules learned from the first build"): whatever it rests
on is kept as it was when the decision was taken, so the decision document, the portfolio, the
fund and the follow-up read the decided figures, never the live (perhaps since amended) ones.
Areas above this app register a freezer in ``AppConfig.ready()``::

    from sikt.web.initiatives import freezing
    freezing.register("calculation", calculation_frozen)

``freeze(initiative)`` returns JSON-ready data (or ``None`` when there is nothing to freeze);
the transition service stores ``{key: data}`` on :attr:`Decision.frozen` in the decision's own
transaction. Read it back with :func:`frozen_for`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sikt.web.initiatives.models import Decision, Initiative

Freezer = Callable[["Initiative"], Any]

_FREEZERS: dict[str, Freezer] = {}


def register(key: str, freeze: Freezer) -> None:
    """Register (or replace) the freezer of ``key``."""
    _FREEZERS[key] = freeze


def unregister(key: str) -> None:
    """Remove a registration (tests)."""
    _FREEZERS.pop(key, None)


def freeze_all(initiative: Initiative) -> dict[str, Any]:
    """``{key: data}`` of every registered freezer that has something to freeze."""
    frozen = {}
    for key, freeze in sorted(_FREEZERS.items()):
        data = freeze(initiative)
        if data is not None:
            frozen[key] = data
    return frozen


def frozen_for(decision: Decision, key: str) -> Any:
    """What freezer ``key`` stored on ``decision`` (``None`` if nothing)."""
    return (decision.frozen or {}).get(key)
