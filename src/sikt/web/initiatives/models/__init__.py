"""Records of the application workflow: the initiative, its decisions, the organisation's rule
set, criteria assessments and scores, reviewers' comments, frozen application versions and the
grants that approvals record."""

from sikt.web.initiatives.models.amendment import Amendment
from sikt.web.initiatives.models.criteria import CriterionAssessment, SelectionScore
from sikt.web.initiatives.models.decision import Decision
from sikt.web.initiatives.models.grant import Grant, GrantYear
from sikt.web.initiatives.models.initiative import Initiative
from sikt.web.initiatives.models.review import ApplicationVersion, Comment
from sikt.web.initiatives.models.ruleset import RuleSet

__all__ = [
    "Amendment",
    "ApplicationVersion",
    "Comment",
    "CriterionAssessment",
    "Decision",
    "Grant",
    "GrantYear",
    "Initiative",
    "RuleSet",
    "SelectionScore",
]
