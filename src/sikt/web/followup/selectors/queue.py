"""Work-queue items of follow-up and of the application process (issue 10 item 4).

Registered into :mod:`sikt.web.shell.workqueue` from the app's ``ready()``. By role:

* project leader (and project owner): reports to hand in within a month, overdue or returned;
  deviations they own;
* coordinator: reports to review, initiatives with overdue reports, open flags, ideas waiting
  for an answer (the rule set's answer time, Uppsala one month), plans to take up for review;
* steering group: open flags, applications to assess;
* decision maker: recommended applications awaiting the board's decision.

Each provider reads with one or two queries, whatever the number of initiatives.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Min, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sikt.web import policy
from sikt.web.accounts.models import Organization, Role
from sikt.web.followup.labels import report_label
from sikt.web.followup.models import Deviation, Flag, ProgressReport
from sikt.web.followup.rules import REPORTERS, REVIEWERS, STEERING
from sikt.web.followup.states import OPEN_STATES, REPORTING_STATES, ReportState
from sikt.web.initiatives.models import Initiative
from sikt.web.initiatives.periods import add_months
from sikt.web.initiatives.rulesets import ruleset_for
from sikt.web.initiatives.states import InitiativeState as S
from sikt.web.shell.workqueue import WorkItem

#: Reports appear in the reporter's queue this many days before they are due.
DUE_SOON_DAYS = 30
#: Days the coordinator has to review a submitted report.
REVIEW_DAYS = 10

LABELS = {
    "report_due": gettext_lazy("Report to hand in"),
    "report_returned": gettext_lazy("Report returned for correction"),
    "report_to_review": gettext_lazy("Report to review"),
    "reports_overdue": gettext_lazy("Overdue reports"),
    "flag": gettext_lazy("Flagged initiative"),
    "deviation": gettext_lazy("Deviation to handle"),
    "idea_waiting": gettext_lazy("Idea waiting for an answer"),
    "plan_to_take_up": gettext_lazy("Project plan to take up"),
    "application_to_assess": gettext_lazy("Application to assess"),
    "decision_to_take": gettext_lazy("Decision to take"),
}


def reported_by(user: Any) -> Q:
    """Initiatives ``user`` reports for (see :func:`~sikt.web.followup.services.people.
    reporters_of`): named leader or deputy; else the owner; else the creator."""
    named = Q(project_organisation__leader_user=user) | Q(project_organisation__deputy_user=user)
    unnamed = Q(
        project_organisation__leader_user__isnull=True,
        project_organisation__deputy_user__isnull=True,
    )
    owner = unnamed & Q(project_organisation__owner_user=user)
    creator = unnamed & Q(project_organisation__owner_user__isnull=True, created_by=user)
    return named | owner | creator


def _initiatives(organization: Organization) -> QuerySet[Initiative]:
    return Initiative.objects.filter(organization=organization)


def reporter_items(user: Any, organization: Organization, today: dt.date) -> list[WorkItem]:
    mine = _initiatives(organization).filter(reported_by(user), state__in=REPORTING_STATES)
    reports = (
        ProgressReport.objects.filter(initiative__in=mine.values("pk"), state__in=OPEN_STATES)
        .filter(
            Q(state=ReportState.RETURNED) | Q(due_on__lte=today + dt.timedelta(days=DUE_SOON_DAYS))
        )
        .select_related("initiative")
    )
    items = []
    for report in reports:
        kind = "report_returned" if report.state == ReportState.RETURNED else "report_due"
        items.append(
            WorkItem(
                kind,
                f"{report.initiative.title} – {report_label(report)}",
                reverse("followup:report", args=[report.pk]),
                report.due_on,
                report.due_on < today,
            )
        )
    return items


def deviation_items(user: Any, organization: Organization, today: dt.date) -> list[WorkItem]:
    """Open deviations and obstacles the user owns, by the date they are to be handled."""
    items = []
    for deviation in Deviation.objects.filter(
        initiative__organization=organization, owner=user, closed_on__isnull=True
    ).select_related("initiative"):
        items.append(
            WorkItem(
                "deviation",
                f"{deviation.initiative.title} – {deviation.description[:80]}",
                reverse("followup:deviation-close", args=[deviation.pk]),
                deviation.due_on,
                deviation.due_on is not None and deviation.due_on < today,
            )
        )
    return items


def reviewer_items(organization: Organization, today: dt.date) -> list[WorkItem]:
    items = []
    for report in ProgressReport.objects.filter(
        initiative__organization=organization, state=ReportState.SUBMITTED
    ).select_related("initiative"):
        submitted = timezone.localdate(report.submitted_at) if report.submitted_at else today
        due = submitted + dt.timedelta(days=REVIEW_DAYS)
        items.append(
            WorkItem(
                "report_to_review",
                f"{report.initiative.title} – {report_label(report)}",
                reverse("followup:review", args=[report.pk]),
                due,
                due < today,
            )
        )
    late = (
        ProgressReport.objects.filter(
            initiative__organization=organization,
            initiative__state__in=REPORTING_STATES,
            state__in=OPEN_STATES,
            due_on__lt=today,
        )
        .values("initiative_id", "initiative__title")
        .annotate(count=Count("id"), oldest=Min("due_on"))
        .order_by("oldest")
    )
    for row in late:
        items.append(
            WorkItem(
                "reports_overdue",
                _("%(initiative)s – %(count)s overdue")
                % {
                    "initiative": row["initiative__title"],
                    "count": row["count"],
                },
                reverse("followup:initiative", args=[row["initiative_id"]]),
                row["oldest"],
                True,
            )
        )
    return items


def flag_items(organization: Organization) -> list[WorkItem]:
    return [
        WorkItem(
            "flag",
            f"{flag.initiative.title} – {flag.get_kind_display()}",
            reverse("followup:flag-handle", args=[flag.pk]),
            timezone.localdate(flag.raised_at),
            False,
        )
        for flag in Flag.objects.filter(
            initiative__organization=organization, handled_at__isnull=True
        ).select_related("initiative")
    ]


def process_items(
    roles: frozenset[Role], organization: Organization, today: dt.date
) -> list[WorkItem]:
    """Ideas to answer and decisions to prepare or take (003 steps 3, 5 and 6)."""
    wanted: dict[str, str] = {}
    if roles & {Role.COORDINATOR, Role.MANAGEMENT_GROUP}:
        wanted[S.IDEA_SUBMITTED] = "idea_waiting"
    if Role.COORDINATOR in roles:
        wanted[S.PLAN_SUBMITTED] = "plan_to_take_up"
    if Role.STEERING_GROUP in roles:
        wanted[S.STEERING_REVIEW] = "application_to_assess"
    if Role.DECISION_MAKER in roles:
        wanted[S.RECOMMENDED] = wanted[S.NOT_RECOMMENDED] = "decision_to_take"
    if not wanted:
        return []
    answer_months = ruleset_for(organization).answer_months
    items = []
    for initiative in _initiatives(organization).filter(state__in=list(wanted)):
        due = None
        if initiative.state == S.IDEA_SUBMITTED and initiative.idea_submitted_at:
            due = add_months(timezone.localdate(initiative.idea_submitted_at), answer_months)
        items.append(
            WorkItem(
                wanted[initiative.state],
                initiative.title,
                reverse("initiatives:detail", args=[initiative.pk]),
                due,
                due is not None and due < today,
            )
        )
    return items


def followup_work(user: Any, organization: Organization) -> list[WorkItem]:
    """The provider registered with the shell's work queue."""
    roles = policy.roles_of(user, organization)
    if not roles:
        return []
    today = timezone.localdate()
    items = []
    if roles & REPORTERS:
        items += reporter_items(user, organization, today)
    if roles & REVIEWERS:
        items += reviewer_items(organization, today)
    if roles & STEERING:
        items += flag_items(organization)
    items += process_items(roles, organization, today)
    items += deviation_items(user, organization, today)
    return items
