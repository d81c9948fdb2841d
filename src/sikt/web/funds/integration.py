"""How the fund plugs into lower areas through their registries (called from ``ready()``):

* an approving decision's grant is committed from the fund (``initiatives.events``);
* the initiative page links to the initiative's money (``initiatives.sections``);
* the start page's work queue shows payouts to approve (economists), returned reports and
  periods to report (project leaders) (``shell.workqueue``);
* notifications of a report to approve, a returned report and a payout made
  (``notifications``);
* the follow-up's cost signal reads the approved costs and the budget per period, and the
  yearly portfolio report the fund's year per part (``initiatives.fundfacts``,
  :mod:`sikt.web.funds.facts`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sikt.web import policy
from sikt.web.accounts.models import Organization, Role
from sikt.web.shell.workqueue import WorkItem

#: A period's costs are due this many days after the period ends.
REPORT_DAYS = 30


def _labels(organization: Organization) -> dict[str, str]:
    from sikt.web.funds import periods

    return periods.labels(organization)


def work_items(user: Any, organization: Organization) -> list[WorkItem]:
    """Payouts to approve (economists); returned reports and periods to report (leaders)."""
    from sikt.web.funds.models import CostReport

    roles = policy.roles_of(user, organization)
    items: list[WorkItem] = []
    if Role.ECONOMIST in roles:
        labels = _labels(organization)
        for report in CostReport.objects.filter(
            initiative__organization=organization, state=CostReport.State.SUBMITTED
        ).select_related("initiative"):
            items.append(
                WorkItem(
                    kind="payout_to_approve",
                    title=f"{report.initiative.title} – {report.year} "
                    f"{labels.get(report.period, report.period)}",
                    url=reverse("funds:report", args=[report.pk]),
                )
            )
    if Role.PROJECT_LEADER in roles:
        items.extend(_leader_items(user, organization))
    return items


def _leader_items(user: Any, organization: Organization) -> list[WorkItem]:
    from sikt.web.design.models import ProjectOrganisation
    from sikt.web.funds import periods
    from sikt.web.funds.models import CostReport, LedgerEntry

    led = list(
        ProjectOrganisation.objects.filter(
            Q(leader_user=user) | Q(deputy_user=user), initiative__organization=organization
        ).values_list("initiative_id", "initiative__title")
    )
    if not led:
        return []
    titles = dict(led)
    labels = _labels(organization)
    today = timezone.localdate()
    items = [
        WorkItem(
            kind="cost_report_returned",
            title=f"{titles[report.initiative_id]} – {report.year} "
            f"{labels.get(report.period, report.period)}",
            url=reverse("funds:report", args=[report.pk]),
        )
        for report in CostReport.objects.filter(
            initiative_id__in=titles, state=CostReport.State.RETURNED
        )
    ]
    granted = set(
        LedgerEntry.objects.filter(
            initiative_id__in=titles, year=today.year, kind="commitment"
        ).values_list("initiative_id", flat=True)
    )
    reported = set(
        CostReport.objects.filter(initiative_id__in=granted, year=today.year)
        .exclude(state=CostReport.State.DRAFT)
        .values_list("initiative_id", "period")
    )
    for period in periods.periods_of(organization):
        end = period.end_in(today.year)
        if end >= today:
            continue
        due = end + dt.timedelta(days=REPORT_DAYS)
        for initiative_id in sorted(granted):
            if (initiative_id, period.key) not in reported:
                items.append(
                    WorkItem(
                        kind="costs_to_report",
                        title=f"{titles[initiative_id]} – {today.year} {period.label}",
                        url=reverse("funds:initiative", args=[initiative_id]),
                        due=due,
                        overdue=due < today,
                    )
                )
    return items


def register() -> None:
    from sikt.web.funds.facts import fund_year, reported_costs
    from sikt.web.funds.services.commitments import on_decision
    from sikt.web.initiatives import fundfacts, sections
    from sikt.web.initiatives.events import register_decision_listener
    from sikt.web.notifications import register_kind
    from sikt.web.shell import workqueue

    register_decision_listener(on_decision)
    fundfacts.register_costs(reported_costs)
    fundfacts.register_year(fund_year)
    sections.register("fund", _("Money from the fund"), "funds:initiative", order=70)
    workqueue.register(
        work_items,
        labels={
            "payout_to_approve": _("Payout to approve"),
            "cost_report_returned": _("Cost report returned"),
            "costs_to_report": _("Costs to report"),
        },
    )
    register_kind("payout_to_approve", _("A cost report waits for approval"), order=70)
    register_kind("cost_report_returned", _("My cost report was returned"), order=71)
    register_kind("payout_made", _("My costs were approved and paid"), order=72)
