from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine

from sikt.web.accounts.models import Organization, Role, User
from sikt.web.initiatives.models import Initiative
from tests.web.factories import make_running_initiative, make_user

#: The follow-up tests run on a fixed day in the second quarter of 2026.
TODAY = dt.datetime(2026, 5, 20, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def frozen_day() -> Iterator[None]:
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def leader(organization: Organization) -> User:
    return make_user(organization, Role.PROJECT_LEADER, username="petra", email="petra@example.se")


@pytest.fixture
def reviewer(organization: Organization) -> User:
    return make_user(organization, Role.COORDINATOR, username="sara", email="sara@example.se")


@pytest.fixture
def steering(organization: Organization) -> User:
    return make_user(organization, Role.STEERING_GROUP, username="stina", email="stina@example.se")


@pytest.fixture
def initiative(organization: Organization, leader: User) -> Initiative:
    return make_running_initiative(organization, title="Läsfrämjande", leader=leader)
