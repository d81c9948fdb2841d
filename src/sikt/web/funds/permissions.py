"""Who may do what with the fund (issue 9 §6), registered with ``policy.register_rules``.

* everyone in the organisation reads the fund, its ledger and the initiatives' money (decision
  makers see all of it); nothing is visible across organisations (the policy's scope);
* only the coordinator books allocations, releases and corrections, closes periods, records the
  budget adoption and edits fund parts and reporting periods;
* project leaders report costs — for their own initiatives only (:func:`may_report_costs`:
  the project leader or deputy named in the initiative's project organisation); the
  coordinator may report on an initiative's behalf;
* economists approve or return cost reports (the payout follows) and record a decision to pay
  above the grant; they and the coordinator propose repayment revisions; the coordinator
  records the decision on a revision.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from sikt.web import policy
from sikt.web.accounts.models import Role
from sikt.web.design.models import ProjectOrganisation
from sikt.web.initiatives.models import Initiative

Action = policy.Action
ALL = policy.ALL_ROLES
COORDINATOR = frozenset({Role.COORDINATOR})
ECONOMIST = frozenset({Role.ECONOMIST})
REPORTERS = frozenset({Role.PROJECT_LEADER, Role.COORDINATOR})

RULES: policy.RuleTable = {
    ("funds.fund", Action.VIEW): ALL,
    ("funds.fund", Action.CREATE): COORDINATOR,
    ("funds.fund", Action.CHANGE): COORDINATOR,
    ("funds.reportingperiod", Action.VIEW): ALL,
    ("funds.reportingperiod", Action.CHANGE): COORDINATOR,
    ("funds.closedperiod", Action.CREATE): COORDINATOR,
    ("funds.ledgerentry", Action.VIEW): ALL,
    ("funds.ledgerentry", Action.CREATE): COORDINATOR,
    ("funds.overrundecision", Action.VIEW): ALL,
    ("funds.overrundecision", Action.CREATE): ECONOMIST,
    ("funds.costreport", Action.VIEW): ALL,
    ("funds.costreport", Action.CREATE): REPORTERS,
    ("funds.costreport", Action.CHANGE): REPORTERS,
    ("funds.costreport", Action.REVIEW): ECONOMIST,
    ("funds.budgetadoption", Action.VIEW): ALL,
    ("funds.budgetadoption", Action.CREATE): COORDINATOR,
    ("funds.repaymentrevision", Action.VIEW): ALL,
    ("funds.repaymentrevision", Action.CREATE): COORDINATOR | ECONOMIST,
    ("funds.repaymentrevision", Action.REVIEW): COORDINATOR,
}


def leads(user: Any, initiative: Initiative) -> bool:
    """Is ``user`` the project leader or deputy named in the initiative's project organisation?"""
    return ProjectOrganisation.objects.filter(
        Q(leader_user=user) | Q(deputy_user=user), initiative=initiative
    ).exists()


def may_report_costs(user: Any, initiative: Initiative) -> bool:
    """Project leaders for their own initiatives; the coordinator for any of the organisation."""
    from sikt.web.funds.models import CostReport

    if not policy.can(user, Action.CREATE, initiative, model=CostReport):
        return False
    roles = policy.roles_of(user, initiative.organization)
    return Role.COORDINATOR in roles or leads(user, initiative)
