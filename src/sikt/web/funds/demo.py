"""Exempelby's fund: two budget years of history on the initiatives the demo already decided.

Everything is booked through the fund's services by the demo user who holds the role, so the
ledger, the audit trail and ``sikt funds audit`` look as after a real process:

* the fund in two parts — *Sociala investeringsfonden* (repayment part; decided grants are
  committed from it) and *Samverkansmedel* (collaboration part, no repayment);
* the coordinator's allocations from the budget for last year and this year — this year's once
  by mistake twice, and the duplicate reversed by a correction;
* the commitments of every approved initiative (booked from its approving decision);
* payouts in arrears: Petra Projektledare (named project leader of the started initiatives)
  reports the actual costs of every reporting period (delår 1, delår 2, helår) that has ended
  since the initiative started, Eva Ekonom approves — except the latest report, which waits for
  approval in her work queue;
* next year's budget adopted in November: its frame cuts booked as repayments from the
  committees in the decided repayment plans;
* last year's periods closed.

Dates follow the decided initiatives (which ``reports.demo`` dates relative to today), so the
history is the same whenever the demo is built on a given day. Idempotent: an organisation that
already has a fund is left alone.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from sikt.web.accounts.models import Organization, User
from sikt.web.design import services as design_services
from sikt.web.design.models import ProjectOrganisation
from sikt.web.funds import periods
from sikt.web.funds.models import Fund
from sikt.web.funds.money import to_ore
from sikt.web.funds.plan import period_share, planned_costs
from sikt.web.funds.services import ledger, payouts, repayments
from sikt.web.funds.services.funds import fund_create
from sikt.web.initiatives.models import Initiative
from sikt.web.initiatives.selectors import current_grant

FUND_NAME = "Sociala investeringsfonden"
COLLABORATION_NAME = "Samverkansmedel"
#: kronor per budget year: (last year, this year); enough for every decided grant of the demo
#: (the three initiatives followed up for two years included), so nothing is over-committed.
ALLOCATIONS = (Decimal("30000000"), Decimal("50000000"))
COLLABORATION_ALLOCATION = Decimal("2000000")
#: Actual costs as a share of the plan, taken in turn per report (some under, some over).
ACTUAL_SHARES = (Decimal("0.94"), Decimal("1.03"), Decimal("0.88"), Decimal("1.07"))
#: Reports are approved this many days after the period ends.
APPROVAL_DAYS = 20


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _on_or_before_today(day: dt.date) -> dt.date:
    return min(day, timezone.localdate())


def _ensure_leader(initiative: Initiative, leader: User) -> None:
    organisation = ProjectOrganisation.objects.filter(initiative=initiative).first()
    if organisation is None or organisation.leader_user_id is None:
        design_services.section_save(
            actor=None,
            initiative=initiative,
            model=ProjectOrganisation,
            leader_user=leader,
            leader_name="",
        )


def _allocations(fund: Fund, coordinator: User, today: dt.date) -> None:
    for year, amount in zip((today.year - 1, today.year), ALLOCATIONS, strict=True):
        ledger.allocation_book(
            actor=coordinator,
            fund=fund,
            amount_ore=to_ore(amount),
            year=year,
            booked_on=_on_or_before_today(dt.date(year, 1, 20)),
            note=f"Kommunfullmäktiges budget {year}",
        )
    duplicate = ledger.allocation_book(
        actor=coordinator,
        fund=fund,
        amount_ore=to_ore(ALLOCATIONS[1]),
        year=today.year,
        booked_on=_on_or_before_today(dt.date(today.year, 1, 21)),
        note=f"Kommunfullmäktiges budget {today.year}",
    )
    ledger.correction_book(
        actor=coordinator,
        target=duplicate,
        booked_on=_on_or_before_today(dt.date(today.year, 2, 3)),
        note=f"Anslaget för {today.year} bokfördes två gånger; dubbletten vänds.",
    )


def _actual_lines(
    initiative: Initiative, year: int, key: str, active: Decimal, turn: int
) -> list[payouts.Line]:
    organization = initiative.organization
    share = period_share(periods.periods_of(organization), key, year) * active
    factor = ACTUAL_SHARES[turn % len(ACTUAL_SHARES)]
    lines = []
    for name, by_year in planned_costs(initiative).items():
        planned = by_year.get(year) or max(by_year.values(), default=Decimal(0))
        amount = (planned * share * factor).quantize(Decimal(1))
        lines.append(payouts.Line(name, to_ore(amount)))
    return lines


def _reports(organization: Organization, leader: User, economist: User, today: dt.date) -> None:
    """Cost reports of every ended period since each initiative started, oldest first."""
    due: list[tuple[dt.date, Initiative, int, str, Decimal]] = []
    for initiative in Initiative.objects.filter(organization=organization).order_by("id"):
        grant = current_grant(initiative)
        start = initiative.start_date
        if grant is None or start is None or start > today:
            continue
        granted_years = {row.year for row in grant.years.all()}
        for year in range(start.year, today.year + 1):
            period_start = dt.date(year, 1, 1)
            for period in periods.periods_of(organization):
                end = period.end_in(year)
                if year in granted_years and end >= start and end + dt.timedelta(10) <= today:
                    days = (end - period_start).days + 1
                    active = Decimal((end - max(start, period_start)).days + 1) / Decimal(days)
                    due.append((end, initiative, year, period.key, active))
                period_start = end + dt.timedelta(days=1)
    due.sort(key=lambda item: (item[0], item[1].pk))
    for turn, (end, initiative, year, key, active) in enumerate(due):
        _ensure_leader(initiative, leader)
        report = payouts.cost_report_create(
            actor=leader, initiative=initiative, year=year, period=key
        )
        payouts.cost_report_save(
            actor=leader, report=report, lines=_actual_lines(initiative, year, key, active, turn)
        )
        payouts.cost_report_submit(actor=leader, report=report)
        if turn < len(due) - 1:
            booked_on = _on_or_before_today(end + dt.timedelta(APPROVAL_DAYS))
            payouts.cost_report_approve(actor=economist, report=report, booked_on=booked_on)


def _budget(organization: Organization, coordinator: User, today: dt.date) -> None:
    """The latest November budget: next year's frame cuts booked as repayments."""
    adopted_on = dt.date(today.year, 11, 20)
    if adopted_on > today:
        adopted_on = dt.date(today.year - 1, 11, 20)
    repayments.budget_adopt(
        actor=coordinator,
        organization=organization,
        year=adopted_on.year + 1,
        adopted_on=adopted_on,
        minute_reference="KF § 142",
    )


