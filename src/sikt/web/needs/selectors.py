"""Reads of needs analyses, scoped to the user's organisation."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from sikt.web import policy
from sikt.web.accounts.models import Organization
from sikt.web.initiatives.models import Initiative
from sikt.web.needs.models import NeedsAnalysis


def analyses_for(user: Any, organization: Organization) -> QuerySet[NeedsAnalysis]:
    return policy.scope(
        user, NeedsAnalysis.objects.filter(organization=organization)
    ).prefetch_related("initiatives")


def changeable_analyses(user: Any, organization: Organization) -> QuerySet[NeedsAnalysis]:
    """The organisation's needs analyses ``user`` may change."""
    changeable = [
        a.pk for a in analyses_for(user, organization) if policy.can(user, policy.Action.CHANGE, a)
    ]
    return NeedsAnalysis.objects.filter(pk__in=changeable)


def analyses_of_initiative(user: Any, initiative: Initiative) -> QuerySet[NeedsAnalysis]:
    return policy.scope(user, initiative.needs_analyses.all())


def initiatives_for(user: Any, organization: Organization) -> QuerySet[Initiative]:
    return policy.scope(user, Initiative.objects.filter(organization=organization)).order_by(
        "title"
    )
