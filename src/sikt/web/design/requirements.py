"""What the design part of a complete project plan must contain, as checks on an initiative.

The workflow (issue 4 item 1; Uppsala guideline 003 step 4) lets a plan be submitted only when,
among other things, there is a logic model with indicators, a follow-up and evaluation plan, an
implementation and maintenance plan and a named project organisation. Each check here lists
what is still missing, so the page can say it in words; the workflow registry only needs
"met or not".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sikt.web.design import selectors
from sikt.web.design.models import IndicatorKind, Level
from sikt.web.initiatives.models import Initiative

Missing = Callable[[Initiative], list[str]]


def logic_model_missing(initiative: Initiative) -> list[str]:
    """Purpose, every level filled in, an indicator on every result and goal, and process
    measures for the activities (004 §4–5)."""
    logic = selectors.logic_model_for(initiative)
    missing: list[str] = []
    if not logic.purpose:
        missing.append(gettext("The overall purpose is not described."))
    for view in logic.levels:
        if not view.elements:
            missing.append(
                gettext("No %(level)s are described.") % {"level": str(view.label).lower()}
            )
    for level in (Level.SHORT_TERM, Level.LONG_TERM):
        for element in logic.level(level).elements:
            if not element.indicators.all():
                missing.append(
                    gettext("“%(element)s” has no indicator.") % {"element": element.text}
                )
    activities = logic.level(Level.ACTIVITIES)
    if activities.elements and not any(
        indicator.kind == IndicatorKind.PROCESS for indicator in activities.indicators
    ):
        missing.append(gettext("No activity has a process measure."))
    return missing


def follow_up_plan_missing(initiative: Initiative) -> list[str]:
    missing: list[str] = []
    if selectors.follow_up_plan_for(initiative) is None:
        missing.append(gettext("The follow-up and evaluation plan is not written."))
    if selectors.comparison_design_for(initiative) is None:
        missing.append(gettext("No comparison alternative is chosen."))
    return missing


def implementation_plan_missing(initiative: Initiative) -> list[str]:
    if selectors.implementation_outline_for(initiative) is None:
        return [gettext("The implementation and maintenance plan is not written.")]
    return []


def impact_statement_missing(initiative: Initiative) -> list[str]:
    statement = selectors.impact_statement_for(initiative)
    if statement is None or not (statement.gender_equality.strip() and statement.child.strip()):
        return [gettext("The impact statement is not written.")]
    return []


def project_organisation_missing(initiative: Initiative) -> list[str]:
    organisation = selectors.project_organisation_for(initiative)
    if organisation is None:
        return [gettext("The project organisation is not described.")]
    missing: list[str] = []
    if organisation.owner_committee_id is None:
        missing.append(gettext("No owning committee is named."))
    if not organisation.owner:
        missing.append(gettext("No project owner is named."))
    if not organisation.leader:
        missing.append(gettext("No project leader is named."))
    return missing


@dataclass(frozen=True)
class DesignRequirement:
    key: str
    label: Promise
    missing: Missing

    def check(self, initiative: Initiative) -> bool:
        return not self.missing(initiative)


#: The keys agreed with the workflow (sikt.web.initiatives.requirements).
DESIGN_REQUIREMENTS = (
    DesignRequirement(
        "logic_model_with_indicators", _("Logic model with indicators"), logic_model_missing
    ),
    DesignRequirement(
        "follow_up_and_evaluation_plan",
        _("Follow-up and evaluation plan"),
        follow_up_plan_missing,
    ),
    DesignRequirement(
        "implementation_and_maintenance_plan",
        _("Implementation and maintenance plan"),
        implementation_plan_missing,
    ),
    DesignRequirement(
        "project_organisation", _("Project organisation"), project_organisation_missing
    ),
)

#: Backs a base criterion (Uppsala: a consequence description from a gender-equality and child
#: perspective), not a requirement for submitting the plan.
IMPACT_STATEMENT = DesignRequirement(
    "impact_statement",
    _("Impact statement (gender-equality and child perspective)"),
    impact_statement_missing,
)


@dataclass(frozen=True)
class RequirementReport:
    requirement: DesignRequirement
    missing: list[str]

    @property
    def met(self) -> bool:
        return not self.missing


def design_requirements_for(initiative: Initiative) -> list[RequirementReport]:
    return [
        RequirementReport(requirement, requirement.missing(initiative))
        for requirement in DESIGN_REQUIREMENTS
    ]