def _close_last_year(organization: Organization, coordinator: User, today: dt.date) -> None:
    for period in periods.periods_of(organization):
        periods.period_close(
            actor=coordinator, organization=organization, year=today.year - 1, period=period.key
        )


@transaction.atomic
def seed_fund_for_organization(organization: Organization) -> Fund:
    """Build the demo fund's history (see the module docstring); idempotent."""
    existing = Fund.objects.filter(organization=organization, name=FUND_NAME).first()
    if existing is not None:
        return existing
    today = timezone.localdate()
    coordinator = _user("samordnare")
    # The default part takes over every decided grant when it is created (commitments).
    fund = fund_create(
        actor=coordinator,
        organization=organization,
        name=FUND_NAME,
        kind=Fund.Kind.REPAYMENT,
        is_default=True,
    )
    collaboration = fund_create(
        actor=coordinator,
        organization=organization,
        name=COLLABORATION_NAME,
        kind=Fund.Kind.COLLABORATION,
        is_default=False,
    )
    _allocations(fund, coordinator, today)
    ledger.allocation_book(
        actor=coordinator,
        fund=collaboration,
        amount_ore=to_ore(COLLABORATION_ALLOCATION),
        year=today.year,
        booked_on=_on_or_before_today(dt.date(today.year, 1, 20)),
        note="Samverkansmedel från kommunstyrelsen",
    )
    _reports(organization, _user("projektledare"), _user("ekonom"), today)
    _budget(organization, coordinator, today)
    _close_last_year(organization, coordinator, today)
    return fund
