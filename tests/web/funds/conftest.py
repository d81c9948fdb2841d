from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from sikt.web.accounts.models import Committee, Organization, Role, User
from sikt.web.funds.models import Fund
from sikt.web.funds.services.funds import fund_create
from sikt.web.initiatives.models import Decision, Initiative
from tests.web.factories import make_committee, make_initiative, make_user


def make_decision(initiative: Initiative, day: dt.date | None = None) -> Decision:
    return Decision.objects.create(
        initiative=initiative,
        transition="approve",
        outcome="approved",
        decided_on=day or dt.date(2025, 1, 15),
        body="executive_board",
        minute_reference="§ 12",
    )


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def coordinator(organization: Organization) -> User:
    return make_user(organization, Role.COORDINATOR, username="samordnaren")


@pytest.fixture
def economist(organization: Organization) -> User:
    return make_user(organization, Role.ECONOMIST, username="ekonomen")


@pytest.fixture
def fund(organization: Organization, coordinator: User) -> Fund:
    return fund_create(actor=coordinator, organization=organization, name="Sociala investeringar")


@pytest.fixture
def initiative(organization: Organization) -> Initiative:
    return make_initiative(organization, "Tidiga insatser i förskolan")


@pytest.fixture
def committee(organization: Organization) -> Committee:
    return make_committee(organization, "Socialnämnden")


@dataclass
class World:
    """Two parts of a fund, two initiatives, a committee and a company to book on."""

    organization: Organization
    coordinator: User
    funds: list[Fund]
    initiatives: list[Initiative]
    committees: list[Committee]


@pytest.fixture
def world(organization: Organization, coordinator: User) -> World:
    return World(
        organization,
        coordinator,
        funds=[
            fund_create(actor=coordinator, organization=organization, name="Återföringsdel"),
            fund_create(
                actor=coordinator,
                organization=organization,
                name="Samverkansdel",
                kind=Fund.Kind.COLLABORATION,
            ),
        ],
        initiatives=[make_initiative(organization) for _ in range(2)],
        committees=[
            make_committee(organization),
            Committee.objects.create(
                organization=organization, name="Bolaget AB", kind=Committee.Kind.COMPANY
            ),
        ],
    )
