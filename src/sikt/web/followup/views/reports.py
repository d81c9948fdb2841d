"""A progress report's page and the pages that fill it in, import values into it, hand it in
and review it (approve, or return with a comment per value)."""

from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from openpyxl import Workbook

from sikt.files import FileError, xlsx_row
from sikt.web import policy
from sikt.web.design.models import Level, LogicElement
from sikt.web.followup import importing, services
from sikt.web.followup.forms import AttritionForm, DetailsForm, ImportForm, ReviewForm, ValuesForm
from sikt.web.followup.labels import report_label
from sikt.web.followup.models import Attrition, ProgressReport
from sikt.web.followup.selectors.initiative import report_value_rows
from sikt.web.followup.services.reports import require_open
from sikt.web.followup.states import ReportState
from sikt.web.followup.views.common import attempt
from sikt.web.scoped import object_view

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _why_closed(user: Any, report: ProgressReport) -> str:
    """Why ``user`` cannot fill in the report now ("" if they can)."""
    try:
        require_open(user, report)
    except PermissionDenied:
        return _("Your role cannot fill in reports.")
    except ValidationError as error:
        return " ".join(error.messages)
    return ""


def _context(request: HttpRequest, report: ProgressReport, **extra: Any) -> dict[str, Any]:
    return {
        "report": report,
        "label": report_label(report),
        "initiative": report.initiative,
        "active_area": "uppfoljning",
        **extra,
    }


@object_view(ProgressReport)
def report_page(request: HttpRequest, report: ProgressReport) -> HttpResponse:
    policy.require(request.user, policy.Action.VIEW, report)
    closed = _why_closed(request.user, report)
    rows = report_value_rows(report)
    return render(
        request,
        "followup/report.html",
        _context(
            request,
            report,
            rows=rows,
            missing=sum(row.measurement is None for row in rows),
            activities=report.activities.select_related("element", "element__activity_plan"),
            attritions=report.attritions.all(),
            attrition_form=AttritionForm() if not closed else None,
            deviations=report.deviations.select_related("owner"),
            can_fill=not closed,
            closed_reason=closed,
            can_review=report.state == ReportState.SUBMITTED
            and policy.can(request.user, policy.Action.REVIEW, report)
            and report.submitted_by_id != request.user.pk,
        ),
    )


