"""Reading the organisation's rule set: the saved one, else Uppsala's default (unsaved)."""

from __future__ import annotations

from sikt.web.accounts.models import Organization
from sikt.web.initiatives.models import RuleSet
from sikt.web.initiatives.ruleset_templates import DEFAULT_TEMPLATE, template_values


def ruleset_for(organization: Organization) -> RuleSet:
    """The organisation's rule set; an unsaved default from the Uppsala template if none yet."""
    found = RuleSet.objects.filter(organization=organization).first()
    if found is not None:
        return found
    return RuleSet(
        organization=organization, template=DEFAULT_TEMPLATE, **template_values(DEFAULT_TEMPLATE)
    )
