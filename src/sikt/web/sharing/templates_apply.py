"""Using an adopted logic-model template in one of the organisation's own initiatives.

Why: a template is only worth adopting if it saves the applicant from starting on a blank page.
Applying it writes the purpose, target-group description, the four levels' elements with their
indicators and (where the initiative's state allows) the comparison alternative into an
initiative that has no logic model yet — through the design app's services, so the design
rules, the audit trail and the state locks apply exactly as when the fields are typed in.
Baselines, targets and dates are left for the initiative to fill in.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sikt.web import policy
from sikt.web.design import rules as design_rules
from sikt.web.design import services as design
from sikt.web.design.models import ComparisonDesign, LogicElement, LogicModel, TargetGroup
from sikt.web.initiatives.models import Initiative
from sikt.web.sharing.models import Adoption


def candidates(user: Any, adoption: Adoption) -> list[Initiative]:
    """The organisation's initiatives without a logic model that ``user`` may give one."""
    empty = Initiative.objects.filter(organization=adoption.organization).exclude(
        pk__in=LogicElement.objects.values("initiative_id")
    )
    return [
        initiative
        for initiative in empty.order_by("title")
        if design_rules.can_edit(user, initiative, LogicElement, policy.Action.CREATE)
    ]


@transaction.atomic
def template_apply(*, actor: Any, adoption: Adoption, initiative: Initiative) -> int:
    """Write the adopted template into ``initiative``; returns how many elements were added."""
    template = adoption.content.get("logic_model")
    if not template:
        raise ValidationError(_("This version has no logic-model template."))
    if initiative.organization_id != adoption.organization_id:
        raise ValidationError(_("The initiative belongs to another organisation."))
    if LogicElement.objects.filter(initiative=initiative).exists():
        raise ValidationError(
            _("The initiative already has a logic model; a template starts a new one.")
        )
    if template.get("purpose") and not LogicModel.objects.filter(initiative=initiative).exists():
        design.section_save(
            actor=actor, initiative=initiative, model=LogicModel, purpose=template["purpose"]
        )
    if (
        template.get("target_group")
        and not TargetGroup.objects.filter(initiative=initiative).exists()
    ):
        design.section_save(
            actor=actor,
            initiative=initiative,
            model=TargetGroup,
            description=template["target_group"],
        )
    for item in template.get("elements", []):
        element = design.logic_element_create(
            actor=actor,
            initiative=initiative,
            level=item["level"],
            text=item["text"],
            assumptions=item.get("assumptions", ""),
        )
        for indicator in item.get("indicators", []):
            design.indicator_create(actor=actor, element=element, **indicator)
    comparison = adoption.content.get("evaluation_design")
    if (
        comparison
        and not ComparisonDesign.objects.filter(initiative=initiative).exists()
        and design_rules.can_edit(actor, initiative, ComparisonDesign, policy.Action.CREATE)
    ):
        design.section_save(
            actor=actor, initiative=initiative, model=ComparisonDesign, **comparison
        )
    return len(template.get("elements", []))
