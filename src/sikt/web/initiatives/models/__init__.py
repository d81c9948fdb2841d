"""Records of the application workflow: the initiative, its decisions, the organisation's rule
set, criteria assessments and scores, reviewers' comments and frozen application versions."""

from sikt.web.initiatives.models.criteria import CriterionAssessment, SelectionScore
from sikt.web.initiatives.models.decision import Decision
from sikt.web.initiatives.models.initiative import Initiative
from sikt.web.initiatives.models.review import ApplicationVersion, Comment
from sikt.web.initiatives.models.ruleset import RuleSet

__all__ = [
    "ApplicationVersion",
    "Comment",
    "CriterionAssessment",
    "Decision",
    "Initiative",
    "RuleSet",
    "SelectionScore",
]
