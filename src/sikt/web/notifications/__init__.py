"""Notifications: an in-app inbox (unread count in the header) and e-mail, per-user choices.

Areas name the kinds of message they send with :func:`register_kind` (from
``AppConfig.ready()``) and send with :func:`notify` inside their service's transaction; the
messages are delivered when the transaction commits (``transaction.on_commit``, as Zulip's
actions do), so a rolled-back action never sends anything::

    from sikt.web.notifications import notify, register_kind
    register_kind("report_returned", _("A report was returned to you"))
    notify(users=[leader], kind="report_returned", title="…", url=reverse(...))
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sikt.web.notifications.kinds import register_kind


def notify(
    *,
    users: Iterable[Any],
    kind: str,
    title: str,
    url: str,
    organization: Any = None,
) -> None:
    """Send ``title`` with a link to ``url`` to ``users`` when the transaction commits."""
    from sikt.web.notifications.services import notify as send

    send(users=users, kind=kind, title=title, url=url, organization=organization)


__all__ = ["notify", "register_kind"]
