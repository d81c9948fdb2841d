"""Taking one step of the lifecycle: :func:`initiative_transition` (issue 4 item 1)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from sikt.web import policy
from sikt.web.audit import services as audit
from sikt.web.audit.models import AuditEntry
from sikt.web.initiatives import requirements, snapshots
from sikt.web.initiatives.models import ApplicationVersion, Decision, Initiative
from sikt.web.initiatives.rulesets import ruleset_for
from sikt.web.initiatives.states import DecisionBody
from sikt.web.initiatives.workflow import TRANSITIONS_BY_KEY, Transition

DECISION_FIELDS = ("decided_on", "body", "minute_reference", "registration_number")


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


def _decision(
    actor: Any, initiative: Initiative, transition: Transition, reason: str, fields: dict[str, Any]
) -> Decision:
    decided_on = fields.get("decided_on") or timezone.localdate()
    if isinstance(decided_on, str):
        decided_on = dt.date.fromisoformat(decided_on)
    decision = Decision(
        initiative=initiative,
        transition=transition.key,
        outcome=transition.target,
        decided_on=decided_on,
        body=fields.get("body") or transition.decision_body or DecisionBody.OTHER,
        minute_reference=fields.get("minute_reference", ""),
        registration_number=fields.get("registration_number", ""),
        reason=reason,
        recorded_by=actor,
    )
    if decided_on > timezone.localdate():
        raise TransitionRefused({"decided_on": _("A decision cannot be dated in the future.")})
    return audit.create(actor, decision)


def version_freeze(actor: Any, initiative: Initiative, transition_key: str) -> ApplicationVersion:
    """Freeze the whole application as the next version (snapshot of every section)."""
    last = initiative.versions.aggregate(last=Max("number"))["last"] or 0
    return ApplicationVersion.objects.create(
        initiative=initiative,
        number=last + 1,
        transition=transition_key,
        state=initiative.state,
        content=snapshots.take(initiative),
        created_by=actor,
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
    if transition.needs_decision:
        _decision(actor, current, transition, reason, decision_fields)
    if transition.freezes:
        version_freeze(actor, current, transition.key)
    initiative.state = current.state
    initiative.idea_submitted_at = current.idea_submitted_at
    initiative.plan_submitted_at = current.plan_submitted_at
    return initiative
