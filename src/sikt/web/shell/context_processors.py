"""Values every page needs: navigation areas and the user's organisation and roles."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from sikt.web import policy
from sikt.web.accounts.models import Organization
from sikt.web.shell.areas import AREAS


def shell(request: HttpRequest) -> dict[str, Any]:
    organization: Organization | None = getattr(request, "organization", None)
    user = getattr(request, "user", None)
    other_organizations = []
    if user is not None and user.is_authenticated:
        ids = policy.organization_ids(user)
        if len(ids) > 1:
            other_organizations = list(Organization.objects.filter(pk__in=ids))
    roles = sorted(policy.roles_of(user, organization), key=lambda role: role.label)
    return {
        # Every area's pages belong to an organisation: a user without one (a system
        # administrator who only runs the installation) gets no menu entries that lead to 404.
        "nav_areas": AREAS if organization is not None else (),
        "current_organization": organization,
        "current_roles": roles,
        "user_organizations": other_organizations,
    }
