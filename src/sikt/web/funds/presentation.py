"""How the fund's records read on pages and in exports: what each entry rests on, with a link."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from sikt.web.funds.models import LedgerEntry


@dataclass(frozen=True)
class Basis:
    """What a ledger entry rests on, as a sentence and the page that shows it."""

    text: str
    url: str | None


def rests_on(entry: LedgerEntry) -> Basis:
    if entry.reverses_id is not None:
        return Basis(
            _("Corrects entry #%(number)s") % {"number": entry.reverses_id},
            reverse("funds:entry", args=[entry.reverses_id]),
        )
    if entry.cost_report_id is not None:
        report = entry.cost_report
        return Basis(
            _("Cost report %(year)s %(period)s") % {"year": report.year, "period": report.period},
            reverse("funds:report", args=[report.pk]),
        )
    if entry.overrun_decision_id is not None:
        decision = entry.overrun_decision
        return Basis(
            _("Decision to pay above the grant: %(decision)s") % {"decision": decision},
            reverse("funds:initiative", args=[decision.initiative_id]),
        )
    if entry.decision_id is not None:
        decision = entry.decision
        parts = [str(decision)]
        if decision.minute_reference:
            parts.append(decision.minute_reference)
        if decision.registration_number:
            parts.append(decision.registration_number)
        return Basis(
            _("Decision: %(decision)s") % {"decision": ", ".join(parts)},
            reverse("initiatives:detail", args=[decision.initiative_id]),
        )
    if entry.budget_adoption_id is not None:
        adoption = entry.budget_adoption
        return Basis(str(adoption), reverse("funds:repayments") + f"?ar={adoption.year}")
    if entry.repayment_revision_id is not None:
        revision = entry.repayment_revision
        return Basis(
            _("Revised repayment decided %(date)s") % {"date": revision.decided_on},
            reverse("funds:revision", args=[revision.pk]),
        )
    return Basis(entry.note or _("Booked by the coordinator"), None)
