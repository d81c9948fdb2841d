"""Write and read paths of personal API tokens (create, revoke, authenticate).

A token is shown once, when it is created; afterwards only its hash is stored
(:class:`~sikt.web.api.models.ApiToken`). Creating and revoking are recorded in the audit trail.
A token acts as its user — with exactly the user's roles, through the same policy — so it
grants nothing the user could not do in the browser.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from sikt.web.api.models import ApiToken
from sikt.web.audit import services as audit

PREFIX = "sikt_"
#: How often ``last_used_at`` is written: not on every request (one write per call would
#: serialise an API client's reads on the embedded database).
LAST_USED_RESOLUTION = dt.timedelta(minutes=5)
#: At most this many active tokens per user (a leaked script should not mint thousands).
MAX_ACTIVE = 20


def digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def token_create(*, actor: Any, name: str) -> tuple[ApiToken, str]:
    """A new token for ``actor``; returns the record and the token text (shown only now)."""
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        raise PermissionDenied
    if ApiToken.objects.filter(user=actor, revoked_at=None).count() >= MAX_ACTIVE:
        raise PermissionDenied
    raw = PREFIX + secrets.token_urlsafe(32)
    token = audit.create(
        actor,
        ApiToken(user=actor, name=name.strip(), prefix=raw[len(PREFIX) :][:8], digest=digest(raw)),
    )
    return token, raw


@transaction.atomic
def token_revoke(*, actor: Any, token: ApiToken) -> ApiToken:
    """Revoke one of the actor's own tokens; a revoked token is never accepted again."""
    if token.user_id != getattr(actor, "pk", None):
        raise PermissionDenied
    if token.revoked_at is not None:
        return token
    return audit.update(actor, token, revoked_at=timezone.now())


def user_for(raw: str) -> Any | None:
    """The active user whose active token ``raw`` is, else ``None``."""
    if not raw.startswith(PREFIX) or len(raw) > 100:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=digest(raw), revoked_at=None, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
