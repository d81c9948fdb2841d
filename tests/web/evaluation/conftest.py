from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from sikt.web.accounts.models import Organization, Role, User
from sikt.web.design import models as design
from sikt.web.initiatives.models import Initiative
from tests.web.conftest import login
from tests.web.factories import make_indicator, make_initiative, make_logic_element, make_user


@pytest.fixture(autouse=True)
def immediate_tasks(settings: Any) -> None:
    """Background tasks run at once in tests (the worker of ``sikt serve`` is not running)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def analyst(organization: Organization) -> User:
    return make_user(organization, Role.ANALYST, username="anna", email="anna@example.se")


@pytest.fixture
def analyst_client(client: Client, analyst: User) -> Client:
    return login(client, analyst)


@pytest.fixture
def initiative(organization: Organization) -> Initiative:
    initiative = make_initiative(organization, title="Familjestöd")
    design.ComparisonDesign.objects.create(
        initiative=initiative,
        kind=design.DesignKind.MATCHING,
        rationale="Ingen lottning möjlig",
        baseline_plan="Registeruppgifter före start",
    )
    return initiative


@pytest.fixture
def criterion(organization: Organization, initiative: Initiative) -> design.SuccessCriterion:
    element = make_logic_element(organization, initiative=initiative)
    indicator = make_indicator(
        organization, element, name="Placering inom ett år", direction=design.Direction.LOWER
    )
    return design.SuccessCriterion.objects.create(indicator=indicator, minimum_effect="0.05")
