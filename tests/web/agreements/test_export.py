"""The agreement as an Excel workbook: every participant's sprints and tranches, the money
remaining and the repayments due, with formula totals that equal the agreement's page."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook

from sikt.web.accounts.models import Organization, Role
from sikt.web.agreements import selectors, services
from sikt.web.agreements.models import Agreement, SprintState
from tests.web.conftest import login
from tests.web.factories import make_agreement_repayment, make_user

pytestmark = pytest.mark.django_db


def evaluate(workbook: Workbook, sheet: str, formula: str) -> float:
    """The value of the ``SUM`` and ``SUMIF`` formulas the export writes."""
    if match := re.fullmatch(r"=SUM\(([A-Z])(\d+):[A-Z](\d+)\)", formula):
        letter, first, last = match.groups()
        cells = workbook[sheet][f"{letter}{first}:{letter}{last}"]
        return sum(float(row[0].value or 0) for row in cells)
    match = re.fullmatch(r"=SUMIF\('(.+)'!A2:A(\d+),A(\d+),'.+'!([A-Z])2:[A-Z]\d+\)", formula)
    assert match, formula
    source, last, row, letter = match.groups()
    wanted = workbook[sheet][f"A{row}"].value
    data = workbook[source]
    return sum(
        float(data[f"{letter}{index}"].value or 0)
        for index in range(2, int(last) + 1)
        if data[f"A{index}"].value == wanted
    )


def test_the_workbook_adds_up_to_the_agreements_figures(
    client: Client, organization: Organization
) -> None:
    repayment = make_agreement_repayment(organization)
    agreement: Agreement = repayment.participation.agreement
    funder = make_user(organization, Role.COORDINATOR)
    participant = repayment.participation.organization
    worker = make_user(participant, Role.PROJECT_LEADER)
    sprint = services.sprint_add(
        actor=funder,
        agreement=agreement,
        deadline=dt.date(2017, 10, 1),
        title="Uppföljning =SUM(A1)",
        deliverables=["Rapport"],
        tranche=Decimal("50000.25"),
    )
    progress = sprint.progress.get()
    done = list(sprint.deliverables.all())
    services.deliverables_mark(actor=worker, progress=progress, done=done)
    services.sprint_transition(actor=worker, progress=progress, to=SprintState.SUBMITTED)
    services.sprint_transition(actor=funder, progress=progress, to=SprintState.APPROVED)

    login(client, make_user(participant, Role.ECONOMIST))
    response = client.get(reverse("agreements:export", kwargs={"pk": agreement.pk}))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'overenskommelse-{agreement.pk}.xlsx"')
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [
        "Sprintar och delbetalningar",
        "Återstående medel",
        "Återbetalningar",
        "Per deltagare",
    ]
    sprints = workbook["Sprintar och delbetalningar"]
    rows = list(sprints.iter_rows(min_row=2, max_row=3, values_only=True))
    assert [row[:2] for row in rows] == [(participant.name, 1), (participant.name, 2)]
    assert rows[0][4] == "Godkänd" and rows[0][7] == 100_000 and rows[0][9] == "F-2017-11"
    assert rows[1][2] == "Uppföljning =SUM(A1)"  # a user's text is never a formula
    assert sprints["A4"].value == "Totalt" and sprints["H4"].value == "=SUM(H2:H3)"

    (status,) = selectors.statuses(selectors.agreement_detail(agreement))
    assert Decimal(str(evaluate(workbook, sprints.title, sprints["H4"].value))) == status.paid
    assert Decimal(str(evaluate(workbook, sprints.title, sprints["G4"].value))) == status.payable
    remaining = workbook["Återstående medel"]
    assert remaining["D2"].value == 12_500.5 and remaining["C2"].value == "ja"
    repayments = workbook["Återbetalningar"]
    assert repayments["F3"].value == "=SUM(F2:F2)"
    assert evaluate(workbook, repayments.title, repayments["F3"].value) == 12_500.5
    per = workbook["Per deltagare"]
    assert per["A2"].value == participant.name
    paid, payable, due = (evaluate(workbook, per.title, per[f"{c}2"].value) for c in "BCD")
    assert (paid, payable, due) == (100_000.0, 50_000.25, 12_500.5)
    assert Decimal(str(due)) == status.repayments_due


def test_another_organisation_cannot_download_it(
    client: Client, organization: Organization, other_organization: Organization
) -> None:
    agreement = make_agreement_repayment(organization).participation.agreement
    login(client, make_user(other_organization, *Role))
    assert client.get(reverse("agreements:export", kwargs={"pk": agreement.pk})).status_code == 404
