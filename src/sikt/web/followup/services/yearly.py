"""Write paths of the reports area: asking for a yearly portfolio report."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sikt.web import policy, queue
from sikt.web.accounts.models import Organization
from sikt.web.audit import services as audit
from sikt.web.followup.models import YearlyReport

#: The earliest year a report can be asked for (before Sikt, nothing was recorded).
FIRST_YEAR = 2000


def yearly_report_request(
    *, actor: Any, organization: Organization, year: int, background: bool = True
) -> YearlyReport:
    """Queue the yearly report of ``organization`` for ``year`` (run at once without
    ``background``, as the demo does).

    A report of 500 initiatives takes seconds of CPU, so it goes through the same fair queue,
    with the same bound per user, as simulations and estimations: raises
    :class:`sikt.web.queue.QueueFull` (before anything is written) when the user already has
    the most runs allowed."""
    from sikt.web.followup.tasks import generate_yearly_report, generate_yearly_report_task

    if actor is not None:
        policy.require(actor, policy.Action.CREATE, organization, model=YearlyReport)
    if not FIRST_YEAR <= year <= timezone.localdate().year:
        raise ValidationError({"year": _("Choose a year up to the current one.")})
    if background and actor is not None:
        queue.check_capacity(actor)
    with transaction.atomic():
        report = audit.create(
            actor, YearlyReport(organization=organization, year=year, requested_by=actor)
        )
    if background:
        transaction.on_commit(
            lambda: queue.enqueue(
                generate_yearly_report_task, report.pk, user=actor, organization=organization
            )
        )
    else:
        generate_yearly_report(report.pk)
        report.refresh_from_db()
    return report
