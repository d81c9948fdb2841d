"""Taking a step of an amendment: :func:`amendment_step` (issue 8 item 1).

One transaction per step: the policy's roles, the initiative's and the amendment's state and
the rule set's amendment path are checked; submitting freezes the amended application as a new
version; a recommendation, approval or rejection records a decision on the amendment (with its
own frozen content and, through the reports area's listener, its own documents); an approval
records the new grant; a rejection or a withdrawal returns the application to the version the
decision in force rests on (:func:`sikt.web.initiatives.freezing.restore_all`).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from sikt.web import policy
from sikt.web.audit import services as audit
from sikt.web.audit.models import AuditEntry
from sikt.web.initiatives import freezing, requirements
from sikt.web.initiatives.amendments import (
    AMENDMENT_STEPS_BY_KEY,
    AmendmentStep,
    pending_amendment,
    steps_from,
)
from sikt.web.initiatives.models import Amendment, Grant, Initiative
from sikt.web.initiatives.models.amendment import PENDING_STATES
from sikt.web.initiatives.rulesets import ruleset_for
from sikt.web.initiatives.services.decisions import DecisionRefused, decision_record, version_freeze
from sikt.web.initiatives.services.transitions import TransitionRefused
from sikt.web.initiatives.states import AmendmentState
from sikt.web.initiatives.workflow import PLAN_REQUIREMENTS


def _pending(initiative: Initiative) -> Amendment | None:
    found = pending_amendment(initiative)
    return Amendment.objects.select_for_update().get(pk=found.pk) if found else None


def _check(
    actor: Any, initiative: Initiative, step: AmendmentStep, amendment: Amendment | None
) -> None:
    if actor is not None and not policy.can_transition(actor, initiative, step.key):
        raise PermissionDenied
    path = ruleset_for(initiative.organization).amendment_path
    if step not in steps_from(initiative, amendment, path):
        raise TransitionRefused(
            _("“%(step)s” cannot be taken now (state: %(state)s).")
            % {
                "step": step.label,
                "state": amendment.get_state_display() if amendment else initiative.state_label,
            }
        )
    if step.key == "submit_amendment":
        missing = requirements.unmet(
            initiative, PLAN_REQUIREMENTS, ruleset_for(initiative.organization)
        )
        if missing:
            raise TransitionRefused(
                [_("Missing: %(item)s") % {"item": status.label} for status in missing]
            )


def _open(actor: Any, initiative: Initiative, reason: str) -> Amendment:
    # The decision in force: the latest that granted money (as ``selectors.current_grant``).
    grant = Grant.objects.filter(initiative=initiative).order_by("-decision_id").first()
    base = grant.decision if grant is not None else None
    if base is None:
        raise TransitionRefused(_("Only an approved initiative can be amended."))
    last = initiative.amendments.aggregate(last=Max("number"))["last"] or 0
    return audit.create(
        actor,
        Amendment(
            initiative=initiative,
            number=last + 1,
            reason=reason,
            base_decision=base,
            opened_by=actor if getattr(actor, "is_authenticated", False) else None,
        ),
    )


@transaction.atomic
def amendment_step(
    *, actor: Any, initiative: Initiative, step_key: str, **decision_fields: Any
) -> Amendment:
    """Take amendment step ``step_key`` on ``initiative`` (opening one, or on the pending one).

    ``decision_fields`` are as for :func:`~sikt.web.initiatives.services.initiative_transition`
    (``reason``; for decisions ``decided_on``, ``body``, ``minute_reference``,
    ``registration_number``; for an approval the grant). Raises :class:`PermissionDenied` for a
    role the step does not allow and :class:`TransitionRefused` when it cannot be taken now.
    """
    step = AMENDMENT_STEPS_BY_KEY.get(step_key)
    if step is None:
        raise TransitionRefused(_("Unknown step."))
    current = Initiative.objects.select_for_update().get(pk=initiative.pk)
    amendment = _pending(current)
    _check(actor, current, step, amendment)
    reason = str(decision_fields.get("reason", "")).strip()
    if step.needs_reason and not reason:
        raise TransitionRefused({"reason": _("Give a reason for this step.")})
    if amendment is None:
        return _open(actor, current, reason)
    old = amendment.state
    amendment.state = step.target
    if step.target not in PENDING_STATES:
        amendment.closed_at = timezone.now()
    amendment.save(update_fields=["state", "closed_at"])
    audit.record(
        actor=actor,
        instance=amendment,
        action=AuditEntry.Action.TRANSITION,
        changes={"state": [old, amendment.state]},
        note=reason,
    )
    if step.key == "submit_amendment":
        version_freeze(actor, current, step.key)
    if step.needs_decision:
        try:
            decision_record(actor, current, step, reason, decision_fields, amendment=amendment)
        except DecisionRefused as refused:
            raise TransitionRefused(refused.errors) from None
    if step.target in (AmendmentState.REJECTED, AmendmentState.WITHDRAWN):
        freezing.restore_all(current, amendment.base_decision, actor)
    return amendment
