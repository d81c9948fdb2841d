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

A freezer may come with a restorer, ``restore(initiative, data, actor)``: when an amendment is
rejected, the application returns to the version the decision in force rests on
(:func:`restore_all`), through each area's own write path.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sikt.web.initiatives.models import Decision, Initiative

Freezer = Callable[["Initiative"], Any]
Restorer = Callable[["Initiative", Any, Any], None]

_FREEZERS: dict[str, Freezer] = {}
_RESTORERS: dict[str, Restorer] = {}


def register(key: str, freeze: Freezer, restore: Restorer | None = None) -> None:
    """Register (or replace) the freezer of ``key`` and, if given, its restorer."""
    _FREEZERS[key] = freeze
    if restore is not None:
        _RESTORERS[key] = restore


def unregister(key: str) -> None:
    """Remove a registration (tests)."""
    _FREEZERS.pop(key, None)
    _RESTORERS.pop(key, None)


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


def restore_all(initiative: Initiative, decision: Decision, actor: Any) -> list[str]:
    """Put back what ``decision`` froze, for every restorer with data; the keys restored."""
    restored = []
    for key, restore in sorted(_RESTORERS.items()):
        data = frozen_for(decision, key)
        if data is not None:
            restore(initiative, data, actor)
            restored.append(key)
    return restored
