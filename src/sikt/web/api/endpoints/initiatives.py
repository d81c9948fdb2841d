"""Initiatives: list, read, and create a new idea (as in the browser: a draft)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from sikt.web import policy
from sikt.web.api.common import (
    ErrorOut,
    Pages,
    Text,
    decided,
    get_visible,
    organization_for,
    visible,
)
from sikt.web.initiatives import services
from sikt.web.initiatives.models import Initiative

router = Router(tags=["initiatives"])


class InitiativeOut(Schema):
    id: int
    organization_id: int
    title: str
    state: str
    state_label: str
    problem: str
    target_group: str
    purpose: str
    start_date: dt.date | None
    end_date: dt.date | None
    total_cost_sek: Decimal | None
    requested_amount_sek: Decimal | None
    price_year: int | None
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_state_label(obj: Initiative) -> str:
        return str(obj.get_state_display())


class InitiativeIn(Schema):
    organization_id: int | None = Field(None, description="Needed when you belong to several.")
    title: Text = Field(..., min_length=1, max_length=200)
    problem: Text = Field("", max_length=10_000)
    target_group: Text = Field("", max_length=10_000)


@router.get(
    "/",
    response=list[InitiativeOut],
    summary="List initiatives",
    openapi_extra=decided("initiatives.initiative", policy.Action.VIEW),
)
@paginate(Pages)
def initiative_list(request: HttpRequest, state: str | None = None) -> list[Initiative]:
    """``state``: a lifecycle state id (``running``, ``idea_draft`` …)."""
    initiatives = visible(request, Initiative.objects.all()).order_by("id")
    if state is not None:
        initiatives = initiatives.filter(state=state)
    return initiatives  # type: ignore[return-value]


@router.get(
    "/{int:initiative_id}",
    response={200: InitiativeOut, 404: ErrorOut},
    summary="One initiative",
    openapi_extra=decided("initiatives.initiative", policy.Action.VIEW),
)
def initiative_detail(request: HttpRequest, initiative_id: int) -> Initiative:
    return get_visible(request, Initiative, initiative_id)


@router.post(
    "/",
    response={201: InitiativeOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Create an idea (draft)",
    openapi_extra=decided("initiatives.initiative", policy.Action.CREATE),
)
def initiative_create(request: HttpRequest, payload: InitiativeIn) -> Status[Initiative]:
    organization = organization_for(request, payload.organization_id)
    initiative = services.initiative_create(
        actor=request.user,
        organization=organization,
        title=payload.title.strip(),
        problem=payload.problem,
        target_group=payload.target_group,
    )
    return Status(201, initiative)
