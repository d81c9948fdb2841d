"""What was decided stays decided: the application is read-only outside its draft states.

One rule, registered with the policy (:func:`sikt.web.policy.register_condition`) from
``InitiativesConfig.ready()``, so every view and service that asks :func:`sikt.web.policy.can`
for a change to a part of the application gets "no" once a decision rests on it — for every
role, however the request was made (hidden buttons *and* forged POSTs, which answer 403).

* The application's content — the idea and plan fields, the logic model and design sections and
  the calculation — is written only while the application is a draft (idea draft, idea cleared,
  plan draft; a plan returned for completion and an amendment come back to the plan draft).
* The reviewers' records — the base-criteria assessment, the selection scores and the
  economist's review of the calculation — are written while the application is reviewed (and,
  for the economist, while it is a draft); the recommendation freezes them.
* The working documents of the design (risks and stop criteria, stakeholders, communication
  plan, project organisation) are kept up to date while the initiative runs (004 §6), but not
  between the decision and the start.

After approval a change goes through an amendment (*ändringsansökan*,
:mod:`sikt.web.initiatives.amendments`): while an amendment is a draft, the application is open
as in the plan-draft state (and the economist may review its calculation until it is decided),
although the initiative keeps its decided state; each decision keeps the version and the frozen
figures it rests on (:mod:`sikt.web.initiatives.freezing`).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from sikt.web.initiatives import amendments
from sikt.web.initiatives.models import Initiative
from sikt.web.initiatives.services.reviews import REVIEW_STATES
from sikt.web.initiatives.states import AmendmentState
from sikt.web.initiatives.states import InitiativeState as S
from sikt.web.initiatives.workflow import EDITABLE_STATES
from sikt.web.policy import DESIGN_MODELS, Action

WRITES = frozenset({Action.CREATE, Action.CHANGE, Action.DELETE})

#: The design's working documents, kept up to date while the initiative runs.
WORKING_DOCUMENTS = frozenset(
    {
        "design.risk",
        "design.stopcriterion",
        "design.stakeholder",
        "design.communicationitem",
        "design.projectorganisation",
    }
)
RUNNING_STATES = frozenset({S.RUNNING, S.PAUSED})
#: The stakeholder analysis is completed during the evaluation too (004 §7, issue 11 item 4).
EVALUATION_STATES = frozenset({S.ENDED, S.EVALUATED})


def _working_states(label: str) -> frozenset[S]:
    if label == "design.stakeholder":
        return EDITABLE_STATES | RUNNING_STATES | EVALUATION_STATES
    return EDITABLE_STATES | RUNNING_STATES


#: ``(record label, action) -> states in which the action is open``.
OPEN_STATES: dict[tuple[str, Action], frozenset[str]] = {
    ("initiatives.initiative", Action.CHANGE): EDITABLE_STATES,
    **{("calculations.calculation", action): EDITABLE_STATES for action in WRITES},
    ("calculations.calculation", Action.REVIEW): EDITABLE_STATES | REVIEW_STATES,
    ("initiatives.criterionassessment", Action.CHANGE): REVIEW_STATES,
    ("initiatives.selectionscore", Action.CREATE): REVIEW_STATES,
    **{
        (label, action): _working_states(label) if label in WORKING_DOCUMENTS else EDITABLE_STATES
        for label in DESIGN_MODELS
        for action in WRITES
    },
}


#: What an initiative's pending amendment opens, as the lifecycle state that opens the same.
AMENDMENT_AS_STATE: dict[str, str] = {
    AmendmentState.DRAFT: S.PLAN_DRAFT,
    AmendmentState.SUBMITTED: S.PLAN_SUBMITTED,
}


def amendment_state(initiative: Initiative) -> str | None:
    """The lifecycle state the initiative's pending amendment stands for (``None``: none)."""
    if initiative.state not in amendments.AMENDABLE_STATES:
        return None
    amendment = amendments.pending_amendment(initiative)
    return AMENDMENT_AS_STATE.get(amendment.state) if amendment is not None else None


def initiative_of(obj: models.Model) -> Initiative | None:
    """The initiative ``obj`` belongs to (itself, or along its ``organization_path``)."""
    target: object = obj
    path = getattr(type(obj), "organization_path", "") or ""
    for part in path.split("__"):
        if isinstance(target, Initiative):
            return target
        if not part:
            break
        target = getattr(target, part, None)
        if target is None:
            return None
    return target if isinstance(target, Initiative) else None


def open_for(action: Action, label: str, obj: models.Model) -> bool:
    """The policy condition: ``False`` when ``action`` on a part of the application is closed
    in the state of the initiative it belongs to (``obj`` is the record, or for a creation the
    initiative it is created on)."""
    states = OPEN_STATES.get((label, action))
    if states is None:
        return True
    initiative = initiative_of(obj)
    if initiative is None or initiative.state in states:
        return True
    return amendment_state(initiative) in states


def is_read_only(initiative: Initiative) -> bool:
    """Is the application closed for its content (a decision rests on it, or it is submitted)?"""
    if initiative.state in EDITABLE_STATES:
        return False
    return amendment_state(initiative) not in EDITABLE_STATES


def closed_reason(initiative: Initiative) -> str:
    """A sentence for the user on why the application cannot be changed now ("" if it can)."""
    if not is_read_only(initiative):
        return ""
    if amendments.pending_amendment(initiative) is not None:
        return str(
            _(
                "An amendment is submitted and read-only until it is decided; the decision in "
                "force stands meanwhile."
            )
        )
    if initiative.state in (S.IDEA_SUBMITTED, S.PLAN_SUBMITTED, S.STEERING_REVIEW):
        return str(
            _(
                "The application is submitted and read-only. It can be changed again if it is "
                "returned for completion."
            )
        )
    return str(
        _(
            "A decision rests on this application, so it is read-only for everyone. "
            "A change is made through an amendment."
        )
    )
