"""The kinds of notification areas send, with the label users choose them by.

Each kind has a stable key; users decide per kind whether it reaches their inbox and whether
it also comes by e-mail (:class:`~sikt.web.notifications.models.NotificationChoice`). A kind
nobody registered cannot be sent — that is a programming error, not a silent drop.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class Kind:
    key: str
    label: Promise | str
    #: Sent by e-mail unless the user opts out (otherwise only on opt-in).
    email_by_default: bool = True
    order: int = 100


_KINDS: dict[str, Kind] = {}


def register_kind(
    key: str, label: Promise | str, *, email_by_default: bool = True, order: int = 100
) -> None:
    """Add (or replace) a kind of notification."""
    _KINDS[key] = Kind(key, label, email_by_default, order)


def get(key: str) -> Kind:
    try:
        return _KINDS[key]
    except KeyError:
        raise ValueError(f"unknown notification kind {key!r}; register it first") from None


def all_kinds() -> list[Kind]:
    return sorted(_KINDS.values(), key=lambda kind: (kind.order, kind.key))
