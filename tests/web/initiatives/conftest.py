from __future__ import annotations

import datetime as dt
import itertools

import pytest

from sikt.web.accounts.models import Membership, Organization, Role, User
from sikt.web.initiatives import requirements
from sikt.web.initiatives.models import Initiative
from sikt.web.initiatives.requirements import AGREED_LABELS
from tests.web.factories import make_committee, make_initiative


@pytest.fixture
def all_requirements_met(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every requirement key registered as met, whatever the data (to test other guards)."""
    registry = {
        key: requirements.Requirement(key, label, lambda initiative: True)
        for key, label in AGREED_LABELS.items()
    }
    monkeypatch.setattr(requirements, "_REGISTRY", registry)


_numbers = itertools.count(1)


def member(organization: Organization, *roles: Role) -> User:
    """A user holding ``roles`` in ``organization`` (no password hashing: fast)."""
    user = User.objects.create(username=f"medlem{next(_numbers)}")
    for role in roles:
        Membership.objects.create(user=user, organization=organization, role=role)
    return user


@pytest.fixture
def initiative(organization: Organization) -> Initiative:
    return make_initiative(organization, "Tidiga insatser i skolan")


@pytest.fixture
def applicant(organization: Organization) -> User:
    return member(organization, Role.APPLICANT)


def set_state(initiative: Initiative, state: str) -> Initiative:
    Initiative.objects.filter(pk=initiative.pk).update(state=state)
    initiative.refresh_from_db()
    return initiative


def complete_idea_and_plan(initiative: Initiative) -> Initiative:
    """Fill every field this app's own requirements read (idea, plan, time period, owners)."""
    organization = initiative.organization
    social, school = (
        make_committee(organization, "Socialnämnden"),
        make_committee(organization, "Utbildningsnämnden"),
    )
    Initiative.objects.filter(pk=initiative.pk).update(
        problem="Många elever i årskurs 4–6 har hög frånvaro.",
        target_group="Elever 10–12 år med hög frånvaro i skolorna X och Y.",
        affected_operations="Skola, socialtjänst.",
        purpose="Fler elever klarar behörighet till gymnasiet.",
        budget_summary="2 tjänster i tre år.",
        start_date=dt.date(2027, 1, 1),
        end_date=dt.date(2029, 12, 31),
        owner_committee=school,
        owner_name="Förvaltningschef Anna Andersson",
        total_cost_sek=3_000_000,
        requested_amount_sek=3_000_000,
        price_year=2026,
    )
    initiative.refresh_from_db()
    initiative.result_committees.set([social, school])
    initiative.cost_committees.set([school])
    return initiative
