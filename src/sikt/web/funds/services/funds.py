"""Creating and changing the parts of an organisation's fund."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from sikt.web import policy
from sikt.web.accounts.models import Organization
from sikt.web.audit import services as audit
from sikt.web.funds import periods
from sikt.web.funds.models import Fund


def fund_create(
    *,
    actor: Any,
    organization: Organization,
    name: str,
    kind: str = Fund.Kind.REPAYMENT,
    is_default: bool | None = None,
) -> Fund:
    """A new part of the fund; the organisation's first part receives the commitments. The part
    that receives them takes over the grants already decided, so they are committed at once."""
    if actor is not None:
        policy.require(actor, policy.Action.CREATE, organization, model=Fund)
    with transaction.atomic():
        first = not Fund.objects.filter(organization=organization).exists()
        make_default = first if is_default is None else is_default
        if make_default and not first:
            previous = Fund.objects.filter(organization=organization, is_default=True).first()
            if previous is not None:
                audit.update(actor, previous, is_default=False)
        fund = audit.create(
            actor,
            Fund(organization=organization, name=name, kind=kind, is_default=make_default),
        )
        periods.ensure_periods(organization)
        if make_default and actor is not None:
            from sikt.web.funds.services.commitments import grants_commit

            grants_commit(actor=actor, organization=organization)
        return fund


def reporting_periods_save(
    *, actor: Any, organization: Organization, rows: list[dict[str, Any]]
) -> None:
    """Update the organisation's reporting periods by key and add new ones (coordinator).

    A period is never removed or renamed by key: entries and reports refer to it.
    """
    from sikt.web.funds.models import ReportingPeriod

    policy.require(actor, policy.Action.CHANGE, organization, model=ReportingPeriod)
    with transaction.atomic():
        for row in rows:
            values = {
                "label": row["label"],
                "end_month": row["end_month"],
                "end_day": row["end_day"],
            }
            existing = ReportingPeriod.objects.filter(
                organization=organization, key=row["key"]
            ).first()
            if existing is None:
                audit.create(
                    actor, ReportingPeriod(organization=organization, key=row["key"], **values)
                )
            else:
                audit.update(actor, existing, **values)
