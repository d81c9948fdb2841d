"""Write paths for the logic model and design artefacts (ARCHITECTURE: services).

Each function checks the permission and the initiative's state (:mod:`sikt.web.design.rules`)
and writes through :mod:`sikt.web.audit.services` in one transaction, so every change is in the
audit trail. Invalid values raise :class:`~django.core.exceptions.ValidationError` keyed by
field, and nothing is saved. ``actor=None`` is the operator (demo seeding, command line).
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Max

from sikt.web import policy
from sikt.web.audit import services as audit
from sikt.web.design import rules
from sikt.web.design.models import DEFAULT_KIND, Indicator, LogicElement, Risk
from sikt.web.initiatives.models import Initiative

M = TypeVar("M", bound=models.Model)


@transaction.atomic
def section_save(*, actor: Any, initiative: Initiative, model: type[M], **values: Any) -> M:
    """Create or update the one record of ``model`` an initiative has (target group, plans …)."""
    instance = model._default_manager.filter(initiative=initiative).first()
    if instance is None:
        rules.require_edit(actor, initiative, model, policy.Action.CREATE)
        return audit.create(actor, model(initiative=initiative, **values))
    rules.require_edit(actor, initiative, model, policy.Action.CHANGE)
    return audit.update(actor, instance, **values)


@transaction.atomic
def design_record_create(*, actor: Any, initiative: Initiative, instance: M) -> M:
    """Save a new list record (risk, stakeholder, communication activity …) of ``initiative``."""
    if rules.initiative_of(instance).pk != initiative.pk:
        raise ValidationError("The record belongs to another initiative.")
    rules.require_edit(actor, initiative, type(instance), policy.Action.CREATE)
    return audit.create(actor, instance)


@transaction.atomic
def design_record_update(*, actor: Any, instance: M, **values: Any) -> M:
    rules.require_edit(actor, rules.initiative_of(instance), type(instance), policy.Action.CHANGE)
    return audit.update(actor, instance, **values)


@transaction.atomic
def design_record_delete(*, actor: Any, instance: models.Model) -> None:
    rules.require_edit(actor, rules.initiative_of(instance), type(instance), policy.Action.DELETE)
    audit.delete(actor, instance)


def logic_element_create(
    *, actor: Any, initiative: Initiative, level: str, text: str, assumptions: str = ""
) -> LogicElement:
    """Add a resource, activity, result or goal at the end of its level."""
    last = LogicElement.objects.filter(initiative=initiative, level=level).aggregate(
        last=Max("position")
    )["last"]
    element = LogicElement(
        initiative=initiative,
        level=level,
        text=text,
        assumptions=assumptions,
        position=(last or 0) + 1,
    )
    return design_record_create(actor=actor, initiative=initiative, instance=element)


def indicator_create(*, actor: Any, element: LogicElement, **values: Any) -> Indicator:
    """Add an indicator to an element; its type defaults to the one the level calls for."""
    values.setdefault("kind", DEFAULT_KIND[element.level])
    return design_record_create(
        actor=actor, initiative=element.initiative, instance=Indicator(element=element, **values)
    )


def next_risk_number(initiative: Initiative) -> int:
    last = Risk.objects.filter(initiative=initiative).aggregate(last=Max("number"))["last"]
    return (last or 0) + 1


def risk_create(*, actor: Any, initiative: Initiative, **values: Any) -> Risk:
    """Add a risk; without a number it gets the next free one."""
    if values.get("number") is None:
        values["number"] = next_risk_number(initiative)
    return design_record_create(
        actor=actor, initiative=initiative, instance=Risk(initiative=initiative, **values)
    )
