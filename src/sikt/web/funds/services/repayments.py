"""Repayments through the budget frame (Uppsala 003, "Återföringsmodellen"; DOMAIN §4).

For a budget year, every approved initiative's decided repayment plan says how much each
committee repays; the committee's municipal allocation (*kommunbidrag*) is lowered by that
amount in the budget. :func:`repayment_list` is that list for the budget process;
:func:`budget_adopt` records that the budget was adopted and books each line as a repayment into
the fund. A repayment is revised when the realised effects turn out smaller — "repayment is made
to the degree actual effects occur" — by a proposal (:func:`repayment_revision_propose`, which the
evaluation area calls from its economic evaluation) and a decision
(:func:`repayment_revision_decide`); both stay on record. A rule set without repayment has none.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sikt.web import policy
from sikt.web.accounts.models import Committee, Organization
from sikt.web.audit import services as audit
from sikt.web.funds.ledger_rules import Kind
from sikt.web.funds.models import BudgetAdoption, Fund, LedgerEntry, RepaymentRevision
from sikt.web.funds.money import to_ore
from sikt.web.funds.repayment_plan import plan_lines, plans_of
from sikt.web.funds.services.ledger import book, correction_book
from sikt.web.initiatives.models import Initiative
from sikt.web.initiatives.rulesets import ruleset_for
from sikt.web.initiatives.states import RepaymentModel

CENT = Decimal("0.01")


@dataclass(frozen=True)
class RepaymentRow:
    """One committee's frame cut for one initiative in one year (öre)."""

    initiative: Initiative
    committee_id: int | None
    committee_name: str
    planned_ore: int
    #: The amount in force: the plan, or the latest decided revision.
    amount_ore: int
    revised: bool
    booked_ore: int


def repayment_fund(organization: Organization) -> Fund | None:
    """The part of the fund repayments go to: the default part if it takes repayments."""
    funds = Fund.objects.filter(organization=organization, kind=Fund.Kind.REPAYMENT)
    return funds.filter(is_default=True).first() or funds.first()


def _decided_revisions(
    organization: Organization, year: int
) -> dict[tuple[int, int], RepaymentRevision]:
    latest: dict[tuple[int, int], RepaymentRevision] = {}
    for revision in RepaymentRevision.objects.filter(
        initiative__organization=organization, year=year, state=RepaymentRevision.State.DECIDED
    ).order_by("decided_on", "id"):
        latest[(revision.initiative_id, revision.committee_id)] = revision
    return latest


def _booked(organization: Organization, year: int) -> dict[tuple[int, int], int]:
    booked: dict[tuple[int, int], int] = {}
    for entry in LedgerEntry.objects.filter(
        Q(kind=Kind.REPAYMENT) | Q(corrected_kind=Kind.REPAYMENT),
        fund__organization=organization,
        year=year,
    ):
        key = (entry.initiative_id or 0, entry.committee_id or 0)
        booked[key] = booked.get(key, 0) + entry.signed_ore
    return booked


def repayment_list(organization: Organization, year: int) -> list[RepaymentRow]:
    """Per committee and initiative, what ``year``'s budget lowers the committee's frame by."""
    if ruleset_for(organization).repayment_model == RepaymentModel.NONE:
        return []
    revisions = _decided_revisions(organization, year)
    booked = _booked(organization, year)
    initiatives = list(Initiative.objects.filter(organization=organization).order_by("title"))
    plans = plans_of(initiatives)
    rows = []
    for initiative in initiatives:
        for line in plans.get(initiative.pk, []):
            if line.year != year:
                continue
            planned = to_ore(line.amount_sek.quantize(CENT))
            revision = revisions.get((initiative.pk, line.committee_id or 0))
            rows.append(
                RepaymentRow(
                    initiative=initiative,
                    committee_id=line.committee_id,
                    committee_name=line.committee_name,
                    planned_ore=planned,
                    amount_ore=revision.amount_ore if revision else planned,
                    revised=revision is not None,
                    booked_ore=booked.get((initiative.pk, line.committee_id or 0), 0),
                )
            )
    return sorted(rows, key=lambda row: (row.committee_name, row.initiative.title))


def totals_by_committee(rows: Iterable[RepaymentRow]) -> dict[str, int]:
    totals: dict[str, int] = {}
    for row in rows:
        totals[row.committee_name] = totals.get(row.committee_name, 0) + row.amount_ore
    return dict(sorted(totals.items()))


