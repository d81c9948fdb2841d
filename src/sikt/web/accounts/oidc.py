"""Single sign-on with OpenID Connect, next to Sikt's own accounts.

Why: municipalities log their staff in through an identity provider — Azure AD / Entra ID,
or Freja eID and SITHS through a broker — and decide there who is an economist or a
coordinator. mozilla-django-oidc runs the authorisation-code flow (state, nonce, PKCE) and
checks the ID token's RSA signature against the provider's published keys (JWKS); this module
adds what Sikt needs on top:

* the token must come from the configured issuer, be meant for Sikt (``aud``) and be unexpired;
* a person is recognised by issuer + subject (:class:`ExternalLogin`), never by an e-mail
  address someone could change;
* the organisation comes from a claim (its organisation number) and the roles from another
  claim through a configured mapping — applied on *every* login, so a role removed in the
  identity provider is gone from Sikt at the next login. Without a known organisation or any
  mapped role the login is refused.

Configured with ``SIKT_OIDC_*`` (docs/drift.md); off when ``SIKT_OIDC_ISSUER`` is unset.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from jwt import InvalidTokenError
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView
from requests import RequestException

from sikt.web.accounts.models import ExternalLogin, Membership, Organization, Role, User
from sikt.web.audit import services as audit

LOGGER = logging.getLogger(__name__)


def enabled() -> bool:
    return bool(getattr(settings, "OIDC_OP_ISSUER", ""))


def roles_of(claims: dict[str, Any]) -> set[str]:
    """The Sikt roles the claims give, through ``SIKT_OIDC_ROLE_MAP`` (unknown values ignored)."""
    value = claims.get(settings.SIKT_OIDC_ROLES_CLAIM, [])
    values: Iterable[Any] = [value] if isinstance(value, str) else value or []
    mapping: dict[str, str] = settings.SIKT_OIDC_ROLE_MAP
    return {mapping[str(v)] for v in values if str(v) in mapping} & set(Role.values)


class SiktOIDCBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend with Sikt's issuer/audience checks and claim mapping."""

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:
        """Log in from the provider's callback; a token that fails a check, or a provider that
        cannot be reached, refuses the login (the login page says so) instead of an error."""
        try:
            user: User | None = super().authenticate(request, **kwargs)
        except (SuspiciousOperation, InvalidTokenError, RequestException) as error:
            LOGGER.warning("single sign-on refused: %s", error)
            return None
        return user

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        payload: dict[str, Any] = super().verify_token(token, **kwargs)  # signature, nonce, exp
        audience = payload.get("aud")
        audiences = [audience] if isinstance(audience, str) else audience or []
        if payload.get("iss") != settings.OIDC_OP_ISSUER:
            raise SuspiciousOperation("ID token from another issuer")
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("ID token meant for another client")
        if "exp" not in payload or payload["exp"] < time.time():
            raise SuspiciousOperation("ID token expired")
        return payload

    def get_userinfo(self, access_token: str, id_token: str, payload: dict[str, Any]) -> Any:
        """The ID token's claims (roles, organisation) with the userinfo endpoint's on top."""
        userinfo = super().get_userinfo(access_token, id_token, payload)
        if userinfo.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("userinfo of another subject")
        return {**payload, **userinfo}

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return bool(claims.get("sub"))

    def filter_users_by_claims(self, claims: dict[str, Any]) -> list[User]:
        return list(
            User.objects.filter(
                external_logins__issuer=settings.OIDC_OP_ISSUER,
                external_logins__subject=claims["sub"],
            )
        )

    def create_user(self, claims: dict[str, Any]) -> User | None:
        organization, roles = self._grant(claims)
        if organization is None:
            return None
        with transaction.atomic():
            user = User(
                username=self._free_username(claims),
                email=claims.get("email", ""),
                first_name=claims.get("given_name", "")[:150],
                last_name=claims.get("family_name", "")[:150],
            )
            user.set_unusable_password()  # signs in only through the identity provider
            user.save()
            ExternalLogin.objects.create(
                user=user, issuer=settings.OIDC_OP_ISSUER, subject=claims["sub"]
            )
            self._set_roles(user, organization, roles)
        return user

    def update_user(self, user: User, claims: dict[str, Any]) -> User | None:
        organization, roles = self._grant(claims)
        if organization is None:
            return None
        with transaction.atomic():
            self._set_roles(user, organization, roles)
        return user

    @staticmethod
    def _grant(claims: dict[str, Any]) -> tuple[Organization | None, set[str]]:
        """The organisation and roles the claims give, or (None, …) to refuse the login."""
        number = str(claims.get(settings.SIKT_OIDC_ORGANIZATION_CLAIM, "")).strip()
        organization = Organization.objects.filter(organization_number=number).first()
        roles = roles_of(claims)
        if organization is None or not roles:
            return None, roles
        return organization, roles

    @staticmethod
    def _set_roles(user: User, organization: Organization, roles: set[str]) -> None:
        """Make the user's roles in ``organization`` exactly ``roles`` (audited)."""
        held = Membership.objects.filter(user=user, organization=organization)
        for membership in held:
            if membership.role not in roles:
                audit.delete(None, membership, note="single sign-on: role not in the claims")
        have = {m.role for m in held}
        for role in sorted(roles - have):
            audit.create(None, Membership(user=user, organization=organization, role=role))

    @staticmethod
    def _free_username(claims: dict[str, Any]) -> str:
        wanted = str(claims.get("preferred_username") or claims.get("email") or claims["sub"])
        name = wanted[:140]
        suffix = 1
        while User.objects.filter(username=name).exists():
            suffix += 1
            name = f"{wanted[:140]}-{suffix}"
        return name


def start(request: HttpRequest) -> HttpResponse:
    """Send the browser to the identity provider (404 when single sign-on is off)."""
    if not enabled():
        raise Http404
    response: HttpResponse = OIDCAuthenticationRequestView.as_view()(request)
    return response


class _Callback(OIDCAuthenticationCallbackView):
    def login_failure(self) -> HttpResponse:
        messages.error(
            self.request,
            _(
                "The login through your organisation did not succeed or did not give access to "
                "Sikt (your account there needs an organisation and a role in Sikt). Try again "
                "or ask your administrator."
            ),
        )
        return redirect("login")


def callback(request: HttpRequest) -> HttpResponse:
    """Where the identity provider sends the browser back with a code."""
    if not enabled():
        raise Http404
    response: HttpResponse = _Callback.as_view()(request)
    return response


class LoginView(auth_views.LoginView):
    """Django's login page, with the single sign-on button when it is configured."""

    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)
        context["single_sign_on"] = enabled()
        return context
