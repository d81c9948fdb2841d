"""Development agreements (read only): the agreements a caller's organisation funds or takes
part in, and one agreement with its goals, sprints, report dates and every participant's sprint
states, tranches, reports of money remaining and repayments. Amounts are whole öre, as in the
fund's endpoints; the sprint workflow and payments stay in the browser.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from sikt.web import policy
from sikt.web.agreements import selectors
from sikt.web.agreements.models import Agreement, SprintProgress, SprintState
from sikt.web.api.common import ErrorOut, Pages, decided, get_visible, visible

router = Router(tags=["agreements"])

#: Both sides read an agreement; the funder's rule is the one the matrix calls as the funder.
RULE = decided("agreements.agreement@funder", policy.Action.VIEW)


def ore(amount: Decimal | None) -> int | None:
    return None if amount is None else int(amount * 100)


class AgreementFields(Schema):
    id: int
    funder_id: int
    funder_name: str
    title: str
    reference_number: str
    starts_on: dt.date
    ends_on: dt.date
    repayment_due_on: dt.date


class AgreementOut(AgreementFields):
    @staticmethod
    def resolve_funder_name(agreement: Agreement) -> str:
        return agreement.funder.name


class GoalOut(Schema):
    area: str
    text: str


class SprintOut(Schema):
    id: int
    number: int
    title: str
    deadline: dt.date
    tranche_ore: int | None
    deliverables: list[str]


class ReportDateOut(Schema):
    id: int
    due_on: dt.date
    year_end: bool


class TrancheOut(Schema):
    amount_ore: int
    payable: bool
    paid_on: dt.date | None
    invoice_reference: str


class SprintStatusOut(Schema):
    sprint_id: int
    number: int
    state: str
    deliverables_done: list[str]
    submitted_at: dt.datetime | None
    decided_at: dt.datetime | None
    comment: str
    tranche: TrancheOut | None


class RemainingOut(Schema):
    report_date_id: int
    due_on: dt.date
    remaining_ore: int
    note: str


class RepaymentOut(Schema):
    amount_ore: int
    due_on: dt.date
    invoice_reference: str
    repaid_on: dt.date | None


class ParticipantOut(Schema):
    organization_id: int
    organization_name: str
    contact: str
    paid_ore: int
    payable_ore: int
    not_yet_earned_ore: int
    repayments_due_ore: int
    sprints: list[SprintStatusOut]
    remaining_reports: list[RemainingOut]
    repayments: list[RepaymentOut]


class AgreementDetailOut(AgreementFields):
    purpose: str
    goals: list[GoalOut]
    sprints: list[SprintOut]
    report_dates: list[ReportDateOut]
    participants: list[ParticipantOut]


def _sprint_status(progress: SprintProgress) -> dict[str, Any]:
    tranche = getattr(progress, "tranche", None)
    return {
        "sprint_id": progress.sprint_id,
        "number": progress.sprint.number,
        "state": progress.state,
        "deliverables_done": sorted(item.text for item in progress.done.all()),
        "submitted_at": progress.submitted_at,
        "decided_at": progress.decided_at,
        "comment": progress.comment,
        "tranche": None
        if tranche is None
        else {
            "amount_ore": ore(tranche.amount),
            "payable": tranche.paid_on is None and progress.state == SprintState.APPROVED,
            "paid_on": tranche.paid_on,
            "invoice_reference": tranche.invoice_reference,
        },
    }


def _participant(status: selectors.ParticipantStatus) -> dict[str, Any]:
    participation = status.participation
    return {
        "organization_id": participation.organization_id,
        "organization_name": participation.organization.name,
        "contact": participation.contact,
        "paid_ore": ore(status.paid),
        "payable_ore": ore(status.payable),
        "not_yet_earned_ore": ore(status.not_yet_earned),
        "repayments_due_ore": ore(status.repayments_due),
        "sprints": [_sprint_status(progress) for progress in status.progress],
        "remaining_reports": [
            {
                "report_date_id": report.report_date_id,
                "due_on": report.report_date.due_on,
                "remaining_ore": ore(report.remaining),
                "note": report.note,
            }
            for report in participation.remaining_reports.all()
        ],
        "repayments": [
            {
                "amount_ore": ore(repayment.amount),
                "due_on": repayment.due_on,
                "invoice_reference": repayment.invoice_reference,
                "repaid_on": repayment.repaid_on,
            }
            for repayment in status.repayments
        ],
    }


@router.get(
    "/",
    response=list[AgreementOut],
    summary="List the development agreements the organisation funds or takes part in",
    openapi_extra=RULE,
)
@paginate(Pages)
def agreement_list(request: HttpRequest) -> Any:
    return visible(request, Agreement.objects.select_related("funder")).order_by("id")


@router.get(
    "/{int:agreement_id}",
    response={200: AgreementDetailOut, 404: ErrorOut},
    summary="One agreement: goals, sprints, report dates and every participant's status",
    openapi_extra=RULE,
)
def agreement_detail(request: HttpRequest, agreement_id: int) -> dict[str, Any]:
    agreement = selectors.agreement_detail(get_visible(request, Agreement, agreement_id))
    return {
        "id": agreement.pk,
        "funder_id": agreement.funder_id,
        "funder_name": agreement.funder.name,
        "title": agreement.title,
        "reference_number": agreement.reference_number,
        "starts_on": agreement.starts_on,
        "ends_on": agreement.ends_on,
        "repayment_due_on": agreement.repayment_due_on,
        "purpose": agreement.purpose,
        "goals": list(agreement.goals.all()),
        "sprints": [
            {
                "id": sprint.pk,
                "number": sprint.number,
                "title": sprint.title,
                "deadline": sprint.deadline,
                "tranche_ore": ore(sprint.tranche),
                "deliverables": [item.text for item in sprint.deliverables.all()],
            }
            for sprint in agreement.sprints.all()
        ],
        "report_dates": list(agreement.report_dates.all()),
        "participants": [_participant(status) for status in selectors.statuses(agreement)],
    }
