"""States of a progress report and which initiatives are followed up."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from sikt.web.initiatives.states import InitiativeState as S


class ReportState(models.TextChoices):
    """draft → submitted → approved, or returned (with a comment) → submitted again.

    Stable ids, stored in the database; only values in approved reports count.
    """

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for correction")
    APPROVED = "approved", _("Approved")


#: The project leader may still change the report.
OPEN_STATES = frozenset({ReportState.DRAFT, ReportState.RETURNED})

#: Initiatives on the steering group's page: approved (about to start), running, paused.
FOLLOWED_STATES = frozenset({S.APPROVED, S.RUNNING, S.PAUSED})

#: Initiatives whose reports are asked for (a paused initiative does not report).
REPORTING_STATES = frozenset({S.RUNNING})
