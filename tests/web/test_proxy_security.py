"""Behind a reverse proxy (issue 13 item 9): client address, security headers, reset limits."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator
from typing import Any

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from sikt.web import config
from sikt.web.accounts.models import Organization, Role
from sikt.web.security import RESET_LIMIT_PER_ADDRESS, client_address
from tests.web.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db
PROXY = "10.0.0.5"


@pytest.fixture
def behind_proxy(settings: Any) -> Any:
    settings.SIKT_TRUSTED_PROXIES = (ipaddress.ip_network(PROXY),)
    return settings


@pytest.fixture(autouse=True)
def fresh_counters() -> Iterator[None]:
    cache.clear()  # the reset counters live in the process's cache
    yield
    cache.clear()


def test_client_address_is_taken_from_trusted_proxies_only() -> None:
    trusted = (ipaddress.ip_network("10.0.0.0/24"),)
    assert client_address("10.0.0.5", "203.0.113.7", trusted) == "203.0.113.7"
    # The client put a forged address first; the proxy appended the real one.
    assert client_address("10.0.0.5", "1.2.3.4, 203.0.113.7", trusted) == "203.0.113.7"
    assert client_address("10.0.0.5", "203.0.113.7, 10.0.0.9", trusted) == "203.0.113.7"
    # Not from a trusted proxy: the header is not believed.
    assert client_address("198.51.100.1", "203.0.113.7", trusted) == "198.51.100.1"
    assert client_address("10.0.0.5", "garbage", trusted) == "10.0.0.5"


def login_from(client: Client, username: str, password: str, forwarded_for: str) -> int:
    response = client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )
    return response.status_code


def test_wrong_passwords_from_one_client_do_not_lock_out_the_real_user(
    behind_proxy: Any, organization: Organization
) -> None:
    make_user(organization, Role.VIEWER, username="vera")
    attacker = Client()
    for _ in range(6):
        login_from(attacker, "vera", "fel-lösenord", "203.0.113.66")
    assert login_from(attacker, "vera", PASSWORD, "203.0.113.66") == 429  # the attacker is locked
    assert login_from(Client(), "vera", PASSWORD, "198.51.100.20") == 302  # vera is not


def test_without_a_trusted_proxy_forwarded_headers_are_ignored(
    settings: Any, organization: Organization
) -> None:
    settings.SIKT_TRUSTED_PROXIES = ()
    make_user(organization, Role.VIEWER, username="vera")
    client = Client()
    for n in range(6):  # rotating a forged header does not escape the lock
        login_from(client, "vera", "fel-lösenord", f"203.0.113.{n}")
    assert login_from(client, "vera", PASSWORD, "203.0.113.99") == 429


def test_production_sends_hsts_and_a_csp_without_inline_scripts() -> None:
    production = config.load(
        {
            "SIKT_ENV": "production",
            "SIKT_SECRET_KEY": "x" * 40,
            "SIKT_ALLOWED_HOSTS": "sikt.kommun.se",
            "SIKT_TRUSTED_PROXIES": "127.0.0.1, 10.0.0.0/24",
        }
    )
    assert production.hsts_seconds == 31_536_000
    assert [str(n) for n in production.trusted_proxies] == ["127.0.0.1/32", "10.0.0.0/24"]
    with pytest.raises(config.ConfigError, match="SIKT_TRUSTED_PROXIES"):
        config.load({"SIKT_TRUSTED_PROXIES": "proxy.kommun.se"})


def test_csp_header_is_sent_when_configured(settings: Any, client: Client) -> None:
    settings.SIKT_CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'"
    settings.SECURE_HSTS_SECONDS = 3600
    response = client.get(reverse("login"), secure=True)
    assert response["Content-Security-Policy"] == "default-src 'self'; script-src 'self'"
    assert response["Strict-Transport-Security"].startswith("max-age=3600")
    assert "<script>" not in response.content.decode()


def test_password_reset_mail_is_rate_limited_per_address(
    client: Client, organization: Organization
) -> None:
    make_user(organization, Role.VIEWER, username="lena", email="lena@exempel.se")
    for _ in range(RESET_LIMIT_PER_ADDRESS):
        response = client.post(reverse("password_reset"), {"email": "lena@exempel.se"})
        assert response.status_code == 302
    response = client.post(reverse("password_reset"), {"email": "Lena@exempel.se"})
    assert response.status_code == 429
    assert "För många begäranden" in response.content.decode()
    assert len(mail.outbox) == RESET_LIMIT_PER_ADDRESS
