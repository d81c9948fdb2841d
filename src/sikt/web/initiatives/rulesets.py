"""Reading the organisation's rule set: the saved one, else Uppsala's default (unsaved)."""

from __future__ import annotations

from collections.abc import Iterable

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


def repayment_models(organization_ids: Iterable[int]) -> dict[int, str]:
    """``{organization id: repayment model}`` for many organisations in one query (the default
    template's model for an organisation that has saved no rule set)."""
    ids = set(organization_ids)
    saved = dict(
        RuleSet.objects.filter(organization_id__in=ids).values_list(
            "organization_id", "repayment_model"
        )
    )
    default = template_values(DEFAULT_TEMPLATE)["repayment_model"]
    return {pk: saved.get(pk, default) for pk in ids}
