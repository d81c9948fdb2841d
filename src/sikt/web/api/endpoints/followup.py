"""Follow-up: progress reports and their indicator values — read by everyone in the
organisation, values written by those the policy lets fill in the report (project leader,
applicant), only while the report is open, with the report's version against lost updates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from sikt.web import policy
from sikt.web.api.common import ErrorOut, Pages, Text, decided, get_visible, visible
from sikt.web.followup import services
from sikt.web.followup.models import Measurement, ProgressReport
from sikt.web.followup.selectors.expected import PartInput, ValueInput

router = Router(tags=["follow-up"])

#: As stored (``DecimalField(max_digits=14, decimal_places=3)``); never NaN or infinite.
Number = Annotated[Decimal, Field(allow_inf_nan=False, max_digits=14, decimal_places=3)]


class PartOut(Schema):
    dimension: str
    category: str
    value: Decimal


class MeasurementOut(Schema):
    id: int
    indicator_id: int
    period_start: dt.date
    period_end: dt.date
    value: Decimal
    numerator: Decimal | None
    denominator: Decimal | None
    comment: str
    parts: list[PartOut]

    @staticmethod
    def resolve_parts(obj: Measurement) -> list[Any]:
        return list(obj.parts.all())


class ReportOut(Schema):
    id: int
    initiative_id: int
    title: str
    period_start: dt.date
    period_end: dt.date
    due_on: dt.date
    state: str
    participants_total: int | None
    participants_active: int | None
    version: int


class ReportDetailOut(ReportOut):
    measurements: list[MeasurementOut]

    @staticmethod
    def resolve_measurements(obj: ProgressReport) -> list[Any]:
        return list(obj.measurements.prefetch_related("parts"))


class PartIn(Schema):
    dimension: Text = Field(..., max_length=20)
    category: Text = Field(..., max_length=100)
    value: Number


class ValueIn(Schema):
    """One indicator's value for one measurement period; ``value: null`` removes it."""

    indicator_id: int
    period_start: dt.date
    value: Number | None
    numerator: Number | None = None
    denominator: Number | None = None
    comment: Text = Field("", max_length=10_000)
    parts: list[PartIn] = Field([], max_length=100)


class ValuesIn(Schema):
    values: list[ValueIn] = Field(..., max_length=1000)
    version: int | None = Field(
        None, description="The report's version you read; a newer one is a conflict (422)."
    )


class ValuesOut(Schema):
    saved: int
    report: ReportDetailOut


@router.get(
    "/reports",
    response=list[ReportOut],
    summary="List progress reports",
    openapi_extra=decided("followup.progressreport", policy.Action.VIEW),
)
@paginate(Pages)
def report_list(request: HttpRequest, initiative_id: int | None = None) -> Any:
    reports = visible(request, ProgressReport.objects.all()).order_by("id")
    if initiative_id is not None:
        reports = reports.filter(initiative_id=initiative_id)
    return reports


@router.get(
    "/reports/{int:report_id}",
    response={200: ReportDetailOut, 404: ErrorOut},
    summary="One progress report with its values",
    openapi_extra=decided("followup.progressreport", policy.Action.VIEW),
)
def report_detail(request: HttpRequest, report_id: int) -> ProgressReport:
    return get_visible(request, ProgressReport, report_id)


@router.put(
    "/reports/{int:report_id}/values",
    response={200: ValuesOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Save indicator values of an open report (all or nothing)",
    openapi_extra=decided("followup.progressreport", policy.Action.CHANGE),
)
def report_values(request: HttpRequest, report_id: int, payload: ValuesIn) -> dict[str, Any]:
    report = get_visible(request, ProgressReport, report_id)
    inputs = [
        ValueInput(
            indicator_id=item.indicator_id,
            period_start=item.period_start,
            value=item.value,
            numerator=item.numerator,
            denominator=item.denominator,
            comment=item.comment,
            parts=[PartInput(p.dimension, p.category, p.value) for p in item.parts],
        )
        for item in payload.values
    ]
    position = {value.key: f"values.{index}" for index, value in enumerate(inputs)}
    try:
        saved = services.report_values_save(
            actor=request.user, report=report, values=inputs, version=payload.version
        )
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            raise
        raise ValidationError(
            {position.get(key, key): messages for key, messages in exc.message_dict.items()}
        ) from None
    report.refresh_from_db()
    return {"saved": saved, "report": report}
