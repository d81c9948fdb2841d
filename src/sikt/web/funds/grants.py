"""The decided grant an initiative's money is paid against (owned by the decisions area:
``sikt.web.initiatives.models.Grant`` / ``GrantYear``, ``selectors.current_grant``)."""

from __future__ import annotations

from decimal import Decimal

from sikt.web.initiatives.models import Initiative


def _current_grant(initiative: Initiative):  # type: ignore[no-untyped-def]
    try:
        from sikt.web.initiatives.selectors import current_grant  # type: ignore[attr-defined]
    except ImportError:  # the decisions area has not recorded grants yet
        return None
    return current_grant(initiative)


def project_number(initiative: Initiative) -> str:
    """The project number costs are booked under (empty before a grant is recorded)."""
    grant = _current_grant(initiative)
    return grant.project_number if grant is not None else ""


def granted_by_year(initiative: Initiative) -> dict[int, Decimal]:
    """``{year: SEK}`` of the grant in force (empty before a grant is recorded)."""
    grant = _current_grant(initiative)
    if grant is None:
        return {}
    return {row.year: row.amount_sek for row in grant.years.all()}
