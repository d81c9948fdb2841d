"""Who may do what in follow-up: the rule table registered with :mod:`sikt.web.policy`.

Everyone in the organisation reads follow-up (the steering group and politicians must see how
initiatives go, 004 §6–7). The project leader and the project owner fill in and submit reports
and plan activities; the coordinator adds reports with other due dates and approves or returns
reports — never their own (the service refuses). Deviations can be raised by everyone who runs
or steers the initiative; flags are handled by the coordinator or the steering group.
"""

from __future__ import annotations

from sikt.web.accounts.models import Role
from sikt.web.policy import ALL_ROLES, Action, RuleTable

REPORTERS = frozenset({Role.PROJECT_LEADER, Role.APPLICANT})
REVIEWERS = frozenset({Role.COORDINATOR})
PLANNERS = REPORTERS | REVIEWERS
STEERING = frozenset({Role.COORDINATOR, Role.STEERING_GROUP})
YEARLY_REPORT_MAKERS = frozenset(
    {Role.COORDINATOR, Role.ECONOMIST, Role.ANALYST, Role.STEERING_GROUP}
)

FOLLOWUP_RULES: RuleTable = {
    ("followup.progressreport", Action.VIEW): ALL_ROLES,
    ("followup.progressreport", Action.CHANGE): REPORTERS,
    ("followup.progressreport", Action.REVIEW): REVIEWERS,
    ("followup.progressreport", Action.CREATE): REVIEWERS,
    ("followup.progressreport", Action.DELETE): REVIEWERS,
    ("followup.measurement", Action.VIEW): ALL_ROLES,
    ("followup.attrition", Action.VIEW): ALL_ROLES,
    ("followup.activityplan", Action.VIEW): ALL_ROLES,
    ("followup.activityplan", Action.CHANGE): PLANNERS,
    ("followup.deviation", Action.VIEW): ALL_ROLES,
    ("followup.deviation", Action.CREATE): PLANNERS | STEERING,
    ("followup.deviation", Action.CHANGE): PLANNERS | STEERING,
    ("followup.flag", Action.VIEW): ALL_ROLES,
    ("followup.flag", Action.CHANGE): STEERING,
    # The yearly portfolio report: read by all, asked for by those who prepare the budget.
    ("followup.yearlyreport", Action.VIEW): ALL_ROLES,
    ("followup.yearlyreport", Action.CREATE): YEARLY_REPORT_MAKERS,
}