@object_view(ProgressReport)
def report_values(request: HttpRequest, report: ProgressReport) -> HttpResponse:
    """Type the indicator values of the report, with their breakdowns."""
    policy.require(request.user, policy.Action.VIEW, report)
    closed = _why_closed(request.user, report)
    form = ValuesForm(
        request.POST or None, rows=report_value_rows(report), initial={"version": report.version}
    )
    if request.method == "POST" and not closed and form.is_valid():
        try:
            services.report_values_save(
                actor=request.user,
                report=report,
                values=form.to_inputs(),
                version=form.cleaned_data.get("version"),
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                form.add_service_errors(
                    {
                        key: [m for e in errors for m in e.messages]
                        for key, errors in error.error_dict.items()
                    }
                )
            else:
                form.add_service_errors({"__all__": error.messages})
        else:
            messages.success(request, _("The values were saved."))
            return redirect("followup:report", pk=report.pk)
    return render(
        request,
        "followup/report_values.html",
        _context(request, report, form=form, closed_reason=closed),
    )


@object_view(ProgressReport)
def report_details(request: HttpRequest, report: ProgressReport) -> HttpResponse:
    """Activities done and hours used, reach, how the period went and lessons."""
    policy.require(request.user, policy.Action.VIEW, report)
    closed = _why_closed(request.user, report)
    reported = {row.element_id: row for row in report.activities.all()}
    elements = LogicElement.objects.filter(
        initiative=report.initiative, level=Level.ACTIVITIES
    ).select_related("activity_plan")
    form = DetailsForm(
        request.POST or None,
        activities=[(element, reported.get(element.pk)) for element in elements],
        initial={
            "version": report.version,
            "participants_total": report.participants_total,
            "participants_active": report.participants_active,
            "summary": report.summary,
            "lessons": report.lessons,
        },
    )
    if request.method == "POST" and not closed and form.is_valid():
        data = form.cleaned_data

        def save() -> None:
            services.report_details_save(
                actor=request.user,
                report=report,
                version=data.get("version"),
                participants_total=data.get("participants_total"),
                participants_active=data.get("participants_active"),
                summary=data.get("summary", ""),
                lessons=data.get("lessons", ""),
            )
            services.report_activities_save(
                actor=request.user, report=report, rows=form.activity_inputs()
            )

        if attempt(request, save, form):
            messages.success(request, _("Activities and reach were saved."))
            return redirect("followup:report", pk=report.pk)
    return render(
        request,
        "followup/report_details.html",
        _context(request, report, form=form, closed_reason=closed),
    )


@object_view(ProgressReport)
def report_import(request: HttpRequest, report: ProgressReport) -> HttpResponse:
    """Values from a CSV or Excel file: every row checked first, nothing written on error."""
    policy.require(request.user, policy.Action.VIEW, report)
    closed = _why_closed(request.user, report)
    form = ImportForm(request.POST or None, request.FILES or None)
    file_error: FileError | None = None
    if request.method == "POST" and not closed and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            count = importing.import_values(
                actor=request.user, report=report, data=upload.read(), name=upload.name
            )
        except FileError as error:
            file_error = error
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(count)s values were imported.") % {"count": count})
            return redirect("followup:report", pk=report.pk)
    language = get_language() or "sv"
    return render(
        request,
        "followup/report_import.html",
        _context(
            request,
            report,
            form=form,
            closed_reason=closed,
            file_error=file_error,
            issues=[
                {"where": issue.where, "message": issue.message.in_language(language)}
                for issue in (file_error.issues if file_error else [])
            ],
        ),
    )


@object_view(ProgressReport)
def report_template(request: HttpRequest, report: ProgressReport) -> HttpResponse:
    """An Excel file with the columns and one row per value the report asks for."""
    policy.require(request.user, policy.Action.VIEW, report)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Värden"
    for values in importing.template_rows(report):
        xlsx_row(sheet, values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="rapport-{report.pk}-mall.xlsx"'
    return response


@object_view(ProgressReport)
def attrition_add(request: HttpRequest, report: ProgressReport) -> HttpResponse:
    policy.require(request.user, policy.Action.VIEW, report)
    closed = _why_closed(request.user, report)
    form = AttritionForm(request.POST or None)
    if (
        request.method == "POST"
        and not closed
        and form.is_valid()
        and attempt(
            request,
            lambda: services.attrition_add(actor=request.user, report=report, **form.cleaned_data),
            form,
        )
    ):
        messages.success(request, _("The attrition was recorded."))
        return redirect("followup:report", pk=report.pk)
    return render(
        request,
        "followup/attrition_form.html",
        _context(request, report, form=form, closed_reason=closed),
    )


@object_view(Attrition)
def attrition_delete(request: HttpRequest, attrition: Attrition) -> HttpResponse:
    report = attrition.report
    policy.require(request.user, policy.Action.VIEW, report)
    closed = _why_closed(request.user, report)
    if request.method == "POST" and not closed:
        if attempt(
            request, lambda: services.attrition_delete(actor=request.user, attrition=attrition)
        ):
            messages.success(request, _("The attrition entry was removed."))
        return redirect("followup:report", pk=report.pk)
    return render(
        request,
        "followup/attrition_delete.html",
        _context(request, report, attrition=attrition, closed_reason=closed),
    )


@object_view(ProgressReport)
def report_submit(request: HttpRequest, report: ProgressReport) -> HttpResponse:
    policy.require(request.user, policy.Action.VIEW, report)
    closed = _why_closed(request.user, report)
    if request.method == "POST" and not closed:
        if attempt(request, lambda: services.report_submit(actor=request.user, report=report)):
            messages.success(request, _("The report was submitted; the coordinator reviews it."))
        return redirect("followup:report", pk=report.pk)
    rows = report_value_rows(report)
    return render(
        request,
        "followup/report_submit.html",
        _context(
            request,
            report,
            closed_reason=closed,
            missing=[row for row in rows if row.measurement is None],
        ),
    )


@object_view(ProgressReport)
def report_review(request: HttpRequest, report: ProgressReport) -> HttpResponse:
    """Approve the report, or return it with a comment and a note on each value to correct."""
    policy.require(request.user, policy.Action.VIEW, report)
    measurements = list(report.measurements.select_related("indicator").prefetch_related("parts"))
    form = ReviewForm(request.POST or None, measurements=measurements)
    allowed = (
        report.state == ReportState.SUBMITTED
        and policy.can(request.user, policy.Action.REVIEW, report)
        and report.submitted_by_id != request.user.pk
    )
    if request.method == "POST" and allowed and form.is_valid():
        data = form.cleaned_data
        if data["decision"] == ReviewForm.APPROVE:
            ok = attempt(
                request,
                lambda: services.report_approve(
                    actor=request.user, report=report, comment=data["comment"]
                ),
                form,
            )
            done = _("The report was approved; its values now count.")
        else:
            ok = attempt(
                request,
                lambda: services.report_return(
                    actor=request.user,
                    report=report,
                    comment=data["comment"],
                    notes=form.note_map(),
                ),
                form,
            )
            done = _("The report was returned to the project leader.")
        if ok:
            messages.success(request, done)
            return redirect("followup:report", pk=report.pk)
    return render(
        request,
        "followup/report_review.html",
        _context(
            request,
            report,
            form=form,
            allowed=allowed,
            notes=[(m, form[name]) for m, name in form.notes],
        ),
    )
