"""Reviewers' work on an application: comments on sections, the base-criteria checklist and the
selection-criteria scores (003 "Grundkriterier", "Urvalskriterier"; issue 4 items 3 and 9)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sikt.web import policy
from sikt.web.audit import services as audit
from sikt.web.initiatives import requirements
from sikt.web.initiatives.models import Comment, CriterionAssessment, Initiative, SelectionScore
from sikt.web.initiatives.models.criteria import SCORE_MAX, SCORE_MIN
from sikt.web.initiatives.rulesets import ruleset_for
from sikt.web.initiatives.sections import comment_sections
from sikt.web.initiatives.states import InitiativeState

#: States in which the steering group assesses and scores (003 step 5).
REVIEW_STATES = frozenset({InitiativeState.PLAN_SUBMITTED, InitiativeState.STEERING_REVIEW})


@transaction.atomic
def comment_create(*, actor: Any, initiative: Initiative, section: str, text: str) -> Comment:
    policy.require(actor, policy.Action.CREATE, initiative, model=Comment)
    if section not in {key for key, _label in comment_sections()}:
        raise ValidationError({"section": _("Choose one of the sections.")})
    return audit.create(
        actor, Comment(initiative=initiative, section=section, author=actor, text=text.strip())
    )


@transaction.atomic
def comment_set_resolved(*, actor: Any, comment: Comment, resolved: bool) -> Comment:
    """The applicant (or coordinator) marks a comment as dealt with, or opens it again."""
    if not (comment.author_id == actor.pk or policy.can(actor, policy.Action.CHANGE, comment)):
        raise PermissionDenied
    return audit.update(actor, comment, resolved=resolved)


@transaction.atomic
def criteria_assess(
    *, actor: Any, initiative: Initiative, assessments: list[tuple[str, bool, str]]
) -> None:
    """Save ``(criterion, is met, justification)`` for base criteria of the rule set."""
    policy.require(actor, policy.Action.CHANGE, initiative, model=CriterionAssessment)
    if initiative.state not in REVIEW_STATES:
        raise ValidationError(_("Base criteria are assessed while the plan is under review."))
    allowed = set(ruleset_for(initiative.organization).base_criteria)
    for criterion, is_met, justification in assessments:
        if criterion not in allowed:
            raise ValidationError(_("Unknown criterion."))
        if is_met and not justification.strip():
            raise ValidationError(
                _("Justify why the criterion “%(criterion)s” is met.") % {"criterion": criterion}
            )
        missing = requirements.missing_backing(initiative, criterion) if is_met else []
        if missing:
            raise ValidationError(
                _(
                    "“%(criterion)s” cannot be marked as met while “%(part)s” is missing. "
                    "Fill in that part of the application first."
                )
                % {"criterion": criterion, "part": missing[0].label}
            )
        existing = CriterionAssessment.objects.filter(
            initiative=initiative, criterion=criterion
        ).first()
        if existing is None:
            audit.create(
                actor,
                CriterionAssessment(
                    initiative=initiative,
                    criterion=criterion,
                    is_met=is_met,
                    justification=justification.strip(),
                    assessed_by=actor,
                ),
            )
        else:
            audit.update(
                actor,
                existing,
                is_met=is_met,
                justification=justification.strip(),
                assessed_by=actor,
            )


@transaction.atomic
def selection_scores_save(*, actor: Any, initiative: Initiative, scores: dict[str, int]) -> None:
    """The acting steering-group member's own score (1–5) per selection criterion."""
    policy.require(actor, policy.Action.CREATE, initiative, model=SelectionScore)
    if initiative.state not in REVIEW_STATES:
        raise ValidationError(_("Applications are scored while they are under review."))
    allowed = set(ruleset_for(initiative.organization).selection_criteria)
    for criterion, score in scores.items():
        if criterion not in allowed:
            raise ValidationError(_("Unknown criterion."))
        if not SCORE_MIN <= score <= SCORE_MAX:
            raise ValidationError(
                _("Give a score from %(min)s to %(max)s.") % {"min": SCORE_MIN, "max": SCORE_MAX}
            )
        existing = SelectionScore.objects.filter(
            initiative=initiative, criterion=criterion, scorer=actor
        ).first()
        if existing is None:
            audit.create(
                actor,
                SelectionScore(
                    initiative=initiative, criterion=criterion, scorer=actor, score=score
                ),
            )
        else:
            audit.update(actor, existing, score=score)
