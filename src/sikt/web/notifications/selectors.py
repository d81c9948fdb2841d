"""Reading a user's inbox and choices."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from sikt.web import policy
from sikt.web.notifications import kinds
from sikt.web.notifications.models import Notification, NotificationChoice


def inbox_of(user: Any) -> QuerySet[Notification]:
    """The user's messages about their own organisations (or about their account)."""
    return Notification.objects.filter(recipient=user).filter(
        Q(organization__isnull=True) | Q(organization_id__in=policy.organization_ids(user))
    )


def unread_count(user: Any) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return inbox_of(user).filter(read_at__isnull=True).count()


def choices_of(user: Any) -> list[tuple[kinds.Kind, bool, bool]]:
    """Every kind with the user's ``(in the inbox, by e-mail)`` choice or its default."""
    stored = {choice.kind: choice for choice in NotificationChoice.objects.filter(user=user)}
    rows = []
    for kind in kinds.all_kinds():
        choice = stored.get(kind.key)
        if choice is None:
            rows.append((kind, True, kind.email_by_default))
        else:
            rows.append((kind, choice.in_app, choice.by_email))
    return rows
