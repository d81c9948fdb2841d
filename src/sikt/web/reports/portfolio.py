"""The portfolio: every initiative of the organisation with the figures that show its balance.

SKL's guide asks for a portfolio balanced across target groups, committees, durations, costs,
expected returns and risks (004 §4). One row per initiative: state, owning committee, target
group, time period, cost, expected net present value for the organisation and probability of
profit (from the stored calculation, never recomputed; for an approved initiative the calculation
frozen at its latest approving decision), and the risk level (the highest
priority in its risk matrix).

The number of queries does not grow with the number of initiatives: one for the initiatives
(with the highest risk score as an aggregate), one for their calculations' figures, one for the
decided figures, one for the pending amendments. The rows of all the organisation's initiatives
are kept between requests until something is written in the organisation
(:func:`sikt.web.generations.cached`): the portfolio is the coordinator's most opened page and
reading and parsing hundreds of calculations each time was most of its cost under load (issue
13). Filtering by text, state and committee (and the user's scope) happens in the database, in
one query for the matching ids; duration, sorting and the summary counts run over the rows in
Python, so every filter applies to all initiatives before the page is cut.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import F, Max, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from sikt.web import generations, policy
from sikt.web.accounts.models import Organization
from sikt.web.calculations.selectors import decided_portfolio_figures, portfolio_figures
from sikt.web.design.models import Priority, priority_of
from sikt.web.initiatives.models import Amendment, Initiative
from sikt.web.initiatives.models.amendment import PENDING_STATES
from sikt.web.initiatives.states import InitiativeState


@dataclass(frozen=True)
class DurationBand:
    key: str
    label: Promise
    low_months: int
    high_months: int | None


#: Durations a coordinator compares (Uppsala's guideline caps a project at three years).
DURATION_BANDS = (
    DurationBand("upto1", _("Up to 1 year"), 0, 12),
    DurationBand("1to2", _("1–2 years"), 13, 24),
    DurationBand("2to3", _("2–3 years"), 25, 36),
    DurationBand("over3", _("Over 3 years"), 37, None),
)
DURATION_BY_KEY = {band.key: band for band in DURATION_BANDS}


def months_between(start: dt.date | None, end: dt.date | None) -> int | None:
    """Whole months from ``start`` to ``end``, counting a started month (2025-01-01 –
    2027-12-31 is 36 months)."""
    if start is None or end is None or end < start:
        return None
    months = (end.year - start.year) * 12 + end.month - start.month
    return months + 1 if end.day >= start.day - 1 else months


@dataclass(frozen=True)
class PortfolioRow:
    pk: int
    title: str
    state: str
    state_label: str
    committee: str
    target_group: str
    start_date: dt.date | None
    end_date: dt.date | None
    months: int | None
    cost: float | None
    price_year: int | None
    expected_npv: float | None
    probability: float | None
    risk: Priority | None
    #: The number of the initiative's pending amendment, and the expected NPV its (live)
    #: calculation gives — shown beside the decided figures, never in their place.
    pending_amendment: int | None = None
    pending_npv: float | None = None

    @property
    def risk_label(self) -> str:
        return str(self.risk.label) if self.risk is not None else ""


SORT_KEYS: dict[str, Any] = {
    "title": lambda row: row.title.lower(),
    "state": lambda row: list(InitiativeState.values).index(row.state),
    "committee": lambda row: row.committee.lower(),
    "target_group": lambda row: row.target_group.lower(),
    "start": lambda row: row.start_date,
    "months": lambda row: row.months,
    "cost": lambda row: row.cost,
    "npv": lambda row: row.expected_npv,
    "probability": lambda row: row.probability,
    "risk": lambda row: row.risk,
}


@dataclass(frozen=True)
class Filters:
    state: str = ""
    committee: int | None = None
    target_group: str = ""
    duration: str = ""
    sort: str = "title"


#: The fields of an initiative (and its committee and target group) that :func:`_row` reads.
ROW_FIELDS = (
    "title",
    "state",
    "organization_id",
    "owner_committee__name",
    "target_group",
    "target_group_definition__description",
    "start_date",
    "end_date",
    "total_cost_sek",
    "price_year",
)


def _matching(user: Any, organization: Organization, filters: Filters) -> QuerySet[Initiative]:
    """The initiatives ``user`` may see that the database-side filters let through."""
    queryset = policy.scope(user, Initiative.objects.filter(organization=organization))
    if filters.state:
        queryset = queryset.filter(state=filters.state)
    if filters.committee is not None:
        queryset = queryset.filter(owner_committee_id=filters.committee)
    if filters.target_group:
        text = filters.target_group
        queryset = queryset.filter(
            Q(target_group__icontains=text)
            | Q(target_group_definition__description__icontains=text)
        )
    return queryset


def _initiatives(organization: Organization) -> QuerySet[Initiative]:
    # Only what a row shows: an initiative's long texts (problem, purpose, …) are not read for
    # hundreds of rows.
    return (
        Initiative.objects.filter(organization=organization)
        .select_related("owner_committee", "target_group_definition")
        .only(*ROW_FIELDS)
        .annotate(risk_score=Max(F("risks__probability") * F("risks__impact")))
    )


def _risk(score: int | None) -> Priority | None:
    if score is None:
        return None
    # priority_of works on probability × impact; a score is one such product.
    return priority_of(score, 1)


def _expected_npv(figures: Any) -> float | None:
    if figures is None:
        return None
    if figures.expected_npv_organisation is not None:
        return float(figures.expected_npv_organisation)
    return figures.npv_organisation


def _row(initiative: Any, figures: Any, pending: int | None, live: Any) -> PortfolioRow:
    definition = getattr(initiative, "target_group_definition", None)
    target = initiative.target_group or (definition.description if definition else "")
    cost: float | None = None
    if initiative.total_cost_sek is not None:
        cost = float(initiative.total_cost_sek)
    elif figures is not None:
        cost = figures.investment_cost
    return PortfolioRow(
        pk=initiative.pk,
        title=initiative.title,
        state=initiative.state,
        state_label=initiative.state_label,
        committee=initiative.owner_committee.name if initiative.owner_committee else "",
        target_group=target,
        start_date=initiative.start_date,
        end_date=initiative.end_date,
        months=months_between(initiative.start_date, initiative.end_date),
        cost=cost,
        price_year=figures.price_year if figures is not None else initiative.price_year,
        expected_npv=_expected_npv(figures),
        probability=figures.probability_positive_organisation if figures is not None else None,
        risk=_risk(initiative.risk_score),
        pending_amendment=pending,
        pending_npv=_expected_npv(live) if pending is not None else None,
    )


def _in_band(row: PortfolioRow, key: str) -> bool:
    band = DURATION_BY_KEY.get(key)
    if band is None:
        return True
    if row.months is None:
        return False
    return row.months >= band.low_months and (
        band.high_months is None or row.months <= band.high_months
    )


def _sorted(rows: list[PortfolioRow], sort: str) -> list[PortfolioRow]:
    descending = sort.startswith("-")
    key = SORT_KEYS.get(sort.lstrip("-"), SORT_KEYS["title"])
    present = [row for row in rows if key(row) is not None]
    missing = [row for row in rows if key(row) is None]
    # Rows without the value come last whichever the direction.
    return sorted(present, key=key, reverse=descending) + missing


@dataclass(frozen=True)
class Portfolio:
    rows: list[PortfolioRow]
    total: int
    by_state: list[tuple[str, int]]
    by_committee: list[tuple[str, int]]
    total_cost: float
    total_expected_npv: float
    with_calculation: int


def _all_rows(organization: Organization) -> list[PortfolioRow]:
    """A row for every initiative of the organisation, in the active language."""
    initiatives = list(_initiatives(organization))
    # A decided initiative shows what was decided, never the live (perhaps amended) figures;
    # a pending amendment's figures are shown beside them.
    live = portfolio_figures(initiatives)
    figures = live | decided_portfolio_figures(initiatives)
    pending = dict(
        Amendment.objects.filter(initiative__in=initiatives, state__in=PENDING_STATES).values_list(
            "initiative_id", "number"
        )
    )
    return [_row(i, figures.get(i.pk), pending.get(i.pk), live.get(i.pk)) for i in initiatives]


def portfolio_for(user: Any, organization: Organization, filters: Filters) -> Portfolio:
    """The filtered, sorted portfolio with its summary: the rows from the cache while nothing
    is written in the organisation, one query for which of them ``user`` sees through
    ``filters``."""
    rows = generations.cached(
        "portfolio", organization.pk, lambda: _all_rows(organization), get_language()
    )
    shown = set(_matching(user, organization, filters).values_list("pk", flat=True))
    rows = [row for row in rows if row.pk in shown]
    if filters.duration:
        rows = [row for row in rows if _in_band(row, filters.duration)]
    rows = _sorted(rows, filters.sort)
    states = Counter(row.state for row in rows)
    committees = Counter(row.committee for row in rows)
    return Portfolio(
        rows=rows,
        total=len(rows),
        by_state=[
            (str(state.label), states[state.value])
            for state in InitiativeState
            if states[state.value]
        ],
        by_committee=sorted(
            ((name or str(_("No owning committee")), count) for name, count in committees.items()),
            key=lambda item: item[0].lower(),
        ),
        total_cost=sum(row.cost for row in rows if row.cost is not None),
        total_expected_npv=sum(row.expected_npv for row in rows if row.expected_npv is not None),
        with_calculation=sum(1 for row in rows if row.expected_npv is not None),
    )
