"""Taking one step of the lifecycle: :func:`initiative_transition` (issue 4 item 1)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sikt.web import policy
from sikt.web.audit import services as audit
from sikt.web.audit.models import AuditEntry
from sikt.web.initiatives import requirements
from sikt.web.initiatives.models import Initiative
from sikt.web.initiatives.rulesets import ruleset_for
from sikt.web.initiatives.services.decisions import DecisionRefused, decision_record, version_freeze
from sikt.web.initiatives.workflow import TRANSITIONS_BY_KEY, Transition


class TransitionRefused(ValidationError):
    """The step cannot be taken now: wrong state, process, missing requirement or input."""


def _check(actor: Any, initiative: Initiative, transition: Transition) -> None:
    if actor is not None and not policy.can_transition(actor, initiative, transition.key):
        raise PermissionDenied
    ruleset = ruleset_for(initiative.organization)
    if not transition.applies_to(ruleset.process):
        raise TransitionRefused(_("This step is not part of your organisation's process."))
    if initiative.state not in transition.sources:
        raise TransitionRefused(
            _("“%(step)s” cannot be taken in the state “%(state)s”.")
            % {"step": transition.label, "state": initiative.state_label}
        )
    missing = requirements.unmet(initiative, transition.requirements, ruleset)
    if missing:
        raise TransitionRefused(
            [_("Missing: %(item)s") % {"item": status.label} for status in missing]
        )


@transaction.atomic
def initiative_transition(
    *, actor: Any, initiative: Initiative, transition_key: str, **decision_fields: Any
) -> Initiative:
    """Take step ``transition_key``: check role, state and requirements, record it.

    ``decision_fields`` are ``reason`` and, for steps that record a decision, ``decided_on``
    (default today), ``body`` (default the step's body), ``minute_reference`` (paragraf) and
    ``registration_number`` (diarienummer). Raises :class:`PermissionDenied` for a role the
    table does not allow and :class:`TransitionRefused` when the step cannot be taken now.
    """
    transition = TRANSITIONS_BY_KEY.get(transition_key)
    if transition is None:
        raise TransitionRefused(_("Unknown step."))
    current = Initiative.objects.select_for_update().get(pk=initiative.pk)
    _check(actor, current, transition)
    reason = str(decision_fields.get("reason", "")).strip()
    if transition.needs_reason and not reason:
        raise TransitionRefused({"reason": _("Give a reason for this step.")})
    old = current.state
    current.state = transition.target
    now = timezone.now()
    if transition.key == "submit_idea":
        current.idea_submitted_at = now
    if transition.key == "submit_plan":
        current.plan_submitted_at = now
    current.save(update_fields=["state", "idea_submitted_at", "plan_submitted_at", "updated_at"])
    audit.record(
        actor=actor,
        instance=current,
        action=AuditEntry.Action.TRANSITION,
        changes={"state": [old, current.state]},
        note=reason,
    )
    if transition.freezes:
        version_freeze(actor, current, transition.key)
    if transition.needs_decision:
        try:
            decision_record(actor, current, transition, reason, decision_fields)
        except DecisionRefused as refused:
            raise TransitionRefused(refused.errors) from None
    initiative.state = current.state
    initiative.idea_submitted_at = current.idea_submitted_at
    initiative.plan_submitted_at = current.plan_submitted_at
    return initiative
