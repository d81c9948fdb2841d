"""What a decision freezes of the calculation, the decided repayment plan the fund reads, and a
review that belongs to the version it reviewed (issue 8 item 1)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sikt.web.accounts.models import Organization, Role
from sikt.web.calculations import builder
from sikt.web.calculations.frozen import decided_calculation, frozen_for_decision
from sikt.web.calculations.models import Calculation
from sikt.web.calculations.selectors import (
    RepaymentLine,
    decided_repayment_plan,
    decided_repayment_plans,
    latest_result_for,
)
from sikt.web.calculations.services import calculation_review, calculation_save_case
from sikt.web.initiatives import requirements
from sikt.web.initiatives.models import Decision, Initiative
from sikt.web.initiatives.services import initiative_transition, ruleset_save
from sikt.web.initiatives.states import InitiativeState, RepaymentModel
from tests.web.conftest import login
from tests.web.factories import make_calculation, make_user
from tests.web.initiatives.conftest import set_state

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("all_requirements_met")]

S = InitiativeState


@pytest.fixture
def all_requirements_met(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every workflow requirement met, whatever the data (to test what a decision keeps)."""
    registry = {
        key: requirements.Requirement(key, label, lambda initiative: True)
        for key, label in requirements.AGREED_LABELS.items()
    }
    monkeypatch.setattr(requirements, "_REGISTRY", registry)


def _approve(initiative: Initiative, amount: int = 2_000_000, number: str = "SI-2026-01") -> None:
    set_state(initiative, S.RECOMMENDED)
    initiative_transition(
        actor=make_user(initiative.organization, Role.DECISION_MAKER),
        initiative=initiative,
        transition_key="approve",
        grant_years={2026: amount},
        project_number=number,
    )


def _add_cost(calculation: Calculation, amount: float) -> Calculation:
    """What an applicant did in the issue: add a 5 MSEK cost after the decision."""
    bearer = builder.bearer_choices(calculation.case)[0][0]
    data = builder.apply_cost(
        calculation.case,
        None,
        {"name": "Extra kostnad", "bearer": bearer, "amounts": [amount]},
    )
    initiative = calculation.initiative
    applicant = make_user(initiative.organization, Role.APPLICANT)
    return calculation_save_case(actor=applicant, initiative=initiative, data=data)


def test_the_approval_freezes_inputs_results_and_the_repayment_plan(
    organization: Organization,
) -> None:
    calculation = make_calculation(organization)
    _approve(calculation.initiative)
    frozen = decided_calculation(calculation.initiative)
    assert frozen is not None
    assert frozen["case"] == calculation.case
    assert frozen["result"] == calculation.result
    assert frozen["monte_carlo"] == calculation.monte_carlo
    assert frozen["repayment_plan"] == calculation.repayment_plan
    assert frozen["review"] is None


def test_the_decided_repayment_plan_is_the_frozen_one_per_committee_and_year(
    organization: Organization,
) -> None:
    calculation = make_calculation(organization)
    initiative = calculation.initiative
    assert decided_repayment_plan(initiative) == []  # nothing approved yet
    _approve(initiative)
    lines = decided_repayment_plan(initiative)
    plan = calculation.repayment_plan
    expected_total = Decimal(str(round(plan["repaid_total"], 2)))
    assert abs(sum(line.amount_sek for line in lines) - expected_total) < Decimal("0.05")
    committees = dict(organization.committees.values_list("pk", "name"))
    social = next(line for line in lines if line.committee_name == "Socialnämnden")
    assert committees[social.committee_id] == "Socialnämnden"
    assert all(isinstance(line, RepaymentLine) and line.amount_sek > 0 for line in lines)
    years = plan["years"]
    index = years.index(social.year)
    assert float(social.amount_sek) == pytest.approx(
        plan["repayments"]["socialnamnden"][index], abs=0.01
    )

    # Whatever happens to the live calculation later, the decided plan stays.
    Calculation.objects.filter(pk=calculation.pk).update(repayment_plan={}, case={})
    assert decided_repayment_plan(initiative) == lines


def test_the_plans_of_many_initiatives_take_as_many_queries_as_of_one(
    organization: Organization,
) -> None:
    initiatives = [make_calculation(organization).initiative for _ in range(3)]
    for number, initiative in enumerate(initiatives[:2], start=1):
        _approve(initiative, number=f"SI-2026-{number:02d}")
    with CaptureQueriesContext(connection) as one:
        decided_repayment_plans(initiatives[:1])
    with CaptureQueriesContext(connection) as three:
        plans = decided_repayment_plans(initiatives)
    assert len(three) == len(one) == 3
    assert set(plans) == {initiatives[0].pk, initiatives[1].pk}  # the third is not approved
    assert all(plans[i.pk] == decided_repayment_plan(i) for i in initiatives[:2])
    assert plans[initiatives[0].pk]


def test_no_repayment_plan_under_a_rule_set_without_repayment(
    organization: Organization,
) -> None:
    calculation = make_calculation(organization)
    _approve(calculation.initiative)
    ruleset_save(actor=None, organization=organization, repayment_model=RepaymentModel.NONE)
    assert decided_repayment_plan(calculation.initiative) == []


def test_each_decision_keeps_the_calculation_as_it_was_then(organization: Organization) -> None:
    calculation = make_calculation(organization)
    initiative = calculation.initiative
    set_state(initiative, S.STEERING_REVIEW)
    initiative_transition(
        actor=make_user(organization, Role.STEERING_GROUP),
        initiative=initiative,
        transition_key="recommend",
    )
    recommended = Decision.objects.get(initiative=initiative)
    before = frozen_for_decision(recommended)
    with pytest.raises(PermissionDenied):  # the recommended application is read-only
        _add_cost(calculation, 5_000_000)
    set_state(initiative, S.PLAN_DRAFT)  # returned for completion: open again
    _add_cost(calculation, 5_000_000)
    recommended.refresh_from_db()
    assert frozen_for_decision(recommended) == before
    assert before is not None and before["content_hash"] != _hash(initiative)


def _hash(initiative: Initiative) -> str:
    from sikt.web.calculations.frozen import calculation_hash

    return calculation_hash(Calculation.objects.get(initiative=initiative))


def test_an_edit_after_the_review_clears_reviewed(
    client: Client, organization: Organization
) -> None:
    calculation = make_calculation(organization)
    economist = make_user(organization, Role.ECONOMIST)
    calculation_review(
        actor=economist, calculation=calculation, verdict="reviewed", comment="Rimliga antaganden."
    )
    login(client, make_user(organization, Role.VIEWER))
    url = reverse("calculations:detail", args=[calculation.pk])
    page = client.get(url).content.decode()
    assert "Granskad – inga invändningar" in page

    _add_cost(calculation, 300_000)
    stored = latest_result_for(calculation.initiative)
    assert stored is not None and stored.latest_review is None
    assert stored.outdated_review is not None
    page = client.get(url).content.decode()
    assert "Ändrad sedan ekonomens granskning" in page
    assert 'badge-ok">Granskad' not in page


def test_a_decision_keeps_whether_the_review_was_of_the_decided_version(
    organization: Organization,
) -> None:
    calculation = make_calculation(organization)
    calculation_review(
        actor=make_user(organization, Role.ECONOMIST),
        calculation=calculation,
        verdict="reviewed",
        comment="OK.",
    )
    _add_cost(calculation, 100_000)
    _approve(calculation.initiative)
    frozen: dict[str, Any] | None = decided_calculation(calculation.initiative)
    assert frozen is not None and frozen["review"]["applies"] is False
