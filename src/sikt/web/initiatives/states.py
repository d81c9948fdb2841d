"""The stable states of an initiative's lifecycle (DOMAIN.md §3.2, Uppsala guideline 003).

The ids are stored in the database and never renamed; labels may change freely. Which role may
move an initiative from one state to another, and what must exist first, is the transition
table in :mod:`sikt.web.initiatives.workflow`.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class InitiativeState(models.TextChoices):
    IDEA_DRAFT = "idea_draft", _("Idea (draft)")
    IDEA_SUBMITTED = "idea_submitted", _("Idea submitted")
    IDEA_REJECTED = "idea_rejected", _("Idea rejected")
    IDEA_CLEARED = "idea_cleared", _("Idea cleared for a project plan")
    PLAN_DRAFT = "plan_draft", _("Project plan (draft)")
    PLAN_SUBMITTED = "plan_submitted", _("Project plan submitted")
    STEERING_REVIEW = "steering_review", _("Steering group review")
    RECOMMENDED = "recommended", _("Recommended")
    NOT_RECOMMENDED = "not_recommended", _("Not recommended")
    APPROVED = "approved", _("Approved by the executive board")
    REJECTED = "rejected", _("Rejected by the executive board")
    RUNNING = "running", _("Running")
    PAUSED = "paused", _("Paused")
    ENDED = "ended", _("Ended")
    EVALUATED = "evaluated", _("Evaluated")
    IMPLEMENTATION_DECIDED = "implementation_decided", _("Implementation decided")
    IMPLEMENTED = "implemented", _("Implemented")
    STOPPED = "stopped", _("Stopped")


class DecisionBody(models.TextChoices):
    """The bodies that take the decisions of the process (003 steps 3, 5 and 6)."""

    MANAGEMENT_GROUP = "management_group", _("Management group (ledningsgrupp)")
    STEERING_GROUP = "steering_group", _("Steering group (styrgrupp)")
    EXECUTIVE_BOARD = "executive_board", _("Municipal executive board (kommunstyrelsen)")
    COMMITTEE = "committee", _("Committee (nämnd)")
    OTHER = "other", _("Other body")


class Process(models.TextChoices):
    """One stage (the application is assessed directly) or two (idea first, then plan)."""

    ONE_STAGE = "one_stage", _("One stage: a complete application directly")
    TWO_STAGE = "two_stage", _("Two stages: idea assessment, then a project plan")


class RepaymentModel(models.TextChoices):
    """How committees whose costs fall pay the fund back (DOMAIN §4, §4b)."""

    COMMITTEE_PLAN = "committee_plan", _("Repayment plan per committee and year")
    BUDGET_FRAME_CUT = "budget_frame_cut", _("Budget frame cut by the realised savings")
    NONE = "none", _("No repayment")


class DeadlineMode(models.TextChoices):
    ROLLING = "rolling", _("Rolling: applications are handled as they come in")
    FIXED = "fixed", _("Fixed application deadlines")


class AmendmentState(models.TextChoices):
    """The stable states of an amendment (*ändringsansökan*) to an approved initiative."""

    DRAFT = "draft", _("Amendment (draft)")
    SUBMITTED = "submitted", _("Amendment submitted")
    RECOMMENDED = "recommended", _("Amendment recommended")
    APPROVED = "approved", _("Amendment approved")
    REJECTED = "rejected", _("Amendment rejected")
    WITHDRAWN = "withdrawn", _("Amendment withdrawn")


class AmendmentPath(models.TextChoices):
    """The steps an amendment goes back through before it is decided (the rule set says)."""

    RECOMMEND_THEN_DECIDE = (
        "recommend_then_decide",
        _("The coordinator or steering group recommends, then the decision maker decides"),
    )
    DECIDE_DIRECTLY = "decide_directly", _("The decision maker decides directly")
