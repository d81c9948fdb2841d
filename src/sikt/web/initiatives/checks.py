"""The requirements on this app's own data (idea, plan core fields, owners, rule-set limits,
base criteria), registered at start-up by :class:`~sikt.web.initiatives.apps.InitiativesConfig`.
"""

from __future__ import annotations

from decimal import Decimal

from sikt.web.initiatives import requirements
from sikt.web.initiatives.models import CriterionAssessment, Initiative
from sikt.web.initiatives.periods import months_between
from sikt.web.initiatives.rulesets import ruleset_for


def idea_description_complete(initiative: Initiative) -> bool:
    """003 step 2: problem, target group, affected operations, committees for results and costs."""
    texts = (initiative.title, initiative.problem, initiative.target_group)
    return (
        all(text.strip() for text in (*texts, initiative.affected_operations))
        and initiative.result_committees.exists()
        and initiative.cost_committees.exists()
    )


def project_plan_complete(initiative: Initiative) -> bool:
    return bool(initiative.purpose.strip() and initiative.budget_summary.strip())


def time_period(initiative: Initiative) -> bool:
    """A time period is set (003 step 4) and within the rule set's maximum length."""
    start, end = initiative.start_date, initiative.end_date
    if start is None or end is None or end < start:
        return False
    limit = ruleset_for(initiative.organization).max_length_months
    return limit is None or months_between(start, end) <= limit


def named_owners(initiative: Initiative) -> bool:
    return initiative.owner_committee_id is not None and bool(initiative.owner_name.strip())


def partner_count(initiative: Initiative) -> int:
    """Committees taking part (owner, result and cost committees) plus outside partners."""
    committees = set(initiative.result_committees.values_list("pk", flat=True))
    committees |= set(initiative.cost_committees.values_list("pk", flat=True))
    if initiative.owner_committee_id is not None:
        committees.add(initiative.owner_committee_id)
    return len(committees) + len(initiative.partner_lines())


def partners_minimum(initiative: Initiative) -> bool:
    return partner_count(initiative) >= ruleset_for(initiative.organization).min_partners


def funding_within_rules(initiative: Initiative) -> bool:
    """The amount applied for respects the cap per year and the fund's maximum cost share."""
    ruleset = ruleset_for(initiative.organization)
    requested, total = initiative.requested_amount_sek, initiative.total_cost_sek
    if requested is None or total is None:
        return False
    if ruleset.max_funding_share_percent is not None and requested * 100 > (
        total * ruleset.max_funding_share_percent
    ):
        return False
    if ruleset.annual_cap_sek is not None:
        start, end = initiative.start_date, initiative.end_date
        if start is None or end is None or end < start:
            return False
        years = Decimal(max(months_between(start, end), 12)) / 12
        return requested / years <= ruleset.annual_cap_sek
    return True


def base_criteria_met(initiative: Initiative) -> bool:
    """Every base criterion of the rule set is assessed as met, each with a justification."""
    criteria = ruleset_for(initiative.organization).base_criteria
    met = {
        criterion
        for criterion, justification in CriterionAssessment.objects.filter(
            initiative=initiative, is_met=True
        ).values_list("criterion", "justification")
        if justification.strip()
    }
    return all(criterion in met for criterion in criteria)


OWN_CHECKS = {
    "idea_description_complete": idea_description_complete,
    "project_plan_complete": project_plan_complete,
    "time_period": time_period,
    "named_owners": named_owners,
    "partners_minimum": partners_minimum,
    "funding_within_rules": funding_within_rules,
    "base_criteria_met": base_criteria_met,
}


def register_checks() -> None:
    for key, check in OWN_CHECKS.items():
        requirements.register(key, requirements.AGREED_LABELS[key], check)
