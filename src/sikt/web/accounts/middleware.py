"""Puts the organisation the user works in on ``request.organization``.

A user may belong to several organisations (e.g. a municipality and a coordination
association); the one chosen last is kept in the session, defaulting to the first.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from sikt.web import policy
from sikt.web.accounts.models import Organization

SESSION_KEY = "sikt_organization_id"


class CurrentOrganizationMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.organization = current_organization(request)  # type: ignore[attr-defined]
        # Every organisation the user may act in (what sikt.web.generations scopes writes to).
        request.member_of = policy.organization_ids(request.user)  # type: ignore[attr-defined]
        return self.get_response(request)


def current_organization(request: HttpRequest) -> Organization | None:
    user = request.user
    if not user.is_authenticated:
        return None
    ids = policy.organization_ids(user)
    if not ids:
        return None
    chosen = request.session.get(SESSION_KEY)
    return Organization.objects.filter(pk=chosen if chosen in ids else min(ids)).first()
