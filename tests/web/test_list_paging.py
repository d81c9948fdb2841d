"""Every long list is split into pages (issue 13 §4): the areas' initiative lists and the
inbox show 50 rows a page, and the next page holds the rest — an organisation with hundreds
of initiatives, or a user with years of messages, gets a page that stays small."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from sikt.web.accounts.models import Organization, Role, User
from sikt.web.design.models import ComparisonDesign, DesignKind
from sikt.web.initiatives.models import Initiative
from sikt.web.notifications.models import Notification
from sikt.web.paging import PAGE_SIZE
from tests.web.conftest import login
from tests.web.factories import make_user

pytestmark = pytest.mark.django_db

ROWS = PAGE_SIZE + 1


def _initiatives(organization: Organization, user: User) -> list[str]:
    titles = [f"Satsning {number:03d}" for number in range(ROWS)]
    Initiative.objects.bulk_create(
        [Initiative(organization=organization, title=title, created_by=user) for title in titles]
    )
    return titles


def _evaluated(organization: Organization, user: User) -> list[str]:
    titles = _initiatives(organization, user)
    ComparisonDesign.objects.bulk_create(
        ComparisonDesign(
            initiative=initiative, kind=DesignKind.RCT, rationale="Lottning", baseline_plan="Reg"
        )
        for initiative in Initiative.objects.filter(organization=organization)
    )
    return titles


def _messages(organization: Organization, user: User) -> list[str]:
    titles = [f"Meddelande {number:03d}" for number in range(ROWS)]
    Notification.objects.bulk_create(
        Notification(recipient=user, organization=organization, kind="k", title=title, url="/")
        for title in titles
    )
    return titles


@pytest.mark.parametrize(
    ("url", "make"),
    [
        ("calculations:index", _initiatives),
        ("design:index", _initiatives),
        ("evaluation:index", _evaluated),
        ("notifications:inbox", _messages),
    ],
)
def test_a_long_list_shows_fifty_rows_a_page_and_the_rest_on_the_next(
    client: Client,
    organization: Organization,
    url: str,
    make: Callable[[Organization, User], list[str]],
) -> None:
    user = make_user(organization, Role.COORDINATOR)
    titles = make(organization, user)
    login(client, user)

    first = client.get(reverse(url)).content.decode()
    second = client.get(reverse(url), {"sida": 2}).content.decode()

    assert "Sida 1 av 2" in first and "sida=2" in first
    on_first = [title for title in titles if title in first]
    on_second = [title for title in titles if title in second]
    assert len(on_first) == PAGE_SIZE and len(on_second) == 1
    assert set(on_first) | set(on_second) == set(titles)
