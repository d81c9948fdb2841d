"""Initiatives' money, cost reports and payouts waiting for approval."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from sikt.files import FileError
from sikt.web import policy
from sikt.web.funds import periods, permissions, selectors
from sikt.web.funds.forms import (
    CostImportForm,
    CostLineFormSet,
    OverrunForm,
    ReportStartForm,
    ReturnForm,
)
from sikt.web.funds.grants import project_number
from sikt.web.funds.models import CostReport, LedgerEntry, OverrunDecision
from sikt.web.funds.money import to_kronor, to_ore
from sikt.web.funds.plan import Deviation, period_share, planned_costs
from sikt.web.funds.presentation import rests_on
from sikt.web.funds.repayment_plan import due_by_year
from sikt.web.funds.services import payouts as services
from sikt.web.funds.services.cost_import import Imported, costs_import
from sikt.web.funds.views.common import AREA
from sikt.web.initiatives.models import Initiative
from sikt.web.scoped import object_view, request_organization


@login_required
def initiatives(request: HttpRequest) -> HttpResponse:
    organization = request_organization(request)
    money = selectors.initiatives_money(organization.pk)
    reported: dict[int, int] = {}
    for (initiative, _year), total in selectors.reported_by_year(money).items():
        reported[initiative] = reported.get(initiative, 0) + total
    rows = [
        (initiative, money[initiative.pk], reported.get(initiative.pk, 0))
        for initiative in policy.scope(
            request.user, Initiative.objects.filter(pk__in=money)
        ).order_by("title")
    ]
    may_import = bool(policy.roles_of(request.user, organization) & set(permissions.REPORTERS))
    return render(
        request,
        "funds/initiatives.html",
        {"rows": rows, "may_import": may_import, "active_area": AREA},
    )


@object_view(Initiative)
def initiative_money(request: HttpRequest, initiative: Initiative) -> HttpResponse:
    due = {
        year: to_ore(amount.quantize(Decimal("0.01")))
        for year, amount in due_by_year(initiative).items()
    }
    rows = selectors.initiative_money(initiative.pk, due)
    organization = initiative.organization
    entries = (
        LedgerEntry.objects.filter(initiative=initiative)
        .select_related(
            "decision",
            "overrun_decision",
            "cost_report",
            "budget_adoption",
            "repayment_revision",
            "committee",
            "actor",
            "fund",
        )
        .order_by("-id")
    )
    return render(
        request,
        "funds/initiative.html",
        {
            "initiative": initiative,
            "project_number": project_number(initiative),
            "rows": rows,
            "reports": initiative.cost_reports.all(),
            "entries": [(entry, rests_on(entry)) for entry in entries],
            "overruns": initiative.overrun_decisions.all(),
            "plan": planned_costs(initiative),
            "can_report": permissions.may_report_costs(request.user, initiative),
            "can_record_overrun": policy.can(
                request.user, policy.Action.CREATE, initiative, model=OverrunDecision
            ),
            "period_labels": periods.labels(organization),
            "start_form": ReportStartForm(periods=list(periods.labels(organization).items())),
            "active_area": AREA,
        },
    )


@object_view(Initiative)
def report_new(request: HttpRequest, initiative: Initiative) -> HttpResponse:
    if not permissions.may_report_costs(request.user, initiative):
        raise PermissionDenied
    choices = list(periods.labels(initiative.organization).items())
    form = ReportStartForm(request.POST or None, periods=choices)
    if request.method == "POST" and form.is_valid():
        report = services.cost_report_create(
            actor=request.user,
            initiative=initiative,
            year=form.cleaned_data["year"],
            period=form.cleaned_data["period"],
        )
        return redirect("funds:report", pk=report.pk)
    return render(
        request,
        "funds/report_start.html",
        {"initiative": initiative, "form": form, "active_area": AREA},
    )


def _deviations(report: CostReport) -> list[Deviation]:
    plan = planned_costs(report.initiative)
    share = period_share(
        periods.periods_of(report.initiative.organization), report.period, report.year
    )
    actual = {line.cost_line: to_kronor(line.amount_ore) for line in report.lines.all()}
    names = list(plan) + [name for name in actual if name not in plan]
    return [
        Deviation(
            cost_line=name,
            planned=(plan.get(name, {}).get(report.year, Decimal(0)) * share).quantize(
                Decimal("1")
            ),
            actual=actual.get(name, Decimal(0)),
        )
        for name in names
    ]


def _lines_formset(request: HttpRequest, report: CostReport) -> CostLineFormSet:
    initial = [
        {"cost_line": line.cost_line, "amount": to_kronor(line.amount_ore), "comment": line.comment}
        for line in report.lines.all()
    ]
    return CostLineFormSet(request.POST or None, initial=initial, prefix="lines")


@object_view(CostReport)
def report_detail(request: HttpRequest, report: CostReport) -> HttpResponse:
    editable = report.state in services.EDITABLE and permissions.may_report_costs(
        request.user, report.initiative
    )
    may_review = policy.can(request.user, policy.Action.REVIEW, report)
    formset = _lines_formset(request, report) if editable else None
    if request.method == "POST":
        response = _report_post(request, report, formset, editable)
        if response is not None:
            return response
    payout = report.ledger_entries.filter(kind="payout").first()
    return render(
        request,
        "funds/report.html",
        {
            "report": report,
            "formset": formset,
            "deviations": _deviations(report),
            "total": report.total_ore,
            "payout": payout,
            "may_review": may_review and report.state == CostReport.State.SUBMITTED,
            "return_form": ReturnForm(),
            "approval_key": uuid.uuid4(),
            "period_label": periods.labels(report.initiative.organization).get(report.period),
            "active_area": AREA,
        },
    )


def _report_post(
    request: HttpRequest, report: CostReport, formset: CostLineFormSet | None, editable: bool
) -> HttpResponse | None:
    action = request.POST.get("action", "")
    try:
        if action in ("save", "submit"):
            if not editable or formset is None:
                raise PermissionDenied
            if not formset.is_valid():
                return None
            lines = [
                services.Line(
                    form.cleaned_data["cost_line"],
                    to_ore(form.cleaned_data["amount"]),
                    form.cleaned_data.get("comment", ""),
                )
                for form in formset.forms
                if form.cleaned_data and not form.cleaned_data.get("DELETE")
            ]
            services.cost_report_save(actor=request.user, report=report, lines=lines)
            if action == "submit":
                services.cost_report_submit(actor=request.user, report=report)
                messages.success(request, _("The report was sent to the economist for approval."))
            else:
                messages.success(request, _("The report was saved."))
        elif action == "approve":
            key = request.POST.get("idempotency_key", "")
            approval = services.cost_report_approve(
                actor=request.user,
                report=report,
                idempotency_key=uuid.UUID(key) if _is_uuid(key) else None,
            )
            if approval.already:
                messages.info(
                    request, _("The report had already been approved; nothing more was paid.")
                )
            else:
                messages.success(request, _("The report was approved and the payout booked."))
        elif action == "return":
            form = ReturnForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("Say what needs to change."))
                return redirect("funds:report", pk=report.pk)
            services.cost_report_return(
                actor=request.user, report=report, comment=form.cleaned_data["comment"]
            )
            messages.success(request, _("The report was returned to the project leader."))
        else:
            raise PermissionDenied
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("funds:report", pk=report.pk)


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


@login_required
def waiting(request: HttpRequest) -> HttpResponse:
    organization = request_organization(request)
    reports = (
        policy.scope(request.user, CostReport.objects.filter(initiative__organization=organization))
        .filter(state=CostReport.State.SUBMITTED)
        .select_related("initiative", "reported_by")
        .annotate(total=Sum("lines__amount_ore"))
        .order_by("submitted_at")
    )
    return render(
        request,
        "funds/waiting.html",
        {
            "reports": reports,
            "period_labels": periods.labels(organization),
            "active_area": AREA,
        },
    )


@object_view(Initiative)
def overrun_new(request: HttpRequest, initiative: Initiative) -> HttpResponse:
    policy.require(request.user, policy.Action.CREATE, initiative, model=OverrunDecision)
    form = OverrunForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.overrun_decision_record(
                actor=request.user,
                initiative=initiative,
                year=data["year"],
                amount_ore=to_ore(data["amount"]),
                decided_on=data["decided_on"],
                body=data["body"],
                minute_reference=data["minute_reference"],
                registration_number=data["registration_number"],
                reason=data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The decision was recorded and the amount committed."))
            return redirect("funds:initiative", pk=initiative.pk)
    return render(
        request,
        "funds/overrun_form.html",
        {"initiative": initiative, "form": form, "active_area": AREA},
    )


@login_required
def cost_import(request: HttpRequest) -> HttpResponse:
    """Actual costs from the accounting export, by project number: all rows checked first,
    nothing written on error; the reports are saved as drafts to check and submit."""
    organization = request_organization(request)
    roles = policy.roles_of(request.user, organization)
    if not roles & set(permissions.REPORTERS):
        raise PermissionDenied
    form = CostImportForm(
        request.POST or None,
        request.FILES or None,
        periods=list(periods.labels(organization).items()),
    )
    file_error: FileError | None = None
    imported: list[Imported] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            imported = costs_import(
                actor=request.user,
                organization=organization,
                year=form.cleaned_data["year"],
                period=form.cleaned_data["period"],
                data=upload.read(),
                name=upload.name,
            )
        except FileError as error:
            file_error = error
        else:
            messages.success(
                request,
                _("Costs of %(count)s initiatives were imported as drafts.")
                % {"count": len(imported)},
            )
    language = get_language() or "sv"
    return render(
        request,
        "funds/cost_import.html",
        {
            "form": form,
            "file_error": file_error,
            "issues": [
                {"where": issue.where, "message": issue.message.in_language(language)}
                for issue in (file_error.issues if file_error else [])
            ],
            "imported": imported,
            "active_area": AREA,
        },
    )
