"""Writes go through services: permission by role and state, audit, nothing saved on error."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sikt.web.accounts.models import Organization, Role, User
from sikt.web.audit.models import AuditEntry
from sikt.web.design import rules, services
from sikt.web.design.models import (
    ComparisonDesign,
    DesignKind,
    Indicator,
    Level,
    LogicElement,
    Risk,
    SuccessCriterion,
    TargetGroup,
)
from sikt.web.initiatives.models import Initiative
from sikt.web.initiatives.states import InitiativeState as S
from tests.web.design.conftest import set_state
from tests.web.factories import make_indicator, make_logic_element, make_user

pytestmark = pytest.mark.django_db


def test_element_and_indicator_are_created_with_an_audit_record(
    initiative: Initiative, applicant: User
) -> None:
    element = services.logic_element_create(
        actor=applicant, initiative=initiative, level=Level.ACTIVITIES, text="Lässtunder"
    )
    second = services.logic_element_create(
        actor=applicant, initiative=initiative, level=Level.ACTIVITIES, text="Föräldraträffar"
    )
    assert (element.position, second.position) == (1, 2)
    indicator = services.indicator_create(
        actor=applicant,
        element=element,
        name="Antal genomförda lässtunder",
        unit="antal",
        frequency="monthly",
        data_source="Närvarolistor",
    )
    assert indicator.kind == "process"
    entry = AuditEntry.objects.get(
        object_id=str(indicator.pk),
        content_type__model="indicator",
        action=AuditEntry.Action.CREATE,
    )
    assert entry.actor == applicant
    assert entry.changes["unit"] == [None, "antal"]


def test_invalid_indicator_saves_nothing(initiative: Initiative, applicant: User) -> None:
    element = services.logic_element_create(
        actor=applicant, initiative=initiative, level=Level.SHORT_TERM, text="Bättre läsförmåga"
    )
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as caught:
        services.indicator_create(
            actor=applicant,
            element=element,
            name="Läsförmåga",
            unit="",
            frequency="yearly",
            data_source="Screening",
        )
    assert "unit" in caught.value.message_dict
    assert not Indicator.objects.exists()
    assert AuditEntry.objects.count() == before


def test_viewer_may_not_write(initiative: Initiative, viewer: User) -> None:
    with pytest.raises(PermissionDenied):
        services.logic_element_create(
            actor=viewer, initiative=initiative, level=Level.RESOURCES, text="Pengar"
        )
    assert not LogicElement.objects.exists()


@pytest.mark.parametrize("role", [Role.APPLICANT, Role.PROJECT_LEADER, Role.COORDINATOR])
def test_editors_by_role(organization: Organization, initiative: Initiative, role: Role) -> None:
    assert rules.can_edit(make_user(organization, role), initiative, Indicator)


@pytest.mark.parametrize(
    "role", [Role.VIEWER, Role.ECONOMIST, Role.STEERING_GROUP, Role.DECISION_MAKER]
)
def test_readers_by_role(organization: Organization, initiative: Initiative, role: Role) -> None:
    assert not rules.can_edit(make_user(organization, role), initiative, Indicator)


def test_user_of_another_organization_may_not_write(
    initiative: Initiative, other_organization: Organization
) -> None:
    outsider = make_user(other_organization, Role.APPLICANT, Role.COORDINATOR)
    with pytest.raises(PermissionDenied):
        services.risk_create(
            actor=outsider,
            initiative=initiative,
            description="x",
            probability=1,
            impact=1,
            action="x",
            owner="x",
        )


def test_submitted_plan_is_frozen_until_returned(initiative: Initiative, applicant: User) -> None:
    element = make_logic_element(initiative.organization, initiative=initiative)
    set_state(initiative, S.PLAN_SUBMITTED)
    with pytest.raises(PermissionDenied):
        services.design_record_update(actor=applicant, instance=element, text="Ändrat")
    assert "komplettering" in rules.frozen_reason(initiative, LogicElement)
    set_state(initiative, S.PLAN_DRAFT)  # the steering group returned it for completion
    services.design_record_update(actor=applicant, instance=element, text="Ändrat")
    element.refresh_from_db()
    assert element.text == "Ändrat"


def test_working_documents_stay_editable_while_running(
    initiative: Initiative, applicant: User
) -> None:
    set_state(initiative, S.RUNNING)
    risk = services.risk_create(
        actor=applicant,
        initiative=initiative,
        description="Hög personalomsättning",
        probability=2,
        impact=3,
        action="Dubbelbemanna nyckelroller",
        owner="Projektledaren",
    )
    assert risk.number == 1
    with pytest.raises(PermissionDenied):
        services.logic_element_create(
            actor=applicant, initiative=initiative, level=Level.RESOURCES, text="Mer pengar"
        )


def test_success_criteria_and_comparison_are_read_only_once_approved(
    initiative: Initiative, applicant: User
) -> None:
    """They are agreed in the application; after approval a change is an amendment."""
    indicator = make_indicator(
        initiative.organization,
        element=make_logic_element(initiative.organization, initiative=initiative),
    )
    services.section_save(
        actor=applicant,
        initiative=initiative,
        model=ComparisonDesign,
        kind=DesignKind.MATCHING,
        rationale="Slumpning är inte möjlig mellan skolor",
        baseline_plan="Screening i augusti",
        baseline_by=dt.date(2026, 8, 31),
    )
    set_state(initiative, S.APPROVED)
    with pytest.raises(PermissionDenied, match="ändringsansökan"):
        services.design_record_create(
            actor=applicant,
            initiative=initiative,
            instance=SuccessCriterion(indicator=indicator, minimum_effect=Decimal("5")),
        )
    with pytest.raises(PermissionDenied):
        services.section_save(
            actor=applicant,
            initiative=initiative,
            model=ComparisonDesign,
            kind=DesignKind.BEFORE_AFTER,
            rationale="x",
            baseline_plan="x",
        )
    assert ComparisonDesign.objects.get().kind == DesignKind.MATCHING


def test_section_save_creates_then_updates(initiative: Initiative, applicant: User) -> None:
    services.section_save(
        actor=applicant, initiative=initiative, model=TargetGroup, description="Barn 6–7 år"
    )
    services.section_save(
        actor=applicant,
        initiative=initiative,
        model=TargetGroup,
        description="Barn 6–7 år i förskoleklass",
        age_from=6,
        age_to=7,
    )
    group = TargetGroup.objects.get()
    assert (group.age_from, group.age_to) == (6, 7)
    actions = list(
        AuditEntry.objects.filter(object_id=str(group.pk), content_type__model="targetgroup")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [AuditEntry.Action.CREATE, AuditEntry.Action.UPDATE]


def test_risk_numbers_are_unique_per_initiative(initiative: Initiative, applicant: User) -> None:
    values = {
        "description": "Risk",
        "probability": 1,
        "impact": 1,
        "action": "Åtgärd",
        "owner": "Ägare",
    }
    services.risk_create(actor=applicant, initiative=initiative, number=3, **values)
    with pytest.raises(ValidationError) as caught:
        services.risk_create(actor=applicant, initiative=initiative, number=3, **values)
    assert "number" in caught.value.message_dict
    assert services.risk_create(actor=applicant, initiative=initiative, **values).number == 4
    assert Risk.objects.count() == 2


def test_delete_is_recorded(initiative: Initiative, applicant: User) -> None:
    element = make_logic_element(initiative.organization, initiative=initiative)
    services.design_record_delete(actor=applicant, instance=element)
    assert not LogicElement.objects.exists()
    assert AuditEntry.objects.filter(action=AuditEntry.Action.DELETE).exists()
