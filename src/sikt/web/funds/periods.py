"""Reporting periods of an organisation: defaults, lookup by date, closing.

The default is Uppsala's (003 "Utbetalning och ekonomisk redovisning"): *delår 1* (January–April),
*delår 2* (May–August) and the annual report (*helår*, September–December).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from sikt.web import policy
from sikt.web.accounts.models import Organization
from sikt.web.audit import services as audit
from sikt.web.funds.models import ClosedPeriod, ReportingPeriod

#: ``(key, Swedish label, last month, last day)``.
DEFAULT_PERIODS = (
    ("delar1", "Delår 1", 4, 30),
    ("delar2", "Delår 2", 8, 31),
    ("helar", "Helår", 12, 31),
)


def periods_of(organization: Organization) -> list[ReportingPeriod]:
    """The organisation's periods in calendar order; the defaults (unsaved) when it has none.

    Reading never writes: the start page's work queue asks for the periods of every
    organisation, and a page view must not insert rows. :func:`ensure_periods` saves the
    defaults where they are about to be edited or booked against.
    """
    periods = list(ReportingPeriod.objects.filter(organization=organization))
    return periods or [
        ReportingPeriod(
            organization=organization, key=key, label=label, end_month=month, end_day=day
        )
        for key, label, month, day in DEFAULT_PERIODS
    ]


def ensure_periods(organization: Organization) -> list[ReportingPeriod]:
    """The organisation's periods, saving the defaults the first time (fund creation, editing)."""
    periods = list(ReportingPeriod.objects.filter(organization=organization))
    if periods:
        return periods
    with transaction.atomic():
        for key, label, month, day in DEFAULT_PERIODS:
            ReportingPeriod.objects.get_or_create(
                organization=organization,
                key=key,
                defaults={"label": label, "end_month": month, "end_day": day},
            )
    return list(ReportingPeriod.objects.filter(organization=organization))


def labels(organization: Organization) -> dict[str, str]:
    return {period.key: period.label for period in periods_of(organization)}


def period_of(organization: Organization, day: dt.date) -> ReportingPeriod:
    """The period ``day`` falls in (the first whose end in ``day.year`` is on or after it)."""
    periods = periods_of(organization)
    for period in periods:
        if day <= period.end_in(day.year):
            return period
    return periods[-1]


def is_closed(organization: Organization, year: int, period: str) -> bool:
    return ClosedPeriod.objects.filter(organization=organization, year=year, period=period).exists()


def period_close(*, actor: Any, organization: Organization, year: int, period: str) -> ClosedPeriod:
    """Close ``period`` of ``year`` for booking (coordinator). Closing twice is harmless."""
    policy.require(actor, policy.Action.CREATE, organization, model=ClosedPeriod)
    if period not in labels(organization):
        raise ValueError(f"unknown period {period!r}")
    with transaction.atomic():
        existing = ClosedPeriod.objects.filter(
            organization=organization, year=year, period=period
        ).first()
        if existing is not None:
            return existing
        closed = ClosedPeriod(organization=organization, year=year, period=period, closed_by=actor)
        return audit.create(actor, closed)
