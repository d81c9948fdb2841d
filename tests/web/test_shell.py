"""The shell: navigation areas, honest placeholders, languages and the organisation page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from sikt.web.accounts import services
from sikt.web.accounts.models import Organization, Role, User
from sikt.web.shell.areas import AREAS
from tests.web.conftest import login
from tests.web.factories import make_organization, make_user

pytestmark = pytest.mark.django_db


def test_navigation_lists_every_area_in_swedish(client: Client, viewer: User) -> None:
    page = login(client, viewer).get(reverse("shell:home")).content.decode()
    for title in [
        "Behov",
        "Satsningar",
        "Fond",
        "Uppföljning",
        "Utvärdering",
        "Enhetskostnader",
        "Rapporter",
    ]:
        assert f">{title}</a>" in page
    assert '<nav class="main-nav" aria-label="Huvudnavigering">' in page
    assert '<main id="main"' in page and 'href="#main"' in page


@pytest.mark.parametrize(
    "area", [area for area in AREAS if area.url_name is None], ids=lambda area: area.slug
)
def test_unbuilt_area_says_so(client: Client, viewer: User, area: object) -> None:
    response = login(client, viewer).get(reverse("shell:area", args=[area.slug]))  # type: ignore[attr-defined]
    assert response.status_code == 200
    assert "finns inte ännu" in response.content.decode()


def test_unknown_area_is_404(client: Client, viewer: User) -> None:
    assert login(client, viewer).get(reverse("shell:area", args=["nope"])).status_code == 404


def test_language_switch_to_english_and_back(client: Client, viewer: User) -> None:
    login(client, viewer)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("shell:home")).content.decode()
    assert '<html lang="en">' in page and "Initiatives" in page and "Log out" in page
    client.post(reverse("set_language"), {"language": "sv", "next": "/"})
    assert "Satsningar" in client.get(reverse("shell:home")).content.decode()


def test_fictional_organization_is_marked(client: Client) -> None:
    demo = make_organization("Exempelby kommun", is_fictional=True)
    user = make_user(demo, Role.VIEWER)
    page = login(client, user).get(reverse("shell:home")).content.decode()
    assert "Fiktiv demoorganisation" in page


def test_member_of_two_organizations_can_switch(
    client: Client, organization: Organization, other_organization: Organization
) -> None:
    user = make_user(organization, Role.VIEWER)
    services.membership_grant(
        actor=None, user=user, organization=other_organization, role=Role.ANALYST
    )
    login(client, user)
    client.post(reverse("shell:switch-organization"), {"organization": other_organization.pk})
    page = client.get(reverse("shell:home")).content.decode()
    assert f"<h1>{other_organization.name}</h1>" in page and "Analytiker" in page


def test_cannot_switch_to_a_foreign_organization(
    client: Client, viewer: User, other_organization: Organization
) -> None:
    login(client, viewer)
    response = client.post(
        reverse("shell:switch-organization"), {"organization": other_organization.pk}
    )
    assert response.status_code == 404


def test_organization_page_lists_members_for_coordinator_only(
    client: Client, organization: Organization, coordinator: User, viewer: User
) -> None:
    page = login(client, coordinator).get(reverse("shell:organization")).content.decode()
    assert viewer.username in page
    client.logout()
    page = login(client, viewer).get(reverse("shell:organization")).content.decode()
    assert coordinator.username not in page


def test_swedish_even_when_the_browser_prefers_english(client: Client, viewer: User) -> None:
    login(client, viewer)
    page = client.get(reverse("shell:home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="sv">' in page.content.decode()
    assert page["Content-Language"] == "sv"
