"""Who is told: the people who report for an initiative, and the holders of a role."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sikt.web.accounts.models import Organization, Role, User
from sikt.web.design.models import ProjectOrganisation
from sikt.web.initiatives.models import Initiative


def reporters_of(initiative: Initiative) -> list[User]:
    """The project leader and deputy named in the project organisation; without them the
    project owner, and without one the person who created the initiative."""
    organisation = (
        ProjectOrganisation.objects.filter(initiative=initiative)
        .select_related("leader_user", "deputy_user", "owner_user")
        .first()
    )
    if organisation is not None:
        named = [u for u in (organisation.leader_user, organisation.deputy_user) if u is not None]
        if named:
            return named
        if organisation.owner_user is not None:
            return [organisation.owner_user]
    return [initiative.created_by]


def holders_of(organization: Organization, roles: Iterable[Role]) -> list[User]:
    """Active users holding any of ``roles`` in ``organization``."""
    return list(
        User.objects.filter(
            memberships__organization=organization,
            memberships__role__in=list(roles),
            is_active=True,
        ).distinct()
    )


def named(users: Iterable[Any]) -> str:
    return ", ".join(str(user) for user in users)
