"""The demo fund (issue 9 item 7): Exempelby's fund in two parts with two budget years of
allocations, the decided grants committed, payouts in arrears approved by the economist (one
report waiting), next year's frame cuts repaid by the committees, one correction — built
through the services, reconciling to the öre, and left alone by a second run."""

from __future__ import annotations

import pytest
from django.db.models import Count
from django.utils import timezone

from sikt.web.demo import seed_demo
from sikt.web.funds.demo import FUND_NAME, seed_fund_for_organization
from sikt.web.funds.models import CostReport, Fund, LedgerEntry
from sikt.web.funds.reconcile import audit_organization
from sikt.web.initiatives.models import Grant

pytestmark = pytest.mark.django_db


def test_the_demo_fund_has_two_years_of_history_and_reconciles() -> None:
    organization = seed_demo()
    this_year = timezone.localdate().year
    fund = Fund.objects.get(organization=organization, name=FUND_NAME)
    assert fund.is_default and fund.takes_repayments
    assert Fund.objects.filter(organization=organization).count() == 2
    entries = LedgerEntry.objects.filter(fund__organization=organization)
    allocated_years = set(entries.filter(kind="allocation").values_list("year", flat=True))
    assert {this_year - 1, this_year} <= allocated_years
    correction = entries.get(kind="correction")
    assert correction.reverses.kind == "allocation"  # type: ignore[union-attr]
    # Every decided grant is committed, each entry resting on its decision.
    granted = set(
        Grant.objects.filter(initiative__organization=organization).values_list(
            "initiative_id", flat=True
        )
    )
    commitments = entries.filter(kind="commitment")
    assert set(commitments.values_list("initiative_id", flat=True)) == granted
    assert not commitments.filter(decision__isnull=True).exists()
    # Payouts rest on approved cost reports; the latest report waits for the economist.
    payouts = entries.filter(kind="payout")
    assert payouts.exists()
    assert not payouts.exclude(cost_report__state=CostReport.State.APPROVED).exists()
    assert CostReport.objects.filter(state=CostReport.State.SUBMITTED).count() == 1
    # Repayments from at least two committees, resting on the adopted budget.
    repaid = entries.filter(kind="repayment", budget_adoption__isnull=False)
    assert repaid.values("committee").annotate(n=Count("id")).count() >= 2
    report = audit_organization(organization)
    assert report.reconciled, report.breaks
    assert report.funds[FUND_NAME].available >= 0
    # A second run adds nothing.
    count = entries.count()
    seed_fund_for_organization(organization)
    assert entries.count() == count
