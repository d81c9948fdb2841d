"""Calculations: read the case and its stored results; start a Monte Carlo run in the
background (the same queue, draw counts and limits as the results page) and poll it."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from sikt.web import policy, queue
from sikt.web.api.common import ErrorOut, Pages, decided, error, get_visible, visible
from sikt.web.calculations import services
from sikt.web.calculations.models import Calculation, CalculationRun

router = Router(tags=["calculations"])

Draws = Literal[100_000, 500_000, 1_000_000]


class CalculationSummaryOut(Schema):
    id: int
    initiative_id: int
    computed_at: dt.datetime | None
    updated_at: dt.datetime


class CalculationOut(CalculationSummaryOut):
    """``case`` as ``sikt.calc`` reads it; results in SEK of the case's price year."""

    case: dict[str, Any]
    result: dict[str, Any]
    repayment_plan: dict[str, Any]
    sensitivity: dict[str, Any]
    monte_carlo: dict[str, Any]


class RunIn(Schema):
    draws: Draws = 100_000


class RunOut(Schema):
    id: int
    calculation_id: int
    draws: int
    status: str
    progress: float
    error: str
    created_at: dt.datetime
    finished_at: dt.datetime | None


@router.get(
    "/",
    response=list[CalculationSummaryOut],
    summary="List calculations",
    openapi_extra=decided("calculations.calculation", policy.Action.VIEW),
)
@paginate(Pages)
def calculation_list(request: HttpRequest, initiative_id: int | None = None) -> Any:
    calculations = visible(request, Calculation.objects.all()).order_by("id")
    if initiative_id is not None:
        calculations = calculations.filter(initiative_id=initiative_id)
    return calculations.only("id", "initiative_id", "computed_at", "updated_at")


@router.get(
    "/{int:calculation_id}",
    response={200: CalculationOut, 404: ErrorOut},
    summary="One calculation with its results",
    openapi_extra=decided("calculations.calculation", policy.Action.VIEW),
)
def calculation_detail(request: HttpRequest, calculation_id: int) -> Calculation:
    return get_visible(request, Calculation, calculation_id)


@router.post(
    "/{int:calculation_id}/runs",
    response={202: RunOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    summary="Start a Monte Carlo run in the background (429: the user has the most runs allowed)",
    openapi_extra=decided("calculations.calculation", policy.Action.CHANGE),
)
def run_start(request: HttpRequest, calculation_id: int, payload: RunIn) -> Status[Any]:
    calculation = get_visible(request, Calculation, calculation_id)
    policy.require(request.user, policy.Action.CHANGE, calculation)
    try:
        run = services.calculation_start_run(
            actor=request.user, calculation=calculation, draws=payload.draws
        )
    except queue.QueueFull as refused:
        return Status(429, error(str(refused)))
    return Status(202, run)


@router.get(
    "/runs/{int:run_id}",
    response={200: RunOut, 404: ErrorOut},
    summary="A run's progress",
    openapi_extra=decided("calculations.calculationrun", policy.Action.VIEW),
)
def run_detail(request: HttpRequest, run_id: int) -> CalculationRun:
    return get_visible(request, CalculationRun, run_id)
