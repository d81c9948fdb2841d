"""Who may do what with a development agreement, registered with ``policy.register_rules``.

Rules are per side (``label@funder`` / ``label@participant``, see :mod:`sikt.web.policy`):

* everyone in the funder's organisation and in each participating organisation reads the
  agreement; nobody else sees it;
* the funder's coordinator creates the agreement and edits it (goals, sprints, deliverables,
  participants, report dates) and alone approves or returns a submitted sprint;
* the funder's coordinator or economist records a tranche paid and a repayment invoiced/received;
* in a participating organisation the coordinator and project leaders tick deliverables and
  submit a sprint; they and the economist report the money remaining.
"""

from __future__ import annotations

from sikt.web import policy
from sikt.web.accounts.models import Role

Action = policy.Action
ALL = policy.ALL_ROLES
COORDINATOR = frozenset({Role.COORDINATOR})
PAYERS = frozenset({Role.COORDINATOR, Role.ECONOMIST})
WORKERS = frozenset({Role.COORDINATOR, Role.PROJECT_LEADER})
REPORTERS = frozenset({Role.COORDINATOR, Role.PROJECT_LEADER, Role.ECONOMIST})

SHARED = (
    "agreement",
    "goal",
    "sprint",
    "deliverable",
    "reportdate",
    "participation",
    "sprintprogress",
    "tranche",
    "remainingreport",
    "repayment",
)

RULES: policy.RuleTable = {
    **{
        (f"agreements.{name}@{side}", Action.VIEW): ALL
        for name in SHARED
        for side in ("funder", "participant")
    },
    ("agreements.agreement", Action.CREATE): COORDINATOR,
    ("agreements.agreement@funder", Action.CHANGE): COORDINATOR,
    ("agreements.sprintprogress@participant", Action.CHANGE): WORKERS,
    ("agreements.sprintprogress@funder", Action.REVIEW): COORDINATOR,
    ("agreements.tranche@funder", Action.CHANGE): PAYERS,
    ("agreements.remainingreport@participant", Action.CREATE): REPORTERS,
    ("agreements.repayment@funder", Action.CHANGE): PAYERS,
}
