from __future__ import annotations

import pytest
from django.test import Client

from sikt.web.accounts.models import Organization, Role, User
from tests.web.factories import make_organization, make_user


@pytest.fixture
def organization(db: None) -> Organization:
    return make_organization("Uppsala testkommun")


@pytest.fixture
def other_organization(db: None) -> Organization:
    return make_organization("Annan kommun")


@pytest.fixture
def coordinator(organization: Organization) -> User:
    return make_user(organization, Role.COORDINATOR, username="samordnaren")


@pytest.fixture
def viewer(organization: Organization) -> User:
    return make_user(organization, Role.VIEWER, username="lasaren")


def login(client: Client, user: User) -> Client:
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def coordinator_client(client: Client, coordinator: User) -> Client:
    return login(client, coordinator)
