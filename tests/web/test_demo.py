"""The demo organisation: fictional, five committees, one user per role, idempotent."""

from __future__ import annotations

import pytest

from sikt.web import policy
from sikt.web.accounts.models import Organization, Role, User
from sikt.web.demo import DEMO_COMMITTEES, DEMO_PASSWORD, seed_demo

pytestmark = pytest.mark.django_db


def test_seed_demo_creates_exempelby_with_every_role() -> None:
    organization = seed_demo()
    assert organization.name == "Exempelby kommun"
    assert organization.municipality_code == "9999" and organization.is_fictional
    assert sorted(organization.committees.values_list("name", flat=True)) == sorted(DEMO_COMMITTEES)
    held = {role for user in User.objects.all() for role in policy.roles_of(user, organization)}
    assert held == set(Role)
    assert User.objects.get(username="admin").is_superuser
    assert User.objects.get(username="samordnare").check_password(DEMO_PASSWORD)


def test_seed_demo_twice_changes_nothing() -> None:
    seed_demo()
    counts = (Organization.objects.count(), User.objects.count())
    seed_demo()
    assert (Organization.objects.count(), User.objects.count()) == counts
