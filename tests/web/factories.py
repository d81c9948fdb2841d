"""Test data builders. :data:`RECORD_FACTORIES` builds one record of each organisation-owned
model inside a given organisation; the tenancy test uses it to visit every object URL as a user
of another organisation. A new model with object URLs needs an entry here (the test says so)."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from django.db import models

from sikt.web.accounts import services
from sikt.web.accounts.models import Committee, Membership, Organization, Role, User
from sikt.web.audit import services as audit
from sikt.web.initiatives.models import Initiative
from sikt.web.unitcosts.models import UnitCostEntry

_counter = itertools.count(1)
PASSWORD = "correct-horse-battery-staple"


def _org_number(seed: int) -> str:
    """A Luhn-valid organisation number 2120NNNNN-C for test organisations."""
    body = f"212{seed:06d}"[-9:]
    for check in range(10):
        digits = body + str(check)
        total = 0
        for index, char in enumerate(reversed(digits)):
            value = int(char) * (2 if index % 2 else 1)
            total += value - 9 if value > 9 else value
        if total % 10 == 0:
            return f"{digits[:6]}-{digits[6:]}"
    raise AssertionError("unreachable")


def make_organization(name: str | None = None, **values: Any) -> Organization:
    n = next(_counter)
    return services.organization_create(
        actor=None,
        name=name or f"Testkommun {n}",
        kind=values.pop("kind", Organization.Kind.MUNICIPALITY),
        organization_number=values.pop("organization_number", _org_number(n)),
        municipality_code=values.pop("municipality_code", f"{n % 10000:04d}"),
        **values,
    )


def make_committee(organization: Organization, name: str | None = None) -> Committee:
    return services.committee_create(
        actor=None, organization=organization, name=name or f"Nämnd {next(_counter)}"
    )


def make_user(organization: Organization | None = None, *roles: Role, **values: Any) -> User:
    user = services.user_create(
        actor=None,
        username=values.pop("username", f"user{next(_counter)}"),
        password=PASSWORD,
        email=values.pop("email", ""),
        **values,
    )
    for role in roles:
        services.membership_grant(actor=None, user=user, organization=organization, role=role)
    return user


def _membership(organization: Organization) -> Membership:
    return make_user(organization, Role.VIEWER).memberships.get()


def make_initiative(organization: Organization, title: str | None = None) -> Initiative:
    creator = make_user(organization, Role.APPLICANT)
    return audit.create(
        creator,
        Initiative(
            organization=organization,
            title=title or f"Satsning {next(_counter)}",
            created_by=creator,
        ),
    )


def make_unit_cost(organization: Organization, key: str | None = None, **row: str) -> UnitCostEntry:
    """A unit cost parsed by ``sikt.calc`` from a table row (defaults: 4 219 kr/dygn, 2025)."""
    from sikt.calc.unit_costs import unit_cost_from_row
    from sikt.web.unitcosts.rows import values_from_cost

    values = {
        "key": key or f"enhetskostnad_{next(_counter)}",
        "name_sv": "HVB-placering, vårddygn",
        "amount_sek": "4219",
        "unit": "kr/vårddygn",
        "price_year": "2025",
        "bearer": "kommun – socialnämnd",
        "source_title": "Prislista",
        "source_publisher": "Testleverantör",
        **row,
    }
    cost = unit_cost_from_row(values)
    return audit.create(None, UnitCostEntry(organization=organization, **values_from_cost(cost)))


RECORD_FACTORIES: dict[type[models.Model], Callable[[Organization], models.Model]] = {
    Organization: lambda organization: organization,
    Committee: make_committee,
    Membership: _membership,
    Initiative: make_initiative,
    UnitCostEntry: make_unit_cost,
}
