"""The checklist links every item to where it is fixed, and a base criterion that a part of the
plan backs cannot be marked as met while that part is missing (issue 8 item 10)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from sikt.web.accounts.models import Organization, Role
from sikt.web.design.models import ImpactStatement
from sikt.web.initiatives import requirements
from sikt.web.initiatives.models import CriterionAssessment, Initiative
from sikt.web.initiatives.services import criteria_assess
from sikt.web.initiatives.states import InitiativeState
from sikt.web.initiatives.workflow import TRANSITIONS
from tests.web.conftest import login
from tests.web.initiatives.conftest import member, set_state

pytestmark = pytest.mark.django_db

IMPACT = "En konsekvensbeskrivning utifrån ett jämställdhets- och barnperspektiv finns"


def test_every_requirement_of_the_workflow_has_a_page_that_fixes_it(
    initiative: Initiative,
) -> None:
    keys = {key for transition in TRANSITIONS for key in transition.requirements}
    assert keys <= set(requirements.LINKS)
    for key in keys:  # every link resolves
        assert reverse(requirements.LINKS[key], args=[initiative.pk])


def test_the_checklist_items_link_to_their_sections(client: Client, initiative: Initiative) -> None:
    set_state(initiative, InitiativeState.PLAN_DRAFT)
    login(client, member(initiative.organization, Role.APPLICANT))
    page = client.get(reverse("initiatives:detail", args=[initiative.pk])).content.decode()
    for url_name in ("design:logic-model", "calculations:for-initiative", "initiatives:plan-edit"):
        assert f'href="{reverse(url_name, args=[initiative.pk])}"' in page


def test_a_criterion_backed_by_an_empty_impact_statement_cannot_be_met(
    organization: Organization, initiative: Initiative
) -> None:
    set_state(initiative, InitiativeState.STEERING_REVIEW)
    steering = member(organization, Role.STEERING_GROUP)
    with pytest.raises(ValidationError) as refused:
        criteria_assess(
            actor=steering, initiative=initiative, assessments=[(IMPACT, True, "Finns.")]
        )
    assert "konsekvensbeskrivning" in str(refused.value).lower()
    assert "saknas" in str(refused.value)
    assert not CriterionAssessment.objects.filter(initiative=initiative).exists()

    # Not met is always allowed; met once the statement is written.
    criteria_assess(actor=steering, initiative=initiative, assessments=[(IMPACT, False, "Saknas.")])
    ImpactStatement.objects.create(
        initiative=initiative, gender_equality="Flickor och pojkar …", child="Barnets bästa …"
    )
    criteria_assess(actor=steering, initiative=initiative, assessments=[(IMPACT, True, "Finns.")])
    assert CriterionAssessment.objects.get(initiative=initiative).is_met


def test_the_criteria_page_says_which_part_is_missing(
    client: Client, organization: Organization, initiative: Initiative
) -> None:
    set_state(initiative, InitiativeState.STEERING_REVIEW)
    login(client, member(organization, Role.STEERING_GROUP))
    url = reverse("initiatives:criteria", args=[initiative.pk])
    criteria = client.get(url).context["form"].criteria
    index = criteria.index(IMPACT)
    response = client.post(url, {f"met_{index}": "on", f"justification_{index}": "Finns."})
    assert response.status_code == 200
    page = response.content.decode()
    assert "kan inte markeras som uppfyllt" in page
