"""The demo agreement (issue 9 item 7): modelled on Aktion 2017 — three sprints with 100 000 kr
tranches between a fictional association and Exempelby, in its late-autumn state; a second run
adds nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sikt.web.accounts.models import Organization, Role
from sikt.web.agreements import selectors
from sikt.web.agreements.demo import FUNDER_NAME, seed_agreement_for_organization
from sikt.web.agreements.models import Agreement, SprintState
from tests.web.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def test_demo_agreement_has_three_sprints_and_tranches(organization: Organization) -> None:
    make_user(organization, Role.COORDINATOR, username="samordnare")
    make_user(organization, Role.PROJECT_LEADER, username="projektledare")
    seed_agreement_for_organization(organization, PASSWORD)
    seed_agreement_for_organization(organization, PASSWORD)
    agreement = Agreement.objects.get()
    assert agreement.funder.name == FUNDER_NAME and agreement.funder.is_fictional
    assert agreement.goals.count() == 5 and agreement.report_dates.count() == 3
    viewer = make_user(organization, Role.VIEWER)
    [row] = selectors.owed_by(viewer, organization)
    assert [progress.state for progress in row.status.progress] == [
        SprintState.APPROVED,
        SprintState.APPROVED,
        SprintState.OPEN,
    ]
    assert row.status.paid == Decimal("100000")
    assert row.status.payable == Decimal("100000")
    assert row.status.not_yet_earned == Decimal("100000")
    assert [date.due_on.month for date in row.reports_due] == [11, 12]
    # The funder's coordinator sees it from the association's side.
    funder_user = agreement.funder.memberships.get(role=Role.COORDINATOR).user
    assert selectors.funded_by(funder_user, agreement.funder)[0][0] == agreement
