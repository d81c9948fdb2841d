"""The steps of an amendment (*ändringsansökan*) as data, beside the lifecycle's own table.

An amendment is opened on an approved (or running, or paused) initiative by the applicant, the
project leader or the coordinator, with a reason; while it is a draft the application is
editable again (:mod:`sikt.web.initiatives.lock`). It is then submitted and goes back through
the steps the organisation's rule set names (:attr:`RuleSet.amendment_path`): by default the
coordinator or steering group recommends it and the decision maker decides; a rule set may let
the decision maker decide directly. While it is a draft (also after being returned) those who
may open it may withdraw it instead. The roles of each step are registered with the policy like
the lifecycle's (:func:`sikt.web.policy.register_transition_roles`); the service
:func:`sikt.web.initiatives.services.amendment_step` checks the rest.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sikt.web.accounts.models import Role
from sikt.web.initiatives.models import Amendment, Initiative
from sikt.web.initiatives.models.amendment import PENDING_STATES
from sikt.web.initiatives.states import (
    AmendmentPath,
    AmendmentState,
    DecisionBody,
    InitiativeState,
)

A = AmendmentState
#: The initiative states in which an amendment may be opened and taken through its steps.
AMENDABLE_STATES = frozenset(
    {InitiativeState.APPROVED, InitiativeState.RUNNING, InitiativeState.PAUSED}
)
#: The "state" of an initiative without a pending amendment, for the opening step.
NONE = ""

_OPENERS = frozenset({Role.APPLICANT, Role.PROJECT_LEADER, Role.COORDINATOR})
_RECOMMENDERS = frozenset({Role.COORDINATOR, Role.STEERING_GROUP})
_DECIDERS = frozenset({Role.DECISION_MAKER})


@dataclass(frozen=True)
class AmendmentStep:
    key: str
    label: Promise
    #: Amendment states the step is taken from (:data:`NONE`: no amendment pending).
    sources: frozenset[str]
    target: AmendmentState
    roles: frozenset[Role]
    #: The body that decides; ``None`` when no decision record is taken.
    decision_body: DecisionBody | None = None
    #: What the decision record says was decided (an initiative state, as for the lifecycle).
    outcome: InitiativeState | None = None
    needs_reason: bool = False
    grants: bool = False
    #: Only under this amendment path of the rule set; ``None`` means under both.
    path: AmendmentPath | None = None
    #: Where the step starts under the path "decide directly" (``None``: as ``sources``).
    direct_sources: frozenset[str] | None = None

    @property
    def needs_decision(self) -> bool:
        return self.decision_body is not None

    def sources_under(self, path: str) -> frozenset[str]:
        if path == AmendmentPath.DECIDE_DIRECTLY and self.direct_sources is not None:
            return self.direct_sources
        return self.sources

    def applies_to(self, path: str) -> bool:
        return self.path is None or self.path == path


AMENDMENT_STEPS: tuple[AmendmentStep, ...] = (
    AmendmentStep(
        "open_amendment",
        _("Open an amendment"),
        frozenset({NONE}),
        A.DRAFT,
        _OPENERS,
        needs_reason=True,
    ),
    AmendmentStep(
        "submit_amendment",
        _("Submit the amendment"),
        frozenset({A.DRAFT}),
        A.SUBMITTED,
        _OPENERS,
    ),
    AmendmentStep(
        "return_amendment",
        _("Return the amendment for completion"),
        frozenset({A.SUBMITTED}),
        A.DRAFT,
        _RECOMMENDERS,
        needs_reason=True,
    ),
    AmendmentStep(
        "recommend_amendment",
        _("Recommend the amendment"),
        frozenset({A.SUBMITTED}),
        A.RECOMMENDED,
        _RECOMMENDERS,
        decision_body=DecisionBody.STEERING_GROUP,
        outcome=InitiativeState.RECOMMENDED,
        path=AmendmentPath.RECOMMEND_THEN_DECIDE,
    ),
    AmendmentStep(
        "approve_amendment",
        _("Approve the amendment (board decision)"),
        frozenset({A.RECOMMENDED}),
        A.APPROVED,
        _DECIDERS,
        decision_body=DecisionBody.EXECUTIVE_BOARD,
        outcome=InitiativeState.APPROVED,
        grants=True,
        direct_sources=frozenset({A.SUBMITTED}),
    ),
    AmendmentStep(
        "reject_amendment",
        _("Reject the amendment (board decision)"),
        frozenset({A.RECOMMENDED}),
        A.REJECTED,
        _DECIDERS,
        decision_body=DecisionBody.EXECUTIVE_BOARD,
        outcome=InitiativeState.REJECTED,
        needs_reason=True,
        direct_sources=frozenset({A.SUBMITTED}),
    ),
    AmendmentStep(
        "withdraw_amendment",
        _("Withdraw the amendment"),
        frozenset({A.DRAFT}),
        A.WITHDRAWN,
        _OPENERS,
    ),
)

AMENDMENT_STEPS_BY_KEY: dict[str, AmendmentStep] = {step.key: step for step in AMENDMENT_STEPS}


def pending_amendment(initiative: Initiative) -> Amendment | None:
    """The initiative's amendment that is not yet decided, if any (at most one)."""
    return (
        Amendment.objects.filter(initiative=initiative, state__in=PENDING_STATES)
        .order_by("-number")
        .first()
    )


def in_draft(initiative: Initiative) -> bool:
    """Is an amendment of ``initiative`` being written (the application open for it)?"""
    return Amendment.objects.filter(initiative=initiative, state=A.DRAFT).exists()


def steps_from(
    initiative: Initiative, amendment: Amendment | None, path: str
) -> list[AmendmentStep]:
    """The amendment steps that may be taken now (roles not considered)."""
    if initiative.state not in AMENDABLE_STATES:
        return []
    state = amendment.state if amendment is not None else NONE
    return [
        step
        for step in AMENDMENT_STEPS
        if step.applies_to(path) and state in step.sources_under(path)
    ]
