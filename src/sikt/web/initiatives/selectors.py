"""Read paths of the initiatives area: lists, the coordinator's queue, next steps, checklists
and the side-by-side comparison of competing applications."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from statistics import mean
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from sikt.web import policy
from sikt.web.accounts.models import Organization
from sikt.web.initiatives import requirements
from sikt.web.initiatives.amendments import AmendmentStep, pending_amendment, steps_from
from sikt.web.initiatives.models import Decision, Grant, Initiative, RuleSet, SelectionScore
from sikt.web.initiatives.periods import add_months
from sikt.web.initiatives.services.reviews import REVIEW_STATES
from sikt.web.initiatives.states import InitiativeState
from sikt.web.initiatives.workflow import PLAN_REQUIREMENTS, Transition, transitions_from


def initiatives_of(user: Any, organization: Organization) -> QuerySet[Initiative]:
    return policy.scope(
        user,
        Initiative.objects.filter(organization=organization).select_related(
            "owner_committee", "created_by"
        ),
    )


def current_grant(initiative: Initiative) -> Grant | None:
    """The grant of the latest approving decision (an approved amendment's, if any), or None."""
    return (
        Grant.objects.filter(initiative=initiative)
        .select_related("decision")
        .prefetch_related("years")
        .order_by("-decision_id")
        .first()
    )


def latest_grant_decision(initiative: Initiative) -> Decision | None:
    """The latest decision that granted money (what the initiative now runs on), or None."""
    grant = current_grant(initiative)
    return grant.decision if grant is not None else None


@dataclass(frozen=True)
class QueueRow:
    initiative: Initiative
    submitted_on: dt.date
    age_days: int
    due_on: dt.date

    @property
    def overdue(self) -> bool:
        return self.age_days > (self.due_on - self.submitted_on).days

    @property
    def days_left(self) -> int:
        return (self.due_on - self.submitted_on).days - self.age_days


def idea_queue(user: Any, organization: Organization, ruleset: RuleSet) -> list[QueueRow]:
    """Submitted ideas, oldest first, with age and the date an answer is due (003 step 3)."""
    today = timezone.localdate()
    rows = []
    ideas = initiatives_of(user, organization).filter(state=InitiativeState.IDEA_SUBMITTED)
    for initiative in ideas.order_by("idea_submitted_at", "id"):
        submitted = timezone.localdate(initiative.idea_submitted_at or initiative.created_at)
        due = add_months(submitted, ruleset.answer_months)
        rows.append(QueueRow(initiative, submitted, (today - submitted).days, due))
    return rows


@dataclass(frozen=True)
class NextStep:
    transition: Transition | AmendmentStep
    missing: list[requirements.RequirementStatus]

    @property
    def possible(self) -> bool:
        return not self.missing

    @property
    def needs_form(self) -> bool:
        return self.transition.needs_reason or self.transition.needs_decision


def next_steps(user: Any, initiative: Initiative, ruleset: RuleSet) -> list[NextStep]:
    """The steps from the current state that ``user``'s roles allow, with what is missing:
    the lifecycle's, then an amendment's (opening one, or the pending one's next steps)."""
    steps = [
        NextStep(t, requirements.unmet(initiative, t.requirements, ruleset))
        for t in transitions_from(initiative.state, ruleset.process)
        if policy.can_transition(user, initiative, t.key)
    ]
    amendment = pending_amendment(initiative)
    for step in steps_from(initiative, amendment, ruleset.amendment_path):
        if policy.can_transition(user, initiative, step.key):
            needed = PLAN_REQUIREMENTS if step.key == "submit_amendment" else ()
            steps.append(NextStep(step, requirements.unmet(initiative, needed, ruleset)))
    return steps


def checklist(
    initiative: Initiative, ruleset: RuleSet
) -> list[tuple[Transition, list[requirements.RequirementStatus]]]:
    """For each step from the current state that has requirements: each one, met or missing."""
    return [
        (t, requirements.evaluate(initiative, t.requirements, ruleset))
        for t in transitions_from(initiative.state, ruleset.process)
        if t.requirements
    ]


@dataclass
class ComparedInitiative:
    initiative: Initiative
    #: criterion -> [(scorer name, score)]
    scores: dict[str, list[tuple[str, int]]] = field(default_factory=dict)

    def mean_for(self, criterion: str) -> float | None:
        values = [score for _name, score in self.scores.get(criterion, [])]
        return round(mean(values), 1) if values else None

    def total(self, criteria: list[str]) -> float | None:
        """Unweighted sum of the criteria's mean scores (003: the criteria are not weighted)."""
        means = [self.mean_for(criterion) for criterion in criteria]
        known = [value for value in means if value is not None]
        return round(sum(known), 1) if known else None


def review_comparison(
    user: Any, organization: Organization, ruleset: RuleSet
) -> list[ComparedInitiative]:
    """Applications under review side by side, with every member's selection scores."""
    found = list(
        initiatives_of(user, organization).filter(state__in=REVIEW_STATES).order_by("title")
    )
    compared = {item.pk: ComparedInitiative(item) for item in found}
    scores = SelectionScore.objects.filter(initiative__in=found).select_related("scorer")
    for score in scores.order_by("scorer__username"):
        entry = compared[score.initiative_id].scores.setdefault(score.criterion, [])
        entry.append((str(score.scorer), score.score))
    return list(compared.values())
