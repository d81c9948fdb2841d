"""The lifecycle of an initiative as data: ONE table of transitions (DOMAIN §3.2, 003 steps 2–6).

Each :class:`Transition` says from which states it may be taken, the state it leads to, which
roles may take it, which named requirements (:mod:`sikt.web.initiatives.requirements`) must be
met first, whether a decision record (date, body, paragraph, diarienummer) is taken and whether
a reason must be given. The policy (:func:`sikt.web.policy.can_transition`) reads the roles from
here; the service :func:`sikt.web.initiatives.services.initiative_transition` checks the rest.

Like Hypha's workflow definitions, but with stable state ids and an explicit table instead of
phase names matched by substring (ARCHITECTURE.md, "Codebases worth learning from").
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sikt.web.accounts.models import Role
from sikt.web.initiatives.states import DecisionBody, InitiativeState, Process

S = InitiativeState

#: What must exist before a complete project plan may be submitted (003 step 4; issue 4 item 1).
PLAN_REQUIREMENTS: tuple[str, ...] = (
    "idea_description_complete",
    "project_plan_complete",
    "time_period",
    "named_owners",
    "partners_minimum",
    "funding_within_rules",
    "logic_model_with_indicators",
    "project_organisation",
    "follow_up_and_evaluation_plan",
    "implementation_and_maintenance_plan",
    "cost_benefit_calculation",
    "repayment_plan",
)

_APPLICANTS = frozenset({Role.APPLICANT, Role.COORDINATOR})


@dataclass(frozen=True)
class Transition:
    key: str
    label: Promise
    sources: frozenset[InitiativeState]
    target: InitiativeState
    roles: frozenset[Role]
    requirements: tuple[str, ...] = ()
    #: The body that decides; ``None`` when no decision record is taken.
    decision_body: DecisionBody | None = None
    needs_reason: bool = False
    #: Freeze the whole application as a version (submissions).
    freezes: bool = False
    #: Only in rule sets with this process; ``None`` means in both.
    process: Process | None = None
    #: The decision grants money: it records a :class:`~sikt.web.initiatives.models.Grant`
    #: (amount per year, conditions, project number).
    grants: bool = False

    @property
    def needs_decision(self) -> bool:
        return self.decision_body is not None

    @property
    def outcome(self) -> InitiativeState:
        """What a decision on this step records as decided: the state it leads to."""
        return self.target

    def applies_to(self, process: str) -> bool:
        return self.process is None or self.process == process


TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        "submit_idea",
        _("Submit the idea"),
        frozenset({S.IDEA_DRAFT}),
        S.IDEA_SUBMITTED,
        _APPLICANTS,
        requirements=("idea_description_complete",),
        freezes=True,
        process=Process.TWO_STAGE,
    ),
    Transition(
        "clear_idea",
        _("Clear the idea for a project plan"),
        frozenset({S.IDEA_SUBMITTED}),
        S.IDEA_CLEARED,
        frozenset({Role.MANAGEMENT_GROUP}),
        decision_body=DecisionBody.MANAGEMENT_GROUP,
        process=Process.TWO_STAGE,
    ),
    Transition(
        "reject_idea",
        _("Reject the idea"),
        frozenset({S.IDEA_SUBMITTED}),
        S.IDEA_REJECTED,
        frozenset({Role.MANAGEMENT_GROUP}),
        decision_body=DecisionBody.MANAGEMENT_GROUP,
        needs_reason=True,
        process=Process.TWO_STAGE,
    ),
    Transition(
        "start_plan",
        _("Start the project plan"),
        frozenset({S.IDEA_CLEARED}),
        S.PLAN_DRAFT,
        _APPLICANTS,
    ),
    Transition(
        "start_application",
        _("Write the complete application"),
        frozenset({S.IDEA_DRAFT}),
        S.PLAN_DRAFT,
        _APPLICANTS,
        process=Process.ONE_STAGE,
    ),
    Transition(
        "submit_plan",
        _("Submit the project plan"),
        frozenset({S.PLAN_DRAFT}),
        S.PLAN_SUBMITTED,
        _APPLICANTS,
        requirements=PLAN_REQUIREMENTS,
        freezes=True,
    ),
    Transition(
        "take_up_review",
        _("Take up for steering-group review"),
        frozenset({S.PLAN_SUBMITTED}),
        S.STEERING_REVIEW,
        frozenset({Role.COORDINATOR, Role.STEERING_GROUP}),
    ),
    Transition(
        "return_for_completion",
        _("Return for completion"),
        frozenset({S.PLAN_SUBMITTED, S.STEERING_REVIEW}),
        S.PLAN_DRAFT,
        frozenset({Role.COORDINATOR, Role.STEERING_GROUP}),
        needs_reason=True,
    ),
    Transition(
        "recommend",
        _("Recommend"),
        frozenset({S.STEERING_REVIEW}),
        S.RECOMMENDED,
        frozenset({Role.STEERING_GROUP}),
        requirements=("base_criteria_met",),
        decision_body=DecisionBody.STEERING_GROUP,
    ),
    Transition(
        "not_recommend",
        _("Do not recommend"),
        frozenset({S.STEERING_REVIEW}),
        S.NOT_RECOMMENDED,
        frozenset({Role.STEERING_GROUP}),
        decision_body=DecisionBody.STEERING_GROUP,
        needs_reason=True,
    ),
    Transition(
        "approve",
        _("Approve (board decision)"),
        frozenset({S.RECOMMENDED}),
        S.APPROVED,
        frozenset({Role.DECISION_MAKER}),
        decision_body=DecisionBody.EXECUTIVE_BOARD,
        grants=True,
    ),
    Transition(
        "reject",
        _("Reject (board decision)"),
        frozenset({S.RECOMMENDED, S.NOT_RECOMMENDED}),
        S.REJECTED,
        frozenset({Role.DECISION_MAKER}),
        decision_body=DecisionBody.EXECUTIVE_BOARD,
        needs_reason=True,
    ),
    Transition(
        "start",
        _("Start the initiative"),
        frozenset({S.APPROVED}),
        S.RUNNING,
        frozenset({Role.COORDINATOR, Role.APPLICANT, Role.PROJECT_LEADER}),
    ),
    Transition(
        "pause",
        _("Pause"),
        frozenset({S.RUNNING}),
        S.PAUSED,
        frozenset({Role.COORDINATOR, Role.STEERING_GROUP}),
        needs_reason=True,
    ),
    Transition(
        "resume",
        _("Resume"),
        frozenset({S.PAUSED}),
        S.RUNNING,
        frozenset({Role.COORDINATOR, Role.STEERING_GROUP}),
    ),
    Transition(
        "end",
        _("End the project period"),
        frozenset({S.RUNNING}),
        S.ENDED,
        frozenset({Role.COORDINATOR, Role.PROJECT_LEADER}),
    ),
    Transition(
        "mark_evaluated",
        _("Mark as evaluated"),
        frozenset({S.ENDED}),
        S.EVALUATED,
        frozenset({Role.COORDINATOR, Role.ANALYST}),
    ),
    Transition(
        "decide_implementation",
        _("Decide implementation in ordinary operations"),
        frozenset({S.EVALUATED}),
        S.IMPLEMENTATION_DECIDED,
        frozenset({Role.DECISION_MAKER}),
        requirements=("implementation_plan_complete",),
        decision_body=DecisionBody.EXECUTIVE_BOARD,
    ),
    Transition(
        "mark_implemented",
        _("Mark as implemented"),
        frozenset({S.IMPLEMENTATION_DECIDED}),
        S.IMPLEMENTED,
        frozenset({Role.COORDINATOR, Role.APPLICANT}),
    ),
    Transition(
        "stop",
        _("Stop the initiative"),
        frozenset({S.APPROVED, S.RUNNING, S.PAUSED}),
        S.STOPPED,
        frozenset({Role.STEERING_GROUP, Role.DECISION_MAKER}),
        decision_body=DecisionBody.STEERING_GROUP,
        needs_reason=True,
    ),
    Transition(
        "withdraw",
        _("Withdraw the application"),
        frozenset({S.IDEA_DRAFT, S.IDEA_SUBMITTED, S.IDEA_CLEARED, S.PLAN_DRAFT, S.PLAN_SUBMITTED}),
        S.STOPPED,
        _APPLICANTS,
        needs_reason=True,
    ),
)

TRANSITIONS_BY_KEY: dict[str, Transition] = {t.key: t for t in TRANSITIONS}

#: States in which the applicant may still edit the idea and plan fields.
EDITABLE_STATES = frozenset({S.IDEA_DRAFT, S.IDEA_CLEARED, S.PLAN_DRAFT})


def transitions_from(state: str, process: str) -> list[Transition]:
    """The transitions that may be taken from ``state`` under the rule set's ``process``."""
    return [t for t in TRANSITIONS if state in t.sources and t.applies_to(process)]
