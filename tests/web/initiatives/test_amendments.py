"""An amendment (ändringsansökan) to an approved initiative: it opens the application again,
goes back through the rule set's steps and is decided as a second decision with its own frozen
documents; a rejection returns to the decided version (issue 8 item 1)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from sikt.web import policy
from sikt.web.accounts.models import Organization, Role, User
from sikt.web.audit.models import AuditEntry
from sikt.web.calculations import builder
from sikt.web.calculations.models import Calculation, TypeCaseSource
from sikt.web.calculations.services import calculation_save_case
from sikt.web.design.models import Level, LogicElement, LogicModel, Risk
from sikt.web.design.services import (
    design_record_update,
    logic_element_create,
    risk_create,
    section_save,
)
from sikt.web.initiatives.models import Amendment, Decision, Initiative
from sikt.web.initiatives.selectors import current_grant
from sikt.web.initiatives.services import (
    TransitionRefused,
    amendment_step,
    initiative_update,
    ruleset_save,
)
from sikt.web.initiatives.states import AmendmentPath, AmendmentState, InitiativeState
from sikt.web.reports.models import StoredDocument
from sikt.web.reports.portfolio import Filters, portfolio_for
from tests.web.conftest import login
from tests.web.initiatives.conftest import member
from tests.web.reports.conftest import complete_initiative
from tests.web.reports.test_stored_documents import approve

#: A unit cost of the organisation's library (the worked examples put it there).
HVB = "hvb_cura_institutionsvard_2025"

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("all_requirements_met")]

A = AmendmentState


@pytest.fixture
def approved(organization: Organization) -> Initiative:
    initiative = complete_initiative(organization)
    approve(initiative)
    initiative.refresh_from_db()
    return initiative


def people(organization: Organization) -> dict[str, User]:
    return {
        "applicant": member(organization, Role.APPLICANT),
        "steering": member(organization, Role.STEERING_GROUP),
        "board": member(organization, Role.DECISION_MAKER),
    }


def add_cost(user: User, initiative: Initiative, amount: float) -> Calculation:
    calculation = Calculation.objects.get(initiative=initiative)
    bearer = builder.bearer_choices(calculation.case)[0][0]
    data = builder.apply_cost(
        calculation.case, None, {"name": "Extra kostnad", "bearer": bearer, "amounts": [amount]}
    )
    return calculation_save_case(actor=user, initiative=initiative, data=data)


def step(user: User, initiative: Initiative, key: str, **fields: Any) -> Amendment:
    return amendment_step(actor=user, initiative=initiative, step_key=key, **fields)


def approve_amendment(who: dict[str, User], initiative: Initiative, amount: int) -> None:
    step(who["applicant"], initiative, "submit_amendment")
    step(who["steering"], initiative, "recommend_amendment", minute_reference="§ 50")
    step(
        who["board"],
        initiative,
        "approve_amendment",
        minute_reference="§ 160",
        grant_years={2025: amount},
        project_number="SI-2025-01",
    )


def test_an_amendment_opens_the_application_and_is_decided_again(
    organization: Organization, approved: Initiative
) -> None:
    who = people(organization)
    calculation = Calculation.objects.get(initiative=approved)
    first = Decision.objects.get(initiative=approved, transition="approve")
    first_pdf = bytes(StoredDocument.objects.get(decision=first, format="pdf").content)
    with pytest.raises(PermissionDenied):  # decided: read-only for everyone
        add_cost(who["applicant"], approved, 5_000_000)

    amendment = step(who["applicant"], approved, "open_amendment", reason="Större målgrupp.")
    assert amendment.state == A.DRAFT and amendment.base_decision == first
    assert policy.can(who["applicant"], policy.Action.CHANGE, calculation)
    add_cost(who["applicant"], approved, 5_000_000)
    initiative_update(actor=who["applicant"], initiative=approved, budget_summary="Fler team.")

    approve_amendment(who, approved, 3_000_000)
    approved.refresh_from_db()
    amendment.refresh_from_db()
    assert approved.state == InitiativeState.APPROVED  # the initiative kept its state
    assert amendment.state == A.APPROVED and amendment.closed_at is not None
    decisions = list(Decision.objects.filter(initiative=approved, amendment=amendment))
    assert [d.transition for d in decisions] == ["recommend_amendment", "approve_amendment"]
    grant = current_grant(approved)
    assert grant is not None and grant.decision == decisions[-1] and grant.total_sek == 3_000_000
    # Both decisions keep their own documents; the first one's bytes are unchanged.
    assert bytes(StoredDocument.objects.get(decision=first, format="pdf").content) == first_pdf
    second = StoredDocument.objects.get(decision=decisions[-1], format="pdf")
    assert bytes(second.content) != first_pdf
    # Decided again: read-only again.
    assert not policy.can(who["applicant"], policy.Action.CHANGE, calculation)


def design_of(initiative: Initiative) -> tuple[Any, ...]:
    """What a reader of the design sections sees: purpose, elements and risks."""
    return (
        LogicModel.objects.get(initiative=initiative).purpose,
        sorted(LogicElement.objects.filter(initiative=initiative).values_list("pk", "text")),
        sorted(Risk.objects.filter(initiative=initiative).values_list("pk", "description")),
    )


def edit_design(user: User, initiative: Initiative) -> None:
    section_save(actor=user, initiative=initiative, model=LogicModel, purpose="Ett nytt syfte.")
    logic_element_create(
        actor=user, initiative=initiative, level=Level.ACTIVITIES, text="Ny aktivitet"
    )
    risk = Risk.objects.filter(initiative=initiative).first()
    assert risk is not None
    design_record_update(actor=user, instance=risk, description="Ändrad risk.")
    risk_create(
        actor=user,
        initiative=initiative,
        description="Ny risk",
        probability=1,
        impact=1,
        action="Följ upp.",
        owner="Projektledaren",
    )


def test_a_rejected_amendment_restores_the_decided_design(
    organization: Organization, approved: Initiative
) -> None:
    who = people(organization)
    decided = design_of(approved)
    step(who["applicant"], approved, "open_amendment", reason="Nya aktiviteter.")
    edit_design(who["applicant"], approved)
    assert design_of(approved) != decided
    step(who["applicant"], approved, "submit_amendment")
    step(who["steering"], approved, "recommend_amendment")
    step(who["board"], approved, "reject_amendment", reason="Nej.")

    assert design_of(approved) == decided  # same rows (ids), same text
    actions = set(AuditEntry.objects.filter(actor=who["board"]).values_list("action", flat=True))
    assert {AuditEntry.Action.UPDATE, AuditEntry.Action.DELETE} <= actions


def test_a_draft_amendment_can_be_withdrawn_and_the_decided_version_returns(
    client: Client, organization: Organization, approved: Initiative
) -> None:
    who = people(organization)
    decided_design, summary = design_of(approved), approved.budget_summary
    decided_case = Calculation.objects.get(initiative=approved).case
    with pytest.raises(TransitionRefused):  # nothing to withdraw
        step(who["applicant"], approved, "withdraw_amendment")
    step(who["applicant"], approved, "open_amendment", reason="Fler skolor.")
    edit_design(who["applicant"], approved)
    add_cost(who["applicant"], approved, 5_000_000)
    initiative_update(actor=who["applicant"], initiative=approved, budget_summary="Fler team.")
    step(who["applicant"], approved, "submit_amendment")
    with pytest.raises(TransitionRefused):  # submitted: no longer the applicant's to withdraw
        step(who["applicant"], approved, "withdraw_amendment")
    step(who["steering"], approved, "return_amendment", reason="Komplettera.")
    with pytest.raises(PermissionDenied):
        step(who["board"], approved, "withdraw_amendment")

    login(client, who["applicant"])
    page = client.get(reverse("initiatives:detail", args=[approved.pk])).content.decode()
    assert "withdraw_amendment" in page
    response = client.post(
        reverse("initiatives:step", args=[approved.pk]),
        {"transition": "withdraw_amendment", "submitted": "1"},
    )
    assert response.status_code == 302
    amendment = Amendment.objects.get(initiative=approved)
    assert amendment.state == A.WITHDRAWN and amendment.closed_at is not None
    assert design_of(approved) == decided_design
    assert Calculation.objects.get(initiative=approved).case == decided_case
    approved.refresh_from_db()
    assert approved.budget_summary == summary and approved.state == InitiativeState.APPROVED
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.TRANSITION, changes__state=[A.DRAFT, A.WITHDRAWN]
    ).exists()
    # Decided again: read-only, and a new amendment may be opened.
    assert not policy.can(
        who["applicant"], policy.Action.CHANGE, Calculation.objects.get(initiative=approved)
    )
    assert step(who["applicant"], approved, "open_amendment", reason="Igen.").number == 2


def test_a_rejected_amendment_returns_to_the_decided_version(
    organization: Organization, approved: Initiative
) -> None:
    who = people(organization)
    before = Calculation.objects.get(initiative=approved)
    summary = approved.budget_summary
    step(who["applicant"], approved, "open_amendment", reason="Fler familjer.")
    add_cost(who["applicant"], approved, 5_000_000)
    initiative_update(actor=who["applicant"], initiative=approved, budget_summary="Fler team.")
    step(who["applicant"], approved, "submit_amendment")
    step(who["steering"], approved, "recommend_amendment")
    step(who["board"], approved, "reject_amendment", reason="Ryms inte i fonden.")

    after = Calculation.objects.get(initiative=approved)
    assert after.case == before.case and after.result == before.result
    assert after.repayment_plan == before.repayment_plan
    approved.refresh_from_db()
    assert approved.budget_summary == summary
    assert approved.state == InitiativeState.APPROVED
    grant = current_grant(approved)
    assert grant is not None and grant.decision.transition == "approve"
    rejection = Decision.objects.get(initiative=approved, transition="reject_amendment")
    assert StoredDocument.objects.filter(decision=rejection).count() == 2
    assert not policy.can(who["applicant"], policy.Action.CHANGE, after)


def test_the_steps_are_guarded_by_role_state_and_rule_set(
    organization: Organization, approved: Initiative
) -> None:
    who = people(organization)
    with pytest.raises(PermissionDenied):
        step(who["board"], approved, "open_amendment", reason="x")
    with pytest.raises(TransitionRefused):  # a reason is needed
        step(who["applicant"], approved, "open_amendment", reason="")
    step(who["applicant"], approved, "open_amendment", reason="Längre period.")
    with pytest.raises(TransitionRefused):  # one pending amendment at a time
        step(who["applicant"], approved, "open_amendment", reason="Till.")
    with pytest.raises(TransitionRefused):  # not submitted yet
        step(who["steering"], approved, "recommend_amendment")
    step(who["applicant"], approved, "submit_amendment")
    with pytest.raises(PermissionDenied):
        step(who["applicant"], approved, "approve_amendment", grant_years={2025: 1})
    with pytest.raises(TransitionRefused):  # the default path recommends first
        step(who["board"], approved, "reject_amendment", reason="Nej.")
    step(who["steering"], approved, "return_amendment", reason="Komplettera kalkylen.")
    assert Amendment.objects.get(initiative=approved).state == A.DRAFT

    # A rule set where the decision maker decides directly.
    ruleset_save(
        actor=None, organization=organization, amendment_path=AmendmentPath.DECIDE_DIRECTLY
    )
    step(who["applicant"], approved, "submit_amendment")
    step(who["board"], approved, "reject_amendment", reason="Nej.")
    assert Amendment.objects.get(initiative=approved).state == A.REJECTED


def test_an_initiative_not_yet_approved_cannot_be_amended(organization: Organization) -> None:
    initiative = complete_initiative(organization)  # recommended
    with pytest.raises(TransitionRefused):
        step(member(organization, Role.APPLICANT), initiative, "open_amendment", reason="x")


def test_the_pages_offer_the_steps_and_the_portfolio_shows_decided_and_pending(
    client: Client, organization: Organization, approved: Initiative
) -> None:
    who = people(organization)
    login(client, who["applicant"])
    page = client.get(reverse("initiatives:detail", args=[approved.pk])).content.decode()
    assert "open_amendment" in page
    response = client.post(
        reverse("initiatives:step", args=[approved.pk]),
        {"transition": "open_amendment", "submitted": "1", "reason": "Fler skolor."},
    )
    assert response.status_code == 302
    page = client.get(reverse("initiatives:detail", args=[approved.pk])).content.decode()
    assert "Fler skolor." in page and "submit_amendment" in page

    decided = portfolio_for(who["board"], organization, Filters()).rows[0].expected_npv
    add_cost(who["applicant"], approved, 5_000_000)
    row = next(
        r for r in portfolio_for(who["board"], organization, Filters()).rows if r.pk == approved.pk
    )
    assert row.expected_npv == decided
    assert row.pending_amendment == 1
    assert row.pending_npv is not None and decided is not None and row.pending_npv < decided
    portfolio = client.get(reverse("reports:portfolio")).content.decode()
    assert "pending-amendment" in portfolio


def _with_type_case(calculation: Calculation, name: str) -> dict[str, Any]:
    bearer = builder.bearer_choices(calculation.case)[0][0]
    values = {"name": name, "confidence": "C", "persons_per_year": [4.0]}
    line = {"unit_cost": HVB, "without": [100.0], "with": [20.0], "split": {bearer: 1.0}}
    return builder.apply_type_case(calculation.case, None, values, [line])


def _copied_from_shared_model(calculation: Calculation, name: str) -> TypeCaseSource:
    """The provenance :func:`sikt.web.calculations.services.type_case_copy` records for a type
    case copied from a shared model: the calculation's last type case."""
    calculation.refresh_from_db()
    return TypeCaseSource.objects.create(
        calculation=calculation,
        key=calculation.case["type_cases"][-1]["key"],
        name=name,
        publisher_name="Region Exempel",
        model_title="Familjestöd",
        version_number=2,
    )


