"""Listeners told of every decision taken in the workflow (clear, reject, recommend, approve,
amendment decisions …).

Areas above this app (the fund books a commitment, the reports area keeps the decision
documents) register a callback in ``AppConfig.ready()``::

    from sikt.web.initiatives.events import register_decision_listener
    register_decision_listener(book_commitment)

The transition service calls ``callback(decision=<Decision>, actor=<User | None>)`` inside the
decision's transaction, after the decision, its frozen content and (for an approval) its grant
are written. A listener that raises rolls the whole step back, so a decision is never recorded
half-way. Work that may take long belongs in a task started with ``transaction.on_commit``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sikt.web.initiatives.models import Decision

DecisionListener = Callable[..., None]

_LISTENERS: list[DecisionListener] = []


def register_decision_listener(callback: DecisionListener) -> None:
    """Call ``callback(decision=…, actor=…)`` for every decision taken (registered once)."""
    if callback not in _LISTENERS:
        _LISTENERS.append(callback)


def unregister_decision_listener(callback: DecisionListener) -> None:
    """Remove a listener (tests)."""
    if callback in _LISTENERS:
        _LISTENERS.remove(callback)


def decision_taken(decision: Decision, actor: Any) -> None:
    """Tell every listener, in the order they registered."""
    for callback in list(_LISTENERS):
        callback(decision=decision, actor=actor)