def budget_adopt(
    *,
    actor: Any,
    organization: Organization,
    year: int,
    adopted_on: dt.date,
    minute_reference: str = "",
) -> BudgetAdoption:
    """Record that ``year``'s budget was adopted and book its frame cuts as repayments."""
    fund = repayment_fund(organization)
    if fund is None:
        raise ValidationError(_("The organisation's fund has no part that takes repayments."))
    policy.require(actor, policy.Action.CREATE, fund, model=BudgetAdoption)
    with transaction.atomic():
        if BudgetAdoption.objects.filter(fund=fund, year=year).exists():
            raise ValidationError(
                _("The budget for %(year)s is already recorded.") % {"year": year}
            )
        adoption = audit.create(
            actor,
            BudgetAdoption(
                fund=fund,
                year=year,
                adopted_on=adopted_on,
                minute_reference=minute_reference,
                adopted_by=actor,
            ),
        )
        committees = {c.pk: c for c in Committee.objects.filter(organization=organization)}
        for row in repayment_list(organization, year):
            if row.amount_ore <= 0 or row.committee_id not in committees:
                continue
            book(
                actor=actor,
                fund=fund,
                kind=Kind.REPAYMENT,
                amount_ore=row.amount_ore,
                year=year,
                booked_on=adopted_on,
                initiative=row.initiative,
                committee=committees[row.committee_id],
                budget_adoption=adoption,
                note=_("Frame cut in the budget for %(year)s") % {"year": year},
            )
        return adoption


def current_amount(initiative: Initiative, committee: Committee, year: int) -> int:
    """The repayment in force for the initiative, committee and year (öre)."""
    revision = (
        RepaymentRevision.objects.filter(
            initiative=initiative,
            committee=committee,
            year=year,
            state=RepaymentRevision.State.DECIDED,
        )
        .order_by("decided_on", "id")
        .last()
    )
    if revision is not None:
        return revision.amount_ore
    return sum(
        to_ore(line.amount_sek.quantize(CENT))
        for line in plan_lines(initiative)
        if line.year == year and line.committee_id == committee.pk
    )


def repayment_revision_propose(
    *,
    actor: Any,
    initiative: Initiative,
    committee: Committee,
    year: int,
    amount_ore: int,
    reason: str,
    source: str = "",
) -> RepaymentRevision:
    """Propose a new repayment amount (e.g. from an economic evaluation of realised effects)."""
    policy.require(actor, policy.Action.CREATE, initiative, model=RepaymentRevision)
    if committee.organization_id != initiative.organization_id:
        raise ValidationError(_("The committee belongs to another organisation."))
    if amount_ore < 0:
        raise ValidationError(_("A repayment cannot be negative."))
    return audit.create(
        actor,
        RepaymentRevision(
            initiative=initiative,
            committee=committee,
            year=year,
            previous_ore=current_amount(initiative, committee, year),
            amount_ore=amount_ore,
            reason=reason,
            source=source,
            proposed_by=actor,
        ),
    )


def repayment_revision_decide(
    *,
    actor: Any,
    revision: RepaymentRevision,
    approve: bool,
    decided_on: dt.date | None = None,
    minute_reference: str = "",
) -> RepaymentRevision:
    """Decide a proposed revision. If the year's budget is already adopted, the booked
    repayment is corrected and the revised amount booked, both resting on this revision."""
    policy.require(actor, policy.Action.REVIEW, revision)
    decided_on = decided_on or timezone.localdate()
    with transaction.atomic():
        revision = RepaymentRevision.objects.select_for_update().get(pk=revision.pk)
        if revision.state != RepaymentRevision.State.PROPOSED:
            raise ValidationError(_("The revision has already been decided."))
        audit.update(
            actor,
            revision,
            state=RepaymentRevision.State.DECIDED if approve else RepaymentRevision.State.REJECTED,
            decided_by=actor,
            decided_on=decided_on,
            minute_reference=minute_reference,
        )
        if approve:
            _rebook(actor, revision)
        return revision


def _rebook(actor: Any, revision: RepaymentRevision) -> None:
    booked = LedgerEntry.objects.filter(
        initiative=revision.initiative,
        committee=revision.committee,
        year=revision.year,
        kind=Kind.REPAYMENT,
        reversed_by__isnull=True,
    )
    if not booked.exists():
        return  # the budget is not adopted yet; the adoption will use the revised amount
    fund = booked.first().fund  # type: ignore[union-attr]
    for entry in booked:
        correction_book(actor=actor, target=entry, note=revision.reason)
    if revision.amount_ore > 0:
        book(
            actor=actor,
            fund=fund,
            kind=Kind.REPAYMENT,
            amount_ore=revision.amount_ore,
            year=revision.year,
            initiative=revision.initiative,
            committee=revision.committee,
            repayment_revision=revision,
            note=revision.reason,
        )
