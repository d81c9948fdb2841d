"""Login, logout, password change and reset, and login throttling."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from sikt.web.accounts.models import Organization, Role, User
from tests.web.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def _login(client: Client, username: str, password: str) -> object:
    return client.post(reverse("login"), {"username": username, "password": password})


def test_login_shows_start_page_with_organization_in_swedish(
    client: Client, organization: Organization
) -> None:
    make_user(organization, Role.COORDINATOR, username="sara")
    response = _login(client, "sara", PASSWORD)
    assert response.status_code == 302
    page = client.get(reverse("shell:home")).content.decode()
    assert organization.name in page
    assert "Samordnare" in page and "Logga ut" in page


def test_wrong_password_gives_a_swedish_error(client: Client, organization: Organization) -> None:
    make_user(organization, Role.VIEWER, username="lena")
    page = _login(client, "lena", "wrong").content.decode()
    assert "korrekt användarnamn och lösenord" in page


def test_logout_requires_post_and_ends_the_session(client: Client, coordinator: User) -> None:
    _login(client, coordinator.username, PASSWORD)
    assert client.post(reverse("logout")).status_code in (200, 302)
    response = client.get(reverse("shell:home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_password_change(client: Client, coordinator: User) -> None:
    _login(client, coordinator.username, PASSWORD)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "ny-fin-fras-2026!",
            "new_password2": "ny-fin-fras-2026!",
        },
    )
    assert response.status_code == 302
    coordinator.refresh_from_db()
    assert coordinator.check_password("ny-fin-fras-2026!")


def test_password_reset_sends_a_working_link(client: Client, organization: Organization) -> None:
    user = make_user(organization, Role.VIEWER, email="lena@exempel.se")
    client.post(reverse("password_reset"), {"email": "lena@exempel.se"})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/\S+)", mail.outbox[0].body)
    assert link is not None
    form = client.get(link.group(1), follow=True)
    assert form.status_code == 200
    client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "helt-nytt-losen-77", "new_password2": "helt-nytt-losen-77"},
    )
    user.refresh_from_db()
    assert user.check_password("helt-nytt-losen-77")


def test_login_is_throttled_after_five_failures(client: Client, organization: Organization) -> None:
    make_user(organization, Role.VIEWER, username="bo")
    for _ in range(5):
        _login(client, "bo", "wrong")
    response = _login(client, "bo", PASSWORD)
    assert response.status_code == 429
    assert "För många misslyckade inloggningsförsök" in response.content.decode()
