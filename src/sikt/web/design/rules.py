"""When the design of an initiative may be changed, and by whom.

The roles come from the policy (:data:`sikt.web.policy.DESIGN_RULES`: applicant/project owner,
project leader, coordinator); the states from the one rule that a decided application is
read-only (:mod:`sikt.web.initiatives.lock`, registered with the policy), so
:func:`sikt.web.policy.can` answers both:

* the application (logic model, indicators, target group, success criteria, comparison
  alternative, follow-up and implementation plans, impact statements) is edited while it is a
  draft, and is frozen from submission — unless the steering group returns it for completion
  or an amendment is opened, which put it back in the plan-draft state;
* the working documents (risks and stop criteria, stakeholders, communication plan, project
  organisation) are also kept up to date while the initiative runs (004 §5–6).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _

from sikt.web import policy
from sikt.web.design.models import Indicator, SuccessCriterion
from sikt.web.initiatives import lock
from sikt.web.initiatives.models import Initiative
from sikt.web.initiatives.states import InitiativeState as S


def initiative_of(instance: models.Model) -> Initiative:
    """The initiative a design record belongs to."""
    if isinstance(instance, SuccessCriterion):
        return instance.indicator.element.initiative
    if isinstance(instance, Indicator):
        return instance.element.initiative
    initiative: Initiative = instance.initiative  # type: ignore[attr-defined]
    return initiative


def state_allows(
    initiative: Initiative, model: type[models.Model], action: policy.Action = policy.Action.CHANGE
) -> bool:
    return lock.open_for(action, model._meta.label_lower, initiative)


def can_edit(
    user: Any,
    initiative: Initiative,
    model: type[models.Model],
    action: policy.Action = policy.Action.CHANGE,
) -> bool:
    """May ``user`` create/change/delete records of ``model`` on ``initiative`` now?"""
    return policy.can(user, action, initiative, model=model)


def require_edit(
    user: Any,
    initiative: Initiative,
    model: type[models.Model],
    action: policy.Action = policy.Action.CHANGE,
) -> None:
    """403 unless :func:`can_edit`; ``user=None`` is the operator (seeding, command line)."""
    if user is None:
        return
    if not can_edit(user, initiative, model, action):
        raise PermissionDenied(frozen_reason(initiative, model) or "")


def frozen_reason(initiative: Initiative, model: type[models.Model]) -> str:
    """Why the record cannot be changed in the initiative's state ("" if it can)."""
    if state_allows(initiative, model):
        return ""
    if initiative.state in (S.PLAN_SUBMITTED, S.STEERING_REVIEW, S.IDEA_SUBMITTED):
        return str(
            _(
                "The application is submitted and frozen. It can be changed again if it is "
                "returned for completion."
            )
        )
    return lock.closed_reason(initiative) or str(
        _("This part can no longer be changed in the initiative's current state.")
    )
