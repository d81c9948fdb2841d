"""The design requirements of a complete plan: met and unmet, with what is missing in words."""

from __future__ import annotations

import pytest

from sikt.web.accounts.models import Organization
from sikt.web.audit import services as audit
from sikt.web.design.models import (
    ComparisonDesign,
    DesignKind,
    FollowUpPlan,
    ImplementationOutline,
    Level,
    LogicModel,
    ProjectOrganisation,
)
from sikt.web.design.requirements import DESIGN_REQUIREMENTS, design_requirements_for
from sikt.web.initiatives.models import Initiative
from tests.web.factories import make_committee, make_indicator, make_logic_element

pytestmark = pytest.mark.django_db


def _status(initiative: Initiative) -> dict[str, list[str]]:
    return {
        report.requirement.key: report.missing for report in design_requirements_for(initiative)
    }


def test_the_agreed_keys() -> None:
    assert [requirement.key for requirement in DESIGN_REQUIREMENTS] == [
        "logic_model_with_indicators",
        "follow_up_and_evaluation_plan",
        "implementation_and_maintenance_plan",
        "project_organisation",
    ]


def test_nothing_is_met_for_a_new_initiative(initiative: Initiative) -> None:
    status = _status(initiative)
    assert all(status.values())
    assert not any(requirement.check(initiative) for requirement in DESIGN_REQUIREMENTS)
    assert "Inga resurser är beskrivna." in status["logic_model_with_indicators"]


def test_logic_model_with_indicators(organization: Organization, initiative: Initiative) -> None:
    check = DESIGN_REQUIREMENTS[0]
    audit.create(None, LogicModel(initiative=initiative, purpose="Fler läser"))
    elements = {
        level: make_logic_element(organization, level, initiative=initiative) for level in Level
    }
    missing = check.missing(initiative)
    assert f"”{elements[Level.SHORT_TERM].text}” har ingen indikator." in missing
    assert "Ingen aktivitet har något processmått." in missing
    make_indicator(organization, element=elements[Level.SHORT_TERM])
    make_indicator(organization, element=elements[Level.LONG_TERM])
    assert not check.check(initiative)
    make_indicator(organization, element=elements[Level.ACTIVITIES])
    assert check.check(initiative)


def test_follow_up_needs_a_plan_and_a_comparison(initiative: Initiative) -> None:
    check = DESIGN_REQUIREMENTS[1]
    audit.create(
        None,
        FollowUpPlan(
            initiative=initiative,
            measurement_plan="Löpande",
            evaluation_questions="Fungerade det?",
            reporting_frequency="interim",
            responsible="Projektledaren",
        ),
    )
    assert check.missing(initiative) == ["Inget jämförelsealternativ är valt."]
    audit.create(
        None,
        ComparisonDesign(
            initiative=initiative,
            kind=DesignKind.BEFORE_AFTER,
            rationale="Ingen grupp",
            baseline_plan="Mätning i augusti",
        ),
    )
    assert check.check(initiative)


def test_implementation_plan(initiative: Initiative) -> None:
    check = DESIGN_REQUIREMENTS[2]
    assert not check.check(initiative)
    audit.create(
        None,
        ImplementationOutline(
            initiative=initiative,
            ordinary_operations="Elevhälsan",
            financing="Inom ram",
            maintenance="Fortbildning",
            replaces="Sena insatser",
        ),
    )
    assert check.check(initiative)


def test_project_organisation_needs_committee_owner_and_leader(
    organization: Organization, initiative: Initiative
) -> None:
    check = DESIGN_REQUIREMENTS[3]
    organisation = audit.create(None, ProjectOrganisation(initiative=initiative))
    assert len(check.missing(initiative)) == 3
    audit.update(
        None,
        organisation,
        owner_committee=make_committee(organization),
        owner_name="Förvaltningschef",
        leader_name="Petra",
    )
    assert check.check(initiative)
