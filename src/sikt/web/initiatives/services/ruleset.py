"""The coordinator edits the organisation's rule set, or starts again from a template."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sikt.web import policy
from sikt.web.accounts.models import Organization
from sikt.web.audit import services as audit
from sikt.web.initiatives.models import RuleSet
from sikt.web.initiatives.ruleset_templates import TEMPLATES_BY_KEY, template_values
from sikt.web.initiatives.rulesets import ruleset_for


@transaction.atomic
def ruleset_save(*, actor: Any, organization: Organization, **values: Any) -> RuleSet:
    ruleset = ruleset_for(organization)
    if actor is not None:
        policy.require(actor, policy.Action.CHANGE, ruleset)
    if ruleset.pk is None:
        for name, value in values.items():
            setattr(ruleset, name, value)
        return audit.create(actor, ruleset)
    return audit.update(actor, ruleset, **values)


def ruleset_apply_template(*, actor: Any, organization: Organization, template: str) -> RuleSet:
    """Replace the rule set's values with a template's (the coordinator then adjusts them)."""
    if template not in TEMPLATES_BY_KEY:
        raise ValidationError(_("Unknown template."))
    return ruleset_save(
        actor=actor, organization=organization, template=template, **template_values(template)
    )
