"""Development agreements in the open API: the funder and each participant read the agreement
with every participant's sprints, tranches, money remaining and repayments (in öre); nobody else
sees it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sikt.web.accounts.models import Organization, Role
from sikt.web.agreements import services as agreements
from sikt.web.agreements.models import Agreement
from tests.web.factories import (
    make_agreement,
    make_agreement_repayment,
    make_organization,
    make_user,
)

pytestmark = pytest.mark.django_db


def test_funder_and_participant_read_the_agreement_others_do_not(
    organization: Organization, other_organization: Organization, api_as: Any
) -> None:
    repayment = make_agreement_repayment(organization)
    agreement: Agreement = repayment.participation.agreement
    participant = repayment.participation.organization
    unrelated = make_agreement(other_organization)

    readers = (make_user(organization, Role.DECISION_MAKER), make_user(participant, Role.ECONOMIST))
    for reader in readers:
        listed = api_as(reader).get("/agreements/").json()["items"]
        assert [item["id"] for item in listed] == [agreement.pk]
        assert listed[0]["funder_name"] == organization.name

    body = (
        api_as(make_user(participant, Role.PROJECT_LEADER))
        .get(f"/agreements/{agreement.pk}")
        .json()
    )
    assert body["reference_number"] == "359144"
    (sprint,) = body["sprints"]
    assert sprint["tranche_ore"] == 100_000_00
    assert sprint["deliverables"] == ["Projektplan beslutad", "Styrgrupp på plats"]
    assert [date["year_end"] for date in body["report_dates"]] == [False, True]
    (status,) = body["participants"]
    assert status["organization_name"] == participant.name
    assert status["paid_ore"] == 100_000_00 and status["payable_ore"] == 0
    assert status["repayments_due_ore"] == 12_500_50
    (progress,) = status["sprints"]
    assert progress["state"] == "approved"
    assert progress["tranche"] == {
        "amount_ore": 100_000_00,
        "payable": False,
        "paid_on": "2017-05-02",
        "invoice_reference": "F-2017-11",
    }
    assert progress["deliverables_done"] == ["Projektplan beslutad", "Styrgrupp på plats"]
    assert status["remaining_reports"][0]["remaining_ore"] == 12_500_50
    (due,) = status["repayments"]
    assert due == {
        "amount_ore": 12_500_50,
        "due_on": "2018-01-31",
        "invoice_reference": "",
        "repaid_on": None,
    }

    outsider = api_as(make_user(other_organization, *Role))
    assert [item["id"] for item in outsider.get("/agreements/").json()["items"]] == [unrelated.pk]
    assert outsider.get(f"/agreements/{agreement.pk}").status_code == 404


def test_reading_an_agreement_takes_the_same_queries_however_many_participants(
    organization: Organization, api_as: Any
) -> None:
    agreement = make_agreement(organization)
    client = api_as(make_user(organization, Role.COORDINATOR))

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/agreements/{agreement.pk}").status_code == 200
        return len(captured)

    queries()  # the first request of a token also records when it was last used
    few = queries()
    funder = make_user(organization, Role.COORDINATOR)
    for _ in range(3):
        participation = agreements.participant_add(
            actor=funder, agreement=agreement, organization=make_organization()
        )
        worker = make_user(participation.organization, Role.COORDINATOR)
        for progress in participation.progress.all():
            agreements.deliverables_mark(
                actor=worker, progress=progress, done=list(progress.sprint.deliverables.all())
            )
        agreements.remaining_report(
            actor=worker,
            participation=participation,
            report_date=agreement.report_dates.get(year_end=False),
            remaining=Decimal("0"),
        )
    agreements.sprint_add(
        actor=funder,
        agreement=agreement,
        deadline=dt.date(2017, 9, 1),
        title="Kalkyl och uppföljning",
        deliverables=["Kalkyl klar", "Uppföljningsplan", "Rapport"],
        tranche=Decimal("50000"),
    )
    assert queries() == few
