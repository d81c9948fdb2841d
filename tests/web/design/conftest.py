from __future__ import annotations

import pytest
from django.test import Client

from sikt.web.accounts.models import Organization, Role, User
from sikt.web.initiatives.models import Initiative
from tests.web.conftest import login
from tests.web.factories import make_initiative, make_user


@pytest.fixture
def initiative(organization: Organization) -> Initiative:
    return make_initiative(organization, "Läsfrämjande i förskoleklass")


@pytest.fixture
def applicant(organization: Organization) -> User:
    return make_user(organization, Role.APPLICANT, username="sokaren")


@pytest.fixture
def applicant_client(client: Client, applicant: User) -> Client:
    return login(client, applicant)


def set_state(initiative: Initiative, state: str) -> Initiative:
    Initiative.objects.filter(pk=initiative.pk).update(state=state)
    initiative.refresh_from_db()
    return initiative
