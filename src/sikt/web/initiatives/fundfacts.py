"""What the fund knows about initiatives' money, for the areas that show it next to other data.

The fund (``sikt.web.funds``) keeps the ledger — grants, payouts in arrears for actual costs,
repayments. Follow-up (the traffic light's cost rule) and the yearly portfolio report need
figures from it through one narrow interface: the fund *registers providers* here from its
``AppConfig.ready()``::

    from sikt.web.initiatives import fundfacts
    fundfacts.register_costs(reported_costs)     # (initiative ids, through) -> {id: ReportedCosts}
                                                 # (registered: sikt.web.funds.facts)
    fundfacts.register_year(fund_year)           # (organization id, year) -> FundYear | None
                                                 # (registered: sikt.web.funds.facts)

Without a registered provider the readers show "no fund data" — they never guess. A provider
answers for many initiatives at once with a fixed number of queries (the steering group's page
shows hundreds of initiatives). Amounts are SEK in current prices (the prices of the year paid).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class ReportedCosts:
    """One initiative's actual costs reported to the fund up to ``through``, and its budget
    (the granted amounts) for the same span; ``budget_sek=None`` when no budget is known."""

    reported_sek: Decimal
    budget_sek: Decimal | None
    through: dt.date


@dataclass(frozen=True)
class FundPartYear:
    """One part of the fund in one year, from its ledger (SEK).

    Each figure is net of corrections (a correction counts against the kind it reverses, as
    on the fund's pages); ``corrections`` and ``corrected_sek`` say how many corrections
    concern the year and how much they reversed. Balance = allocated + repaid − paid out.
    """

    name: str
    opening_balance_sek: Decimal
    allocated_sek: Decimal
    committed_sek: Decimal
    released_sek: Decimal
    paid_out_sek: Decimal
    repaid_sek: Decimal
    corrections: int
    corrected_sek: Decimal

    @property
    def closing_balance_sek(self) -> Decimal:
        return self.opening_balance_sek + self.allocated_sek + self.repaid_sek - self.paid_out_sek


@dataclass(frozen=True)
class FundYear:
    """Money into and out of the fund in one year, per part of the fund and in all."""

    year: int
    parts: list[FundPartYear] = field(default_factory=list)

    @property
    def total(self) -> FundPartYear:
        def sum_of(name: str) -> Decimal:
            return sum((getattr(part, name) for part in self.parts), Decimal(0))

        return FundPartYear(
            name="",
            opening_balance_sek=sum_of("opening_balance_sek"),
            allocated_sek=sum_of("allocated_sek"),
            committed_sek=sum_of("committed_sek"),
            released_sek=sum_of("released_sek"),
            paid_out_sek=sum_of("paid_out_sek"),
            repaid_sek=sum_of("repaid_sek"),
            corrections=sum(part.corrections for part in self.parts),
            corrected_sek=sum_of("corrected_sek"),
        )


CostsProvider = Callable[[Sequence[int], dt.date], dict[int, ReportedCosts]]
YearProvider = Callable[[int, int], FundYear | None]

_COSTS: list[CostsProvider] = []
_YEARS: list[YearProvider] = []


def register_costs(provider: CostsProvider) -> None:
    """Register the (one) provider of reported costs; a second registration replaces it."""
    _COSTS[:] = [provider]


def register_year(provider: YearProvider) -> None:
    """Register the (one) provider of the fund's yearly figures; replaces an earlier one."""
    _YEARS[:] = [provider]


def has_fund() -> bool:
    return bool(_COSTS or _YEARS)


def reported_costs(initiative_ids: Sequence[int], through: dt.date) -> dict[int, ReportedCosts]:
    """``{initiative id: ReportedCosts}`` for those the fund knows; ``{}`` without a fund."""
    if not _COSTS or not initiative_ids:
        return {}
    return _COSTS[0](initiative_ids, through)


def fund_year(organization_id: int, year: int) -> FundYear | None:
    """The fund's figures for ``year``, or ``None`` without fund data."""
    return _YEARS[0](organization_id, year) if _YEARS else None
