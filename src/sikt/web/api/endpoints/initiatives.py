"""Initiatives: list, read, and create a new idea (as in the browser: a draft); an initiative's
amendments (*ändringsansökningar*): read them with their state, and open one."""

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
from sikt.web.initiatives.models import Amendment, Initiative

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


class AmendmentOut(Schema):
    id: int
    initiative_id: int
    number: int
    reason: str
    state: str = Field(
        ..., description="draft, submitted, recommended, approved, rejected or withdrawn."
    )
    state_label: str
    pending: bool = Field(..., description="Not yet decided or withdrawn.")
    base_decision_id: int = Field(..., description="The decision in force when it was opened.")
    base_decision_date: dt.date
    decision_ids: list[int] = Field(..., description="Decisions taken on the amendment.")
    opened_at: dt.datetime
    closed_at: dt.datetime | None

    @staticmethod
    def resolve_state_label(obj: Amendment) -> str:
        return str(obj.get_state_display())

    @staticmethod
    def resolve_base_decision_date(obj: Amendment) -> dt.date:
        return obj.base_decision.decided_on

    @staticmethod
    def resolve_decision_ids(obj: Amendment) -> list[int]:
        return [decision.pk for decision in obj.decisions.all()]


class AmendmentIn(Schema):
    reason: Text = Field(..., min_length=1, max_length=10_000)


@router.get(
    "/{int:initiative_id}/amendments",
    response={200: list[AmendmentOut], 404: ErrorOut},
    summary="An initiative's amendments, oldest first, with their state",
    openapi_extra=decided("initiatives.amendment", policy.Action.VIEW),
)
@paginate(Pages)
def amendment_list(request: HttpRequest, initiative_id: int) -> list[Amendment]:
    initiative = get_visible(request, Initiative, initiative_id)
    amendments = visible(request, Amendment.objects.filter(initiative=initiative))
    return (
        amendments.select_related("base_decision")
        .prefetch_related(  # type: ignore[return-value]
            "decisions"
        )
        .order_by("number")
    )


@router.post(
    "/{int:initiative_id}/amendments",
    response={201: AmendmentOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Open an amendment of an approved, running or paused initiative (a draft)",
    openapi_extra=decided("initiatives.amendment", policy.Action.CREATE),
)
def amendment_open(
    request: HttpRequest, initiative_id: int, payload: AmendmentIn
) -> Status[Amendment]:
    """As "Open an amendment" on the initiative's page: the application becomes editable
    again; submit and decide it in the browser. 422 when the initiative cannot be amended now
    (not approved, or an amendment is already pending)."""
    initiative = get_visible(request, Initiative, initiative_id)
    policy.require(request.user, policy.Action.CREATE, initiative, model=Amendment)
    amendment = services.amendment_step(
        actor=request.user,
        initiative=initiative,
        step_key="open_amendment",
        reason=payload.reason.strip(),
    )
    return Status(201, amendment)
