"""When the design of an initiative may be changed, and by whom.

The roles come from the policy (:data:`sikt.web.policy.DESIGN_RULES`: applicant/project owner,
project leader, coordinator). The state of the initiative decides the rest:

* the application (logic model, indicators, target group, success criteria, comparison
  alternative, follow-up and implementation plans, impact statements) is edited while it is a
  draft, and is frozen from submission — unless the steering group returns it for completion,
  which puts it back in the plan-draft state;
* the working documents (risks and stop criteria, stakeholders, communication plan, project
  organisation) stay editable after approval and while the initiative runs, because the guide
  asks for them to be kept up to date during implementation (004 §5–6);
* success criteria and the comparison alternative are agreed by the project owner and the
  steering group for an approved initiative *before it starts* (004 §5), so they stay editable
  after approval until the start, and are frozen from then on.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _

from sikt.web import policy
from sikt.web.design.models import (
    CommunicationItem,
    ComparisonDesign,
    Indicator,
    ProjectOrganisation,
    Risk,
    Stakeholder,
    StopCriterion,
    SuccessCriterion,
)
from sikt.web.initiatives.models import Initiative
from sikt.web.initiatives.states import InitiativeState as S

DRAFT_STATES = frozenset({S.IDEA_DRAFT, S.IDEA_CLEARED, S.PLAN_DRAFT})
WORKING_STATES = DRAFT_STATES | {S.APPROVED, S.RUNNING, S.PAUSED}
BEFORE_START_STATES = DRAFT_STATES | {S.APPROVED}
WORKING_DOCUMENTS: frozenset[type[models.Model]] = frozenset(
    {Risk, StopCriterion, Stakeholder, CommunicationItem, ProjectOrganisation}
)
AGREED_BEFORE_START: frozenset[type[models.Model]] = frozenset({SuccessCriterion, ComparisonDesign})


def editable_states(model: type[models.Model]) -> frozenset[str]:
    if model in WORKING_DOCUMENTS:
        return WORKING_STATES
    if model in AGREED_BEFORE_START:
        return BEFORE_START_STATES
    return DRAFT_STATES


def initiative_of(instance: models.Model) -> Initiative:
    """The initiative a design record belongs to."""
    if isinstance(instance, SuccessCriterion):
        return instance.indicator.element.initiative
    if isinstance(instance, Indicator):
        return instance.element.initiative
    initiative: Initiative = instance.initiative  # type: ignore[attr-defined]
    return initiative


def state_allows(initiative: Initiative, model: type[models.Model]) -> bool:
    return initiative.state in editable_states(model)


def can_edit(
    user: Any,
    initiative: Initiative,
    model: type[models.Model],
    action: policy.Action = policy.Action.CHANGE,
) -> bool:
    """May ``user`` create/change/delete records of ``model`` on ``initiative`` now?"""
    return state_allows(initiative, model) and policy.can(user, action, initiative, model=model)


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
    return str(_("This part can no longer be changed in the initiative's current state."))