def test_a_rejected_amendment_brings_back_the_decided_type_cases_provenance(
    organization: Organization,
) -> None:
    initiative = complete_initiative(organization)
    who = people(organization)
    calculation = Calculation.objects.get(initiative=initiative)
    # Recommended, the calculation is locked for its users: the type case is put in directly.
    Calculation.objects.filter(pk=calculation.pk).update(
        case=_with_type_case(calculation, "Ung som slipper HVB")
    )
    decided = _copied_from_shared_model(calculation, "Ung som slipper HVB")
    approve(initiative)
    step(who["applicant"], initiative, "open_amendment", reason="Byt typfall.")
    calculation.refresh_from_db()
    without = {**calculation.case, "type_cases": []}
    calculation_save_case(actor=who["applicant"], initiative=initiative, data=without)
    assert not TypeCaseSource.objects.filter(pk=decided.pk).exists()
    calculation.refresh_from_db()
    calculation_save_case(
        actor=who["applicant"],
        initiative=initiative,
        data=_with_type_case(calculation, "Familj som klarar sig"),
    )
    added = _copied_from_shared_model(calculation, "Familj som klarar sig")
    step(who["applicant"], initiative, "submit_amendment")
    step(who["steering"], initiative, "recommend_amendment")
    step(who["board"], initiative, "reject_amendment", reason="Nej.")

    (source,) = TypeCaseSource.objects.filter(calculation__initiative=initiative)
    assert (source.key, source.name, source.model_title, source.version_number) == (
        decided.key,
        "Ung som slipper HVB",
        "Familjestöd",
        2,
    )
    assert source.key != added.key
    assert AuditEntry.objects.filter(
        action="delete", object_repr=str(added), note__startswith="Kalkylen återställd"
    ).exists()
