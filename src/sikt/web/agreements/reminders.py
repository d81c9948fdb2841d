"""Reminders of reports of remaining money, sent by the daily reminder run
(``sikt followup remind``, :func:`sikt.web.followup.services.reminders.send_reminders`).

A participant is told once when a report date of its agreement is a week away or less and not
yet reported, and once more when the date has passed without a report. ``once`` records that
an event was told (and says ``False`` when it already was), so the run can be repeated.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from sikt.web.accounts.models import Organization
from sikt.web.agreements.models import Participation, ReportDate
from sikt.web.agreements.permissions import REPORTERS
from sikt.web.agreements.services import holders
from sikt.web.notifications import notify

#: A reminder goes out this many days before a report date.
DUE_SOON_DAYS = 7
#: Reminders are written in the organisations' language.
LANGUAGE = "sv"


def remaining_report_reminders(
    today: dt.date, once: Callable[[Organization, str, dt.date], bool]
) -> Counter[str]:
    """Tell participants of report dates soon due or passed without their report."""
    sent: Counter[str] = Counter()
    dates = ReportDate.objects.filter(
        due_on__lte=today + dt.timedelta(days=DUE_SOON_DAYS)
    ).select_related("agreement")
    for date in dates:
        participations = (
            Participation.objects.filter(agreement=date.agreement)
            .exclude(remaining_reports__report_date=date)
            .select_related("organization")
        )
        for participation in participations:
            overdue = date.due_on < today
            key = f"agreement-report-{'overdue' if overdue else 'due'}:{participation.pk}:{date.pk}"
            if not once(participation.organization, key, today):
                continue
            values = {"agreement": date.agreement.title, "day": date.due_on.isoformat()}
            with translation.override(LANGUAGE):
                title = (
                    _("%(agreement)s: the report of money remaining was due %(day)s")
                    if overdue
                    else _("%(agreement)s: report the money remaining by %(day)s")
                ) % values
            notify(
                users=holders(participation.organization, REPORTERS),
                kind="agreement_report_due",
                title=title,
                url=reverse("agreements:remaining", args=[participation.pk]),
                organization=participation.organization,
            )
            sent["agreement_report_overdue" if overdue else "agreement_report_due"] += 1
    return sent
