"""Named requirements a transition checks before it may be taken (the 004 "Säkerställ följande").

A requirement is ``(key, label, check(initiative) -> bool)``. This app registers the checks on
its own data (:mod:`sikt.web.initiatives.checks`); other apps register theirs in their
``AppConfig.ready()`` under the agreed keys in :data:`AGREED_LABELS`::

    from sikt.web.initiatives.requirements import register
    register("logic_model_with_indicators", _("Logic model with indicators"), has_logic_model)

A key that nobody registered counts as NOT met, so the guard on a transition is real even
before the app that owns the data exists. Some requirements do not apply under a rule set
(e.g. no repayment plan when the organisation uses no repayment): :func:`applies` says which.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sikt.web.initiatives.states import RepaymentModel

if TYPE_CHECKING:
    from sikt.web.initiatives.models import Initiative, RuleSet

Check = Callable[["Initiative"], bool]


@dataclass(frozen=True)
class Requirement:
    key: str
    label: Promise | str
    check: Check


@dataclass(frozen=True)
class RequirementStatus:
    key: str
    label: Promise | str
    met: bool
    #: False when no app has registered a check for the key (then it is never met).
    registered: bool
    #: The page (URL name, reversed with the initiative's id) where the item is fixed.
    url_name: str = ""


#: Labels of every key the workflow uses, so the checklist reads well before registration.
AGREED_LABELS: dict[str, Promise] = {
    "idea_description_complete": _("Idea description complete"),
    "project_plan_complete": _("Project plan: purpose and budget described"),
    "time_period": _("Time period set (within the maximum length)"),
    "named_owners": _("Owning committee and named project owner"),
    "partners_minimum": _("Minimum number of partners"),
    "funding_within_rules": _("Amount within the cap and co-funding share"),
    "logic_model_with_indicators": _("Logic model with indicators"),
    "project_organisation": _("Project organisation"),
    "follow_up_and_evaluation_plan": _("Follow-up and evaluation plan"),
    "implementation_and_maintenance_plan": _("Implementation and maintenance plan"),
    "cost_benefit_calculation": _("Cost and benefit calculation"),
    "repayment_plan": _("Repayment plan"),
    "base_criteria_met": _("All base criteria met, with a justification each"),
    "impact_statement": _("Impact statement (gender-equality and child perspective)"),
    "implementation_plan_complete": _(
        "Implementation plan: full-scale cost, financing, rollout, time frame and what it replaces"
    ),
}

#: Where each item of the checklist is fixed: a URL name reversed with the initiative's id.
LINKS: dict[str, str] = {
    "idea_description_complete": "initiatives:idea-edit",
    "project_plan_complete": "initiatives:plan-edit",
    "time_period": "initiatives:plan-edit",
    "named_owners": "initiatives:plan-edit",
    "partners_minimum": "initiatives:idea-edit",
    "funding_within_rules": "initiatives:plan-edit",
    "logic_model_with_indicators": "design:logic-model",
    "project_organisation": "design:section-organisation",
    "follow_up_and_evaluation_plan": "design:evaluation",
    "implementation_and_maintenance_plan": "design:section-implementation",
    "cost_benefit_calculation": "calculations:for-initiative",
    "repayment_plan": "calculations:for-initiative",
    "base_criteria_met": "initiatives:criteria",
    "impact_statement": "design:section-impact",
    "implementation_plan_complete": "evaluation:plan",
}

#: Base criteria a part of the plan backs: a criterion whose text names one of the words (in
#: any case) cannot be marked as met while that requirement is missing. The criteria are the
#: organisation's own texts, so the words are the terms the guidelines use for the part.
CRITERION_BACKING: tuple[tuple[str, str], ...] = (
    ("konsekvensbeskrivning", "impact_statement"),
    ("impact statement", "impact_statement"),
    ("kalkyl", "cost_benefit_calculation"),
    ("calculation", "cost_benefit_calculation"),
    ("implementeras", "implementation_and_maintenance_plan"),
    ("implemented", "implementation_and_maintenance_plan"),
)

_REGISTRY: dict[str, Requirement] = {}


def register(key: str, label: Promise | str, check: Check) -> None:
    """Register (or replace) the check for ``key``; call from ``AppConfig.ready()``."""
    _REGISTRY[key] = Requirement(key, label, check)


def unregister(key: str) -> None:
    """Remove a registration (tests)."""
    _REGISTRY.pop(key, None)


def registered_keys() -> frozenset[str]:
    return frozenset(_REGISTRY)


def applies(key: str, ruleset: RuleSet) -> bool:
    """Whether requirement ``key`` applies under the organisation's rule set (DOMAIN §4b)."""
    if key == "repayment_plan":
        return ruleset.repayment_model != RepaymentModel.NONE
    if key == "partners_minimum":
        return ruleset.min_partners > 1
    if key == "funding_within_rules":
        return ruleset.annual_cap_sek is not None or ruleset.max_funding_share_percent is not None
    if key == "base_criteria_met":
        return bool(ruleset.base_criteria)
    return True


def evaluate(
    initiative: Initiative, keys: tuple[str, ...], ruleset: RuleSet
) -> list[RequirementStatus]:
    """The status of each applicable requirement in ``keys``, in order."""
    statuses = []
    for key in keys:
        if not applies(key, ruleset):
            continue
        requirement = _REGISTRY.get(key)
        label = requirement.label if requirement else AGREED_LABELS.get(key, key)
        met = bool(requirement and requirement.check(initiative))
        statuses.append(
            RequirementStatus(key, label, met, requirement is not None, LINKS.get(key, ""))
        )
    return statuses


def missing_backing(initiative: Initiative, criterion: str) -> list[RequirementStatus]:
    """The parts of the plan that back base criterion ``criterion`` and are still missing."""
    text = criterion.lower()
    keys = tuple(dict.fromkeys(key for word, key in CRITERION_BACKING if word in text))
    statuses = []
    for key in keys:
        requirement = _REGISTRY.get(key)
        if requirement is None or not requirement.check(initiative):
            label = requirement.label if requirement else AGREED_LABELS.get(key, key)
            statuses.append(
                RequirementStatus(key, label, False, requirement is not None, LINKS.get(key, ""))
            )
    return statuses


def unmet(
    initiative: Initiative, keys: tuple[str, ...], ruleset: RuleSet
) -> list[RequirementStatus]:
    return [status for status in evaluate(initiative, keys, ruleset) if not status.met]
