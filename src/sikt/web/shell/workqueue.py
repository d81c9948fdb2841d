"""The personal work queue on the start page: what waits for this user, by role.

The shell sits below the areas, so it knows nothing of reports, ideas or payouts. An area
registers a *provider* from its ``AppConfig.ready()``::

    from sikt.web.shell import workqueue
    workqueue.register(reports_due, labels={"report_due": _("Report to submit")})

A provider is called as ``provider(user, organization)`` and returns the :class:`WorkItem` s
the user can act on in that organisation — each a link to the page where the work is done.
Providers decide by the user's roles (a project leader sees reports due, a coordinator updates
to approve) and must read with a fixed number of queries, whatever the number of initiatives:
the start page is the page everybody opens first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise

from sikt.web.accounts.models import Organization


@dataclass(frozen=True)
class WorkItem:
    """One thing waiting for the user.

    ``kind`` is a stable key (e.g. ``"report_due"``) whose label the provider registered;
    ``due`` is the date it should be done by (``None`` when there is no deadline) and
    ``overdue`` says the date has passed.
    """

    kind: str
    title: str
    url: str
    due: dt.date | None = None
    overdue: bool = False


Provider = Callable[[Any, Organization], Sequence[WorkItem]]

_PROVIDERS: dict[str, Provider] = {}
_LABELS: dict[str, Promise | str] = {}


def _key(provider: Provider) -> str:
    return f"{provider.__module__}.{provider.__qualname__}"


def register(provider: Provider, *, labels: Mapping[str, Promise | str] | None = None) -> None:
    """Add (or replace) ``provider``; ``labels`` name the kinds of item it returns."""
    _PROVIDERS[_key(provider)] = provider
    _LABELS.update(labels or {})


def unregister(provider: Provider) -> None:
    _PROVIDERS.pop(_key(provider), None)


def providers() -> list[Provider]:
    return [_PROVIDERS[key] for key in sorted(_PROVIDERS)]


def kind_label(kind: str) -> str:
    """The label of a kind of item, in the current language (the key if none was registered)."""
    return str(_LABELS.get(kind, kind))


def order_key(item: WorkItem) -> tuple[bool, bool, dt.date, str]:
    """Overdue first, then by due date (no date last), then by title."""
    return (not item.overdue, item.due is None, item.due or dt.date.max, item.title)


def items_for(user: Any, organization: Organization | None) -> list[WorkItem]:
    """Every registered provider's items for ``user`` in ``organization``, most urgent first."""
    if organization is None or not getattr(user, "is_authenticated", False):
        return []
    items = [item for provider in providers() for item in provider(user, organization)]
    return sorted(items, key=order_key)
