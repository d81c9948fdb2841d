"""Who may do what in evaluation: the rule table registered with :mod:`sikt.web.policy`.

Outcome data are individual records (pseudonymised): only the evaluator — the analyst — and the
coordinator see or upload them. Results are aggregates with small counts suppressed: everyone in
the organisation reads them (the steering group judges the initiative by them). The economic
evaluation is also the economist's; proposing the repayment revision it implies follows the
fund's rule (coordinator, economist).
"""

from __future__ import annotations

from django.db import models

from sikt.web.accounts.models import Role
from sikt.web.initiatives.lock import initiative_of
from sikt.web.initiatives.states import InitiativeState as S
from sikt.web.policy import ALL_ROLES, Action, RuleTable

EVALUATORS = frozenset({Role.ANALYST, Role.COORDINATOR})
COMPONENT_WRITERS = EVALUATORS | {Role.PROJECT_LEADER}
PLAN_WRITERS = EVALUATORS | {Role.APPLICANT, Role.ECONOMIST}
WRITES = (Action.CREATE, Action.CHANGE, Action.DELETE)

EVALUATION_RULES: RuleTable = {
    ("evaluation.outcomedataset", Action.VIEW): EVALUATORS,
    ("evaluation.outcomedataset", Action.CREATE): EVALUATORS,
    ("evaluation.evaluationrun", Action.VIEW): ALL_ROLES,
    ("evaluation.evaluationrun", Action.CREATE): EVALUATORS,
    ("evaluation.economicevaluation", Action.VIEW): ALL_ROLES,
    ("evaluation.economicevaluation", Action.CREATE): EVALUATORS | {Role.ECONOMIST},
    **{("evaluation.interviewnote", action): EVALUATORS for action in (Action.VIEW, *WRITES)},
    ("evaluation.componentassessment", Action.VIEW): ALL_ROLES,
    **{("evaluation.componentassessment", action): COMPONENT_WRITERS for action in WRITES},
    ("evaluation.implementationplan", Action.VIEW): ALL_ROLES,
    ("evaluation.implementationplan", Action.CREATE): PLAN_WRITERS,
    ("evaluation.implementationplan", Action.CHANGE): PLAN_WRITERS,
}

#: The states in which the records are written (``label -> states``).
QUALITATIVE_STATES = frozenset({S.RUNNING, S.PAUSED, S.ENDED, S.EVALUATED})
PLAN_STATES = frozenset({S.ENDED, S.EVALUATED})
OPEN_STATES: dict[str, frozenset[S]] = {
    "evaluation.interviewnote": QUALITATIVE_STATES,
    "evaluation.componentassessment": QUALITATIVE_STATES,
    "evaluation.implementationplan": PLAN_STATES,
}


def open_for(action: Action, label: str, obj: models.Model) -> bool:
    """The policy condition: writes on the records only in their states, so the plan the
    implementation decision rests on cannot change after it (it is frozen with the decision)."""
    states = OPEN_STATES.get(label)
    if states is None or action not in WRITES:
        return True
    initiative = initiative_of(obj)
    return initiative is None or initiative.state in states
