"""The transition table: every state is reachable, every step is guarded by role, state and
requirements, and each step is recorded (audit entry, decision, frozen version)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from sikt.web.accounts.models import Organization, Role
from sikt.web.audit.models import AuditEntry
from sikt.web.initiatives.models import Decision, Initiative
from sikt.web.initiatives.requirements import AGREED_LABELS
from sikt.web.initiatives.services import TransitionRefused, initiative_transition
from sikt.web.initiatives.states import InitiativeState, Process
from sikt.web.initiatives.workflow import TRANSITIONS, TRANSITIONS_BY_KEY, Transition
from tests.web.initiatives.conftest import member, set_state

S = InitiativeState


def reachable(process: str | None) -> set[str]:
    seen, frontier = {S.IDEA_DRAFT.value}, [S.IDEA_DRAFT.value]
    while frontier:
        state = frontier.pop()
        for transition in TRANSITIONS:
            takeable = process is None or transition.applies_to(process)
            if state in transition.sources and takeable and transition.target not in seen:
                seen.add(transition.target)
                frontier.append(transition.target)
    return seen


def test_every_state_is_reachable_from_idea_draft_in_the_two_stage_process() -> None:
    assert reachable(Process.TWO_STAGE) == {state.value for state in S}


def test_one_stage_process_skips_the_idea_assessment_but_reaches_every_later_state() -> None:
    found = reachable(Process.ONE_STAGE)
    assert {S.IDEA_SUBMITTED, S.IDEA_CLEARED, S.IDEA_REJECTED}.isdisjoint(found)
    assert found == {state.value for state in S} - {
        S.IDEA_SUBMITTED,
        S.IDEA_CLEARED,
        S.IDEA_REJECTED,
    }


def test_table_is_consistent() -> None:
    assert len(TRANSITIONS_BY_KEY) == len(TRANSITIONS)
    for transition in TRANSITIONS:
        assert transition.roles, transition.key
        assert transition.target not in transition.sources, transition.key
        assert set(transition.requirements) <= set(AGREED_LABELS), transition.key
    submit_plan = TRANSITIONS_BY_KEY["submit_plan"]
    for key in (
        "logic_model_with_indicators",
        "cost_benefit_calculation",
        "follow_up_and_evaluation_plan",
        "repayment_plan",
        "implementation_and_maintenance_plan",
        "project_organisation",
        "time_period",
        "named_owners",
    ):
        assert key in submit_plan.requirements


def _source(transition: Transition) -> str:
    return sorted(transition.sources)[0]


def _fields(transition: Transition) -> dict[str, object]:
    fields: dict[str, object] = {"reason": "Motivering"} if transition.needs_reason else {}
    if transition.grants:
        fields.update(grant_years={2027: 500_000}, project_number="SI-2027-01")
    return fields


@pytest.mark.usefixtures("all_requirements_met")
@pytest.mark.parametrize("transition", TRANSITIONS, ids=lambda t: t.key)
def test_each_step_is_refused_for_every_role_not_in_the_table(
    organization: Organization, initiative: Initiative, transition: Transition
) -> None:
    if transition.process == Process.ONE_STAGE:
        from sikt.web.initiatives.services import ruleset_save

        ruleset_save(actor=None, organization=organization, process=Process.ONE_STAGE)
    for role in set(Role) - transition.roles:
        set_state(initiative, _source(transition))
        with pytest.raises(PermissionDenied):
            initiative_transition(
                actor=member(organization, role),
                initiative=initiative,
                transition_key=transition.key,
                **_fields(transition),
            )
        initiative.refresh_from_db()
        assert initiative.state == _source(transition)
    allowed = member(organization, *transition.roles)
    initiative_transition(
        actor=allowed, initiative=initiative, transition_key=transition.key, **_fields(transition)
    )
    initiative.refresh_from_db()
    assert initiative.state == transition.target
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.TRANSITION).latest("id")
    assert entry.changes == {"state": [_source(transition), transition.target]}
    assert entry.actor == allowed
    assert Decision.objects.filter(initiative=initiative).exists() == transition.needs_decision


@pytest.mark.usefixtures("all_requirements_met")
@pytest.mark.parametrize("transition", TRANSITIONS, ids=lambda t: t.key)
def test_each_step_is_refused_from_a_wrong_state(
    organization: Organization, initiative: Initiative, transition: Transition
) -> None:
    actor = member(organization, *Role)
    for state in set(S) - transition.sources:
        set_state(initiative, state)
        with pytest.raises(TransitionRefused):
            initiative_transition(
                actor=actor,
                initiative=initiative,
                transition_key=transition.key,
                **_fields(transition),
            )
        initiative.refresh_from_db()
        assert initiative.state == state


def test_steps_with_requirements_are_refused_while_one_is_unmet(
    organization: Organization, initiative: Initiative
) -> None:
    actor = member(organization, *Role)
    for transition in TRANSITIONS:
        if not transition.requirements:
            continue
        set_state(initiative, _source(transition))
        with pytest.raises(TransitionRefused):
            initiative_transition(actor=actor, initiative=initiative, transition_key=transition.key)
        initiative.refresh_from_db()
        assert initiative.state == _source(transition)


@pytest.mark.usefixtures("all_requirements_met")
def test_a_reason_is_required_where_the_table_says_so(
    organization: Organization, initiative: Initiative
) -> None:
    set_state(initiative, S.IDEA_SUBMITTED)
    with pytest.raises(TransitionRefused) as refused:
        initiative_transition(
            actor=member(organization, Role.MANAGEMENT_GROUP),
            initiative=initiative,
            transition_key="reject_idea",
            reason="  ",
        )
    assert "reason" in refused.value.message_dict
    initiative.refresh_from_db()
    assert initiative.state == S.IDEA_SUBMITTED
    assert not Decision.objects.exists()


@pytest.mark.usefixtures("all_requirements_met")
def test_board_decision_records_date_body_paragraph_and_registration_number(
    organization: Organization, initiative: Initiative
) -> None:
    set_state(initiative, S.RECOMMENDED)
    initiative_transition(
        actor=member(organization, Role.DECISION_MAKER),
        initiative=initiative,
        transition_key="approve",
        decided_on=dt.date(2026, 11, 18),
        minute_reference="§ 212",
        registration_number="KSN-2026-0412",
        reason="Uppfyller grundkriterierna.",
        grant_years={2027: 500_000},
        project_number="SI-2026-12",
    )
    decision = Decision.objects.get()
    assert decision.body == "executive_board"
    assert decision.outcome == S.APPROVED
    assert decision.decided_on == dt.date(2026, 11, 18)
    assert (decision.minute_reference, decision.registration_number) == ("§ 212", "KSN-2026-0412")
    assert decision.reason == "Uppfyller grundkriterierna."


@pytest.mark.usefixtures("all_requirements_met")
def test_a_decision_cannot_be_dated_in_the_future(
    organization: Organization, initiative: Initiative
) -> None:
    set_state(initiative, S.RECOMMENDED)
    with pytest.raises(TransitionRefused):
        initiative_transition(
            actor=member(organization, Role.DECISION_MAKER),
            initiative=initiative,
            transition_key="approve",
            decided_on=dt.date.today() + dt.timedelta(days=30),
        )
    initiative.refresh_from_db()
    assert initiative.state == S.RECOMMENDED and not Decision.objects.exists()


def test_unknown_step_is_refused(organization: Organization, initiative: Initiative) -> None:
    with pytest.raises(TransitionRefused):
        initiative_transition(
            actor=member(organization, *Role), initiative=initiative, transition_key="teleport"
        )
