"""Running behind a reverse proxy, security headers and a rate limit on password-reset mail.

*Client address.* Behind the documented reverse proxy every request comes from the proxy's
address, so login throttling (django-axes, keyed on user name and address) would lock the real
user out after anyone's five wrong passwords. :class:`TrustedProxyMiddleware` trusts only the
proxies an operator lists in ``SIKT_TRUSTED_PROXIES``: for a request from one of them the client
address is the right-most address in ``X-Forwarded-For`` that is not itself a trusted proxy.
A request from anywhere else keeps its own address, and its ``X-Forwarded-For`` and
``X-Forwarded-Proto`` headers are ignored (a client cannot forge them).

*Headers.* :class:`SecurityHeadersMiddleware` adds the Content-Security-Policy from the
``SIKT_CONTENT_SECURITY_POLICY`` setting (production: scripts only from Sikt itself, no inline
scripts; HSTS comes from Django's ``SECURE_HSTS_SECONDS``).

*Password reset.* :class:`RateLimitedPasswordResetView` sends at most
:data:`RESET_LIMIT_PER_ADDRESS` reset mails per hour to one e-mail address and accepts at most
:data:`RESET_LIMIT_PER_CLIENT` requests per hour from one client address.
"""

from __future__ import annotations

import hashlib
import ipaddress
from collections.abc import Callable, Sequence
from typing import Any

from django.conf import settings
from django.contrib.auth.views import PasswordResetView
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

Network = ipaddress.IPv4Network | ipaddress.IPv6Network

RESET_LIMIT_PER_ADDRESS = 3
RESET_LIMIT_PER_CLIENT = 10
RESET_WINDOW_SECONDS = 3600


def _ip(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(value.strip().strip("[]"))
    except ValueError:
        return None


def client_address(remote: str, forwarded_for: str, trusted: Sequence[Network]) -> str:
    """The client's address for a request from ``remote`` carrying ``forwarded_for``."""
    remote_ip = _ip(remote)
    if remote_ip is None or not any(remote_ip in network for network in trusted):
        return remote
    client = remote
    for hop in reversed([part for part in forwarded_for.split(",") if part.strip()]):
        hop_ip = _ip(hop)
        if hop_ip is None:
            break
        client = str(hop_ip)
        if not any(hop_ip in network for network in trusted):
            break
    return client


class TrustedProxyMiddleware:
    """Set ``REMOTE_ADDR`` to the client's address as reported by a trusted proxy."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        trusted: Sequence[Network] = settings.SIKT_TRUSTED_PROXIES
        remote = request.META.get("REMOTE_ADDR", "")
        remote_ip = _ip(remote)
        if trusted and remote_ip is not None and any(remote_ip in n for n in trusted):
            forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
            request.META["REMOTE_ADDR"] = client_address(remote, forwarded, trusted)
        else:
            request.META.pop("HTTP_X_FORWARDED_FOR", None)
            request.META.pop("HTTP_X_FORWARDED_PROTO", None)
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """Add the configured Content-Security-Policy to every response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        policy = settings.SIKT_CONTENT_SECURITY_POLICY
        if policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = policy
        return response


def _over_limit(key: str, limit: int) -> bool:
    """Count one more request under ``key``; True when that exceeds ``limit`` this hour."""
    cache.add(key, 0, RESET_WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, RESET_WINDOW_SECONDS)
        count = 1
    return count > limit


class RateLimitedPasswordResetView(PasswordResetView):
    """Django's password reset, with a limit per e-mail address and per client address."""

    def form_valid(self, form: Any) -> HttpResponse:
        email = form.cleaned_data["email"].strip().lower()
        digest = hashlib.sha256(email.encode()).hexdigest()
        client = self.request.META.get("REMOTE_ADDR", "")
        if _over_limit(f"sikt-reset-client:{client}", RESET_LIMIT_PER_CLIENT) or _over_limit(
            f"sikt-reset-address:{digest}", RESET_LIMIT_PER_ADDRESS
        ):
            form.add_error(
                None,
                _(
                    "Too many requests to reset a password. Wait an hour and try again, or "
                    "ask your system administrator."
                ),
            )
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        return super().form_valid(form)
