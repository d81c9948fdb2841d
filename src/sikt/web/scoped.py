"""Views on one record of an organisation: looked up through the policy's scope, else 404.

:func:`request_organization` is the organisation a page works in (the signed-in user's), else 404.

:func:`object_view` marks a view with the model its URL's ``pk`` names, so a generic test can
visit every such URL as a user of another organisation and expect 404 (tests/web/test_tenancy.py).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse

from sikt.web import policy
from sikt.web.accounts.models import Organization

View = Callable[..., HttpResponse]


def request_organization(request: HttpRequest, action: policy.Action | None = None) -> Organization:
    """The organisation of the signed-in user; 404 without one (e.g. a system administrator).

    With ``action`` the user must also be allowed it on the organisation (403 otherwise).
    """
    organization: Organization | None = getattr(request, "organization", None)
    if organization is None:
        raise Http404
    if action is not None:
        policy.require(request.user, action, organization)
    return organization


def object_view(model: type[models.Model]) -> Callable[[View], View]:
    """Decorate ``view(request, obj, **kwargs)``; the URL gives ``pk``; login required."""

    def decorate(view: View) -> View:
        @login_required
        @functools.wraps(view)
        def wrapper(request: HttpRequest, pk: Any, **kwargs: Any) -> HttpResponse:
            obj = policy.get_scoped_or_404(request.user, model._default_manager.all(), pk=pk)
            return view(request, obj, **kwargs)

        wrapper.scoped_model = model  # type: ignore[attr-defined]
        return wrapper

    return decorate
