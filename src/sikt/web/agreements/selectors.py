"""Read paths: the funder's view over its agreements and a participant's view of what it owes.

Both start from :func:`sikt.web.policy.scope`, so a user sees only agreements where one of their
organisations is the funder or a participant.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch

from sikt.web import policy
from sikt.web.accounts.models import Organization
from sikt.web.agreements.models import (
    Agreement,
    Participation,
    RemainingReport,
    Repayment,
    ReportDate,
    SprintProgress,
    SprintState,
    Tranche,
)

ZERO = Decimal("0.00")


@dataclass
class ParticipantStatus:
    """One participant of an agreement: its sprints, tranches and repayments."""

    participation: Participation
    progress: list[SprintProgress]
    paid: Decimal = ZERO
    payable: Decimal = ZERO
    not_yet_earned: Decimal = ZERO
    repayments_due: Decimal = ZERO
    repayments: list[Repayment] = field(default_factory=list)


def _status(participation: Participation) -> ParticipantStatus:
    status = ParticipantStatus(participation, list(participation.progress.all()))
    for progress in status.progress:
        tranche: Tranche | None = getattr(progress, "tranche", None)
        if tranche is None:
            continue
        if tranche.paid_on is not None:
            status.paid += tranche.amount
        elif progress.state == SprintState.APPROVED:
            status.payable += tranche.amount
        else:
            status.not_yet_earned += tranche.amount
    status.repayments = list(participation.repayments.all())
    status.repayments_due = sum(
        (repayment.amount for repayment in status.repayments if repayment.repaid_on is None), ZERO
    )
    return status


def _participations() -> Prefetch[Any]:
    return Prefetch(
        "participations",
        queryset=Participation.objects.select_related("organization").prefetch_related(
            Prefetch(
                "progress",
                queryset=SprintProgress.objects.select_related(
                    "sprint", "tranche"
                ).prefetch_related("done"),
            ),
            "repayments",
            Prefetch(
                "remaining_reports",
                queryset=RemainingReport.objects.select_related("report_date"),
            ),
        ),
    )


def statuses(agreement: Agreement) -> list[ParticipantStatus]:
    """Every participant's status in ``agreement`` (prefetched by the callers below)."""
    return [_status(participation) for participation in agreement.participations.all()]


def funded_by(
    user: Any, organization: Organization
) -> list[tuple[Agreement, list[ParticipantStatus]]]:
    """The agreements ``organization`` funds, each with every participant's status."""
    agreements = (
        policy.scope(user, Agreement.objects.filter(funder=organization))
        .prefetch_related("sprints", _participations())
        .order_by("-starts_on", "title")
    )
    return [(agreement, statuses(agreement)) for agreement in agreements]


@dataclass
class Owed:
    """A participant's view: what it owes the funder and when, and what it must deliver."""

    participation: Participation
    status: ParticipantStatus
    reports_due: list[ReportDate]
    sprints_due: list[SprintProgress]


def owed_by(user: Any, organization: Organization) -> list[Owed]:
    """For each agreement ``organization`` takes part in: repayments due, reports and sprints
    still to do (earliest first)."""
    participations = (
        policy.scope(user, Participation.objects.filter(organization=organization))
        .select_related("agreement", "agreement__funder", "organization")
        .prefetch_related(
            Prefetch(
                "progress",
                queryset=SprintProgress.objects.select_related("sprint", "tranche"),
            ),
            "repayments",
            "remaining_reports",
            "agreement__report_dates",
        )
        .order_by("-agreement__starts_on")
    )
    rows = []
    for participation in participations:
        reported = {report.report_date_id for report in participation.remaining_reports.all()}
        rows.append(
            Owed(
                participation=participation,
                status=_status(participation),
                reports_due=[
                    date
                    for date in participation.agreement.report_dates.all()
                    if date.pk not in reported
                ],
                sprints_due=[
                    progress
                    for progress in participation.progress.all()
                    if progress.state in (SprintState.OPEN, SprintState.RETURNED)
                ],
            )
        )
    return rows


def agreement_detail(agreement: Agreement) -> Agreement:
    """``agreement`` with everything its page shows, in a fixed number of queries."""
    return (
        Agreement.objects.select_related("funder")
        .prefetch_related("goals", "sprints__deliverables", "report_dates", _participations())
        .get(pk=agreement.pk)
    )
