"""The fund (read only): its parts, the figures per year and the ledger, amounts in öre.

Figures are the same aggregate the fund page shows (:mod:`sikt.web.funds.selectors`); booking
stays in the browser, where each entry rests on a recorded decision.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from sikt.web import policy
from sikt.web.api.common import ErrorOut, Pages, decided, get_visible, visible
from sikt.web.funds import selectors
from sikt.web.funds.ledger_rules import Figures
from sikt.web.funds.models import Fund, LedgerEntry

router = Router(tags=["fund"])


class FundOut(Schema):
    id: int
    organization_id: int
    name: str
    kind: str
    is_default: bool


class FiguresOut(Schema):
    """Öre. ``balance`` = allocated + repaid − paid; ``available`` = allocated + repaid −
    (committed − released)."""

    year: int | None
    allocated_ore: int
    committed_ore: int
    released_ore: int
    paid_ore: int
    repaid_ore: int
    balance_ore: int
    outstanding_ore: int
    available_ore: int


class FundFiguresOut(Schema):
    fund: FundOut
    total: FiguresOut
    years: list[FiguresOut]


class LedgerEntryOut(Schema):
    id: int
    kind: str
    corrected_kind: str
    amount_ore: int
    year: int
    booked_year: int
    period: str
    booked_on: dt.date
    initiative_id: int | None
    committee_id: int | None
    decision_id: int | None
    reverses_id: int | None
    note: str
    created_at: dt.datetime


def _figures(year: int | None, figures: Figures) -> dict[str, Any]:
    return {
        "year": year,
        "allocated_ore": figures.allocated,
        "committed_ore": figures.committed,
        "released_ore": figures.released,
        "paid_ore": figures.paid,
        "repaid_ore": figures.repaid,
        "balance_ore": figures.balance,
        "outstanding_ore": figures.outstanding,
        "available_ore": figures.available,
    }


@router.get(
    "/",
    response=list[FundOut],
    summary="List the parts of the fund",
    openapi_extra=decided("funds.fund", policy.Action.VIEW),
)
@paginate(Pages)
def fund_list(request: HttpRequest) -> Any:
    return visible(request, Fund.objects.all()).order_by("id")


@router.get(
    "/{int:fund_id}/figures",
    response={200: FundFiguresOut, 404: ErrorOut},
    summary="The fund's figures, in total and per year",
    openapi_extra=decided("funds.fund", policy.Action.VIEW),
)
def fund_figures(request: HttpRequest, fund_id: int) -> dict[str, Any]:
    fund = get_visible(request, Fund, fund_id)
    by_year = selectors.figures_by_year([fund])
    return {
        "fund": fund,
        "total": _figures(None, selectors.total(by_year)),
        "years": [_figures(year, by_year[year]) for year in sorted(by_year)],
    }


@router.get(
    "/{int:fund_id}/ledger",
    response={200: list[LedgerEntryOut], 404: ErrorOut},
    summary="The fund's ledger, oldest entry first",
    openapi_extra=decided("funds.ledgerentry", policy.Action.VIEW),
)
@paginate(Pages)
def fund_ledger(request: HttpRequest, fund_id: int) -> Any:
    fund = get_visible(request, Fund, fund_id)
    return visible(request, LedgerEntry.objects.filter(fund=fund)).order_by("id")
