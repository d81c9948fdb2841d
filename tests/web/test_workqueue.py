"""The start page shows each user's work queue from the registered providers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from sikt.web import policy
from sikt.web.accounts.models import Organization, Role, User
from sikt.web.shell import workqueue
from sikt.web.shell.workqueue import WorkItem
from tests.web.conftest import login
from tests.web.factories import make_user

pytestmark = pytest.mark.django_db


def _leader_items(user: Any, organization: Organization) -> list[WorkItem]:
    if Role.PROJECT_LEADER not in policy.roles_of(user, organization):
        return []
    return [
        WorkItem("test_due", "Rapport maj", "/a/", due=dt.date(2026, 6, 15)),
        WorkItem("test_due", "Rapport april", "/b/", due=dt.date(2026, 5, 15), overdue=True),
        WorkItem("test_other", "Avvikelse utan datum", "/c/"),
    ]


@pytest.fixture(autouse=True)
def provider() -> Iterator[None]:
    workqueue.register(_leader_items, labels={"test_due": "Rapport att lämna"})
    yield
    workqueue.unregister(_leader_items)


def test_items_are_ordered_overdue_first_then_by_date(organization: Organization) -> None:
    leader = make_user(organization, Role.PROJECT_LEADER)
    titles = [item.title for item in workqueue.items_for(leader, organization)]
    assert titles[:3] == ["Rapport april", "Rapport maj", "Avvikelse utan datum"]


def test_start_page_shows_the_queue_by_role(client: Client, organization: Organization) -> None:
    leader = make_user(organization, Role.PROJECT_LEADER)
    page = login(client, leader).get(reverse("shell:home")).content.decode()
    assert "Din arbetskö" in page and "Försenade: 1." in page
    assert '<a href="/b/">Rapport april</a>' in page
    assert "Rapport att lämna" in page and "försenad" in page


def test_other_roles_do_not_see_the_items(client: Client, viewer: User) -> None:
    page = login(client, viewer).get(reverse("shell:home")).content.decode()
    assert "Rapport april" not in page


def test_whole_queue_page(client: Client, organization: Organization) -> None:
    leader = make_user(organization, Role.PROJECT_LEADER)
    page = login(client, leader).get(reverse("shell:work-queue")).content.decode()
    assert page.count("<tr") >= 4
