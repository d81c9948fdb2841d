"""Write paths of the initiatives app: one business action per function, in one transaction,
checked against the policy and recorded in the audit trail.

``actor=None`` is the operator at the command line or the demo seeding, who already has full
control of the installation (as in :mod:`sikt.web.accounts.services`).
"""

from sikt.web.initiatives.services.amendments import amendment_step
from sikt.web.initiatives.services.initiatives import initiative_create, initiative_update
from sikt.web.initiatives.services.reviews import (
    comment_create,
    comment_set_resolved,
    criteria_assess,
    selection_scores_save,
)
from sikt.web.initiatives.services.ruleset import ruleset_apply_template, ruleset_save
from sikt.web.initiatives.services.transitions import TransitionRefused, initiative_transition

__all__ = [
    "TransitionRefused",
    "amendment_step",
    "comment_create",
    "comment_set_resolved",
    "criteria_assess",
    "initiative_create",
    "initiative_transition",
    "initiative_update",
    "ruleset_apply_template",
    "ruleset_save",
    "selection_scores_save",
]
