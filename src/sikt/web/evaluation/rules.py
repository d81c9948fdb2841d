"""Who may do what in evaluation: the rule table registered with :mod:`sikt.web.policy`.

Outcome data are individual records (pseudonymised): only the evaluator — the analyst — and the
coordinator see or upload them. Results are aggregates with small counts suppressed: everyone in
the organisation reads them (the steering group judges the initiative by them). The economic
evaluation is also the economist's; proposing the repayment revision it implies follows the
fund's rule (coordinator, economist).
"""

from __future__ import annotations

from sikt.web.accounts.models import Role
from sikt.web.policy import ALL_ROLES, Action, RuleTable

EVALUATORS = frozenset({Role.ANALYST, Role.COORDINATOR})

EVALUATION_RULES: RuleTable = {
    ("evaluation.outcomedataset", Action.VIEW): EVALUATORS,
    ("evaluation.outcomedataset", Action.CREATE): EVALUATORS,
    ("evaluation.evaluationrun", Action.VIEW): ALL_ROLES,
    ("evaluation.evaluationrun", Action.CREATE): EVALUATORS,
    ("evaluation.economicevaluation", Action.VIEW): ALL_ROLES,
    ("evaluation.economicevaluation", Action.CREATE): EVALUATORS | {Role.ECONOMIST},
}
