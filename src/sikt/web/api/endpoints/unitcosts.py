"""The unit-cost library: list, read, create and change — validated by the same form (and so
the same rules and messages) as the page, written by the same services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from sikt.web import policy
from sikt.web.accounts.models import Organization
from sikt.web.api.common import (
    ErrorOut,
    Pages,
    Text,
    decided,
    get_visible,
    organization_for,
    visible,
)
from sikt.web.unitcosts import services
from sikt.web.unitcosts.forms import UnitCostForm
from sikt.web.unitcosts.models import UnitCostEntry

router = Router(tags=["unit costs"])


class UnitCostOut(Schema):
    id: int
    organization_id: int
    key: str
    name_sv: str
    name_en: str
    amount_text: str
    amount_sek: Decimal
    lower_sek: Decimal | None
    upper_sek: Decimal | None
    unit: str
    unit_text: str
    price_year: int | None
    price_year_text: str
    bearer_text: str
    bearer_kind: str
    composite: bool
    source_title: str
    source_publisher: str
    source_year: str
    source_url: str
    quote: str
    secondary_source: bool
    confidence: str
    notes: str
    updated_at: dt.datetime


class UnitCostIn(Schema):
    """The columns of the unit-cost table, as text (``amount_sek``: ``5400``, ``>13000`` or
    ``10000000-15000000``; ``price_year`` starting with the year)."""

    organization_id: int | None = Field(None, description="Needed when you belong to several.")
    key: Text = Field(..., max_length=200)
    name_sv: Text = Field(..., max_length=2000)
    name_en: Text = Field("", max_length=2000)
    amount_sek: Text = Field(..., max_length=100)
    unit: Text = Field(..., max_length=200)
    price_year: Text = Field("", max_length=200)
    bearer: Text = Field(..., max_length=300)
    source_title: Text = Field("", max_length=2000)
    source_publisher: Text = Field("", max_length=300)
    source_year: Text = Field("", max_length=50)
    source_url: Text = Field("", max_length=1000)
    quote: Text = Field("", max_length=10_000)
    secondary_source: bool = False
    confidence: Text = Field("", max_length=1, description="A–D, or empty for automatic.")
    notes: Text = Field("", max_length=10_000)
    updated_at: dt.datetime | None = Field(
        None,
        description="On change: the updated_at you read; a newer save by someone else is a "
        "conflict (422) and nothing is saved.",
    )


def _checked(payload: UnitCostIn, organization: Organization, entry: UnitCostEntry | None) -> Any:
    data = payload.dict(exclude={"organization_id", "updated_at"})
    if not data["secondary_source"]:
        data.pop("secondary_source")
    form = UnitCostForm(data=data, organization=organization, entry=entry)
    if not form.is_valid() or form.cost is None:
        raise ValidationError({field: list(messages) for field, messages in form.errors.items()})
    return form.cost


@router.get(
    "/",
    response=list[UnitCostOut],
    summary="List unit costs",
    openapi_extra=decided("unitcosts.unitcostentry", policy.Action.VIEW),
)
@paginate(Pages)
def unit_cost_list(request: HttpRequest, key: str | None = None) -> Any:
    entries = visible(request, UnitCostEntry.objects.all()).order_by("id")
    return entries.filter(key=key) if key else entries


@router.get(
    "/{int:unit_cost_id}",
    response={200: UnitCostOut, 404: ErrorOut},
    summary="One unit cost",
    openapi_extra=decided("unitcosts.unitcostentry", policy.Action.VIEW),
)
def unit_cost_detail(request: HttpRequest, unit_cost_id: int) -> UnitCostEntry:
    return get_visible(request, UnitCostEntry, unit_cost_id)


@router.post(
    "/",
    response={201: UnitCostOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Add a unit cost",
    openapi_extra=decided("unitcosts.unitcostentry", policy.Action.CREATE),
)
def unit_cost_create(request: HttpRequest, payload: UnitCostIn) -> Status[UnitCostEntry]:
    organization = organization_for(request, payload.organization_id)
    policy.require(request.user, policy.Action.CREATE, organization, model=UnitCostEntry)
    cost = _checked(payload, organization, None)
    return Status(
        201, services.unit_cost_create(actor=request.user, organization=organization, cost=cost)
    )


@router.put(
    "/{int:unit_cost_id}",
    response={200: UnitCostOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Change a unit cost (all columns)",
    openapi_extra=decided("unitcosts.unitcostentry", policy.Action.CHANGE),
)
def unit_cost_update(request: HttpRequest, unit_cost_id: int, payload: UnitCostIn) -> UnitCostEntry:
    entry = get_visible(request, UnitCostEntry, unit_cost_id)
    policy.require(request.user, policy.Action.CHANGE, entry)
    if payload.updated_at is not None and payload.updated_at != entry.updated_at:
        raise ValidationError(
            {"updated_at": [_("Someone else changed this unit cost after you read it.")]}
        )
    cost = _checked(payload, entry.organization, entry)
    return services.unit_cost_update(actor=request.user, entry=entry, cost=cost)
