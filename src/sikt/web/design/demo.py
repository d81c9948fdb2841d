"""Demo design for Exempelby's initiatives: logic model, indicators, risks and plans.

:func:`seed_design_for` gives one initiative a realistic, fictional design built on the worked
example cases in ``examples/`` (early reading support at school, intensive family support,
the job track for new arrivals). It is idempotent: a part that already exists is left as it is,
so a user's own edits survive a second ``sikt demo``. Numbers are illustrative (ILLUSTRATIV).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from sikt.web.accounts.models import Organization
from sikt.web.design import services
from sikt.web.design.models import (
    CommunicationItem,
    ComparisonDesign,
    FollowUpPlan,
    ImpactStatement,
    ImplementationOutline,
    LogicElement,
    LogicModel,
    ProjectOrganisation,
    Risk,
    Stakeholder,
    StopCriterion,
    SuccessCriterion,
    TargetGroup,
)
from sikt.web.design.seed_cases import CASES, DesignCase
from sikt.web.initiatives.models import Initiative
from sikt.web.initiatives.states import InitiativeState as S

#: Words in an initiative's title that pick the example case.
_CASE_WORDS = (
    ("placeringar-unga", ("famil", "placer", "hvb")),
    ("arbetsmarknad-etablering", ("jobb", "etabl", "arbets", "nyanl")),
    ("tidiga-insatser-skola", ("läs", "skol", "elev")),
)


def case_for(initiative: Initiative) -> DesignCase:
    title = initiative.title.lower()
    for key, words in _CASE_WORDS:
        if any(word in title for word in words):
            return CASES[key]
    return CASES["tidiga-insatser-skola"]


def _section(initiative: Initiative, model: Any, **values: Any) -> None:
    if not model._default_manager.filter(initiative=initiative).exists():
        services.section_save(actor=None, initiative=initiative, model=model, **values)


def _logic_model(initiative: Initiative, case: DesignCase, *, detailed: bool) -> None:
    if LogicElement.objects.filter(initiative=initiative).exists():
        return
    for level, text, assumptions, indicators in case.elements:
        element = services.logic_element_create(
            actor=None,
            initiative=initiative,
            level=level,
            text=text,
            assumptions=assumptions if detailed else "",
        )
        for values in indicators if detailed else []:
            indicator = services.indicator_create(actor=None, element=element, **values)
            success = case.success_criteria.get(indicator.name)
            if success is not None:
                services.design_record_create(
                    actor=None,
                    initiative=initiative,
                    instance=SuccessCriterion(
                        indicator=indicator,
                        minimum_effect=success[0],
                        description=success[1],
                        agreed_by="Projektägaren och styrgruppen",
                    ),
                )


def _rows(initiative: Initiative, model: Any, rows: list[dict[str, Any]]) -> None:
    if model._default_manager.filter(initiative=initiative).exists():
        return
    for values in rows:
        if model is Risk:
            services.risk_create(actor=None, initiative=initiative, **values)
        else:
            services.design_record_create(
                actor=None, initiative=initiative, instance=model(initiative=initiative, **values)
            )


#: An idea has only the simplified logic model and its target group (004 §4); the detailed
#: model, evaluation design, risks and plans belong to the project plan (004 §5).
IDEA_STATES = frozenset({S.IDEA_DRAFT, S.IDEA_SUBMITTED, S.IDEA_REJECTED})


@transaction.atomic
def seed_design_for(initiative: Initiative) -> None:
    """Give ``initiative`` the demo design of its example case, keeping what already exists."""
    case = case_for(initiative)
    detailed = initiative.state not in IDEA_STATES
    _section(initiative, LogicModel, purpose=case.purpose)
    _logic_model(initiative, case, detailed=detailed)
    _section(initiative, TargetGroup, **case.target_group)
    if not detailed:
        return
    _section(initiative, ComparisonDesign, **case.comparison)
    _section(initiative, FollowUpPlan, **case.follow_up)
    _section(initiative, ImpactStatement, **case.impact)
    _section(initiative, ImplementationOutline, **case.implementation)
    committee = initiative.organization.committees.filter(name=case.owner_committee).first()
    _section(
        initiative,
        ProjectOrganisation,
        owner_committee=committee,
        **case.organisation,
    )
    _rows(initiative, Risk, case.risks)
    _rows(initiative, StopCriterion, case.stop_criteria)
    _rows(initiative, Stakeholder, case.stakeholders)
    _rows(initiative, CommunicationItem, case.communication)


def seed_design_for_organization(organization: Organization) -> int:
    """Seed every initiative of the (demo) organisation; returns how many were handled."""
    initiatives = list(Initiative.objects.filter(organization=organization))
    for initiative in initiatives:
        seed_design_for(initiative)
    return len(initiatives)
