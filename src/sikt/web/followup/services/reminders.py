"""The daily reminder run (``sikt followup remind``): notifications for what the work queue
shows but no action announced — reports due within a week or overdue, ideas past the answer
time, applications waiting for a step, and development agreements' reports of money remaining
(:mod:`sikt.web.agreements.reminders`). Each event is told once (:class:`SentReminder`).

Run it once a day (cron or a systemd timer, see docs/drift.md). It also gives newly started
initiatives their reporting schedule and keeps schedules in step with changed plans.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sikt.web.accounts.models import Organization, Role
from sikt.web.agreements.reminders import remaining_report_reminders
from sikt.web.followup.labels import report_label
from sikt.web.followup.models import ProgressReport, SentReminder
from sikt.web.followup.services.people import holders_of, reporters_of
from sikt.web.followup.services.reports import NOTICE_LANGUAGE, schedule_sync
from sikt.web.followup.states import OPEN_STATES, REPORTING_STATES
from sikt.web.initiatives.models import Initiative
from sikt.web.initiatives.periods import add_months
from sikt.web.initiatives.rulesets import ruleset_for
from sikt.web.initiatives.states import InitiativeState as S
from sikt.web.notifications import notify

#: A reminder goes out this many days before a report is due.
DUE_SOON_DAYS = 7

#: Who is told that an application waits for a step in each state.
WAITING_STEPS = {
    S.PLAN_SUBMITTED: (Role.COORDINATOR,),
    S.STEERING_REVIEW: (Role.STEERING_GROUP,),
    S.RECOMMENDED: (Role.DECISION_MAKER,),
    S.NOT_RECOMMENDED: (Role.DECISION_MAKER,),
}


def _once(organization: Organization, key: str, today: dt.date) -> bool:
    """Record ``key``; ``False`` when it was already sent."""
    try:
        with transaction.atomic():
            SentReminder.objects.create(organization=organization, key=key, sent_on=today)
    except IntegrityError:
        return False
    return True


def _report_reminders(organization: Organization, today: dt.date, sent: Counter[str]) -> None:
    coordinators = holders_of(organization, [Role.COORDINATOR])
    reports = ProgressReport.objects.filter(
        initiative__organization=organization,
        initiative__state__in=REPORTING_STATES,
        state__in=OPEN_STATES,
        due_on__lte=today + dt.timedelta(days=DUE_SOON_DAYS),
    ).select_related("initiative")
    for report in reports:
        overdue = report.due_on < today
        key = f"report-{'overdue' if overdue else 'due'}:{report.pk}"
        if not _once(organization, key, today):
            continue
        with translation.override(NOTICE_LANGUAGE):
            values = {
                "initiative": report.initiative.title,
                "report": report_label(report),
                "day": report.due_on.isoformat(),
            }
            title = (
                _("%(initiative)s: %(report)s is overdue (due %(day)s)")
                if overdue
                else _("%(initiative)s: %(report)s is due %(day)s")
            ) % values
        users = reporters_of(report.initiative) + (coordinators if overdue else [])
        notify(
            users=users,
            kind="report_due",
            title=title,
            url=reverse("followup:report", args=[report.pk]),
            organization=organization,
        )
        sent["report_overdue" if overdue else "report_due"] += 1


def _process_reminders(organization: Organization, today: dt.date, sent: Counter[str]) -> None:
    answer_months = ruleset_for(organization).answer_months
    waiting = Initiative.objects.filter(
        organization=organization, state__in=[S.IDEA_SUBMITTED, *WAITING_STEPS]
    )
    for initiative in waiting:
        url = reverse("initiatives:detail", args=[initiative.pk])
        if initiative.state == S.IDEA_SUBMITTED:
            submitted = timezone.localdate(initiative.idea_submitted_at or initiative.created_at)
            if add_months(submitted, answer_months) >= today:
                continue
            key = f"idea-waiting:{initiative.pk}:{submitted.isoformat()}"
            kind, roles = "idea_waiting", (Role.COORDINATOR, Role.MANAGEMENT_GROUP)
            with translation.override(NOTICE_LANGUAGE):
                title = _("%(initiative)s has waited for an answer since %(day)s") % {
                    "initiative": initiative.title,
                    "day": submitted.isoformat(),
                }
        else:
            key = f"step:{initiative.pk}:{initiative.state}:{initiative.updated_at:%Y%m%d%H%M}"
            kind, roles = "decision_to_prepare", WAITING_STEPS[initiative.state]
            with translation.override(NOTICE_LANGUAGE):
                title = _("%(initiative)s waits for your step (%(state)s)") % {
                    "initiative": initiative.title,
                    "state": initiative.state_label,
                }
        if _once(organization, key, today):
            notify(
                users=holders_of(organization, roles),
                kind=kind,
                title=title,
                url=url,
                organization=organization,
            )
            sent[kind] += 1


def send_reminders(today: dt.date | None = None) -> dict[str, Any]:
    """Sync schedules and send the day's reminders in every organisation; returns counts."""
    today = today or timezone.localdate()
    sent: Counter[str] = Counter()
    for initiative in Initiative.objects.filter(
        state__in=REPORTING_STATES, start_date__isnull=False, end_date__isnull=False
    ):
        added = schedule_sync(initiative)
        if added:
            sent["reports_scheduled"] += added
    for organization in Organization.objects.all():
        _report_reminders(organization, today, sent)
        _process_reminders(organization, today, sent)
    sent.update(remaining_report_reminders(today, _once))
    return dict(sent)
