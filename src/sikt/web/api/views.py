"""The user's profile page: who they are, their roles, and their personal API tokens."""

from __future__ import annotations

from typing import cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sikt.web.accounts.models import User
from sikt.web.api import tokens
from sikt.web.api.models import ApiToken


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name of the new token"),
        max_length=100,
        help_text=gettext_lazy("What the token is for, e.g. “Power BI report” or “R script”."),
    )


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    """Create a token (shown once, on this response) or list the user's tokens."""
    user = cast(User, request.user)
    form = TokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, created = tokens.token_create(
                actor=request.user, name=form.cleaned_data["name"]
            )
        except PermissionDenied:
            form.add_error(
                None,
                _("You have %(n)s active tokens; revoke one before creating another.")
                % {"n": tokens.MAX_ACTIVE},
            )
        else:
            form = TokenForm()
    return render(
        request,
        "api/profile.html",
        {
            "form": form,
            "docs_url": reverse("api:openapi-view"),
            "created": created,
            "tokens": ApiToken.objects.filter(user=user),
            "memberships": user.memberships.select_related("organization"),
        },
    )


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Revoke one of the user's own tokens (another user's is not found)."""
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    tokens.token_revoke(actor=request.user, token=token)
    messages.success(request, _("The token “%(name)s” was revoked.") % {"name": token.name})
    return redirect("account:profile")
