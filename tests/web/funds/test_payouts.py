"""Payouts in arrears: the project leader reports, the economist approves or returns, the fund
pays exactly once — also when two economists approve at the same moment."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from sikt.web.accounts.models import Organization, Role, User
from sikt.web.audit import services as audit
from sikt.web.design.models import ProjectOrganisation
from sikt.web.funds.messages import LedgerRefused
from sikt.web.funds.models import CostReport, Fund, LedgerEntry
from sikt.web.funds.services import ledger as ledger_services
from sikt.web.funds.services import payouts as services
from sikt.web.initiatives.models import Initiative
from sikt.web.notifications.models import Notification
from tests.web.conftest import login
from tests.web.factories import make_initiative, make_user
from tests.web.funds.conftest import make_decision


@pytest.fixture
def leader(organization: Organization, initiative: Initiative) -> User:
    user = make_user(organization, Role.PROJECT_LEADER, username="petra")
    audit.create(None, ProjectOrganisation(initiative=initiative, leader_user=user))
    return user


@pytest.fixture
def granted(fund: Fund, coordinator: User, initiative: Initiative) -> Fund:
    ledger_services.allocation_book(
        actor=coordinator, fund=fund, amount_ore=10_000_000_00, year=2025
    )
    ledger_services.book(
        actor=coordinator,
        fund=fund,
        kind=ledger_services.Kind.COMMITMENT,
        amount_ore=1_000_000_00,
        year=2025,
        initiative=initiative,
        decision=make_decision(initiative),
    )
    return fund


def _submitted(leader: User, initiative: Initiative, amounts: dict[str, int]) -> CostReport:
    report = services.cost_report_create(
        actor=leader, initiative=initiative, year=2025, period="delar1"
    )
    services.cost_report_save(
        actor=leader,
        report=report,
        lines=[services.Line(name, amount) for name, amount in amounts.items()],
    )
    return services.cost_report_submit(actor=leader, report=report)


@pytest.mark.django_db
def test_report_approve_pays_once_and_notifies(
    granted: Fund,
    leader: User,
    economist: User,
    initiative: Initiative,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        report = _submitted(leader, initiative, {"Personal": 300_000_00, "Utbildning": 50_000_50})
    with django_capture_on_commit_callbacks(execute=True):
        first = services.cost_report_approve(actor=economist, report=report)
    again = services.cost_report_approve(actor=economist, report=report)
    assert not first.already and again.already
    assert first.payout == again.payout
    payout = LedgerEntry.objects.get(kind="payout")
    assert (payout.amount_ore, payout.cost_report, payout.actor) == (350_000_50, report, economist)
    report.refresh_from_db()
    assert report.state == CostReport.State.APPROVED
    assert Notification.objects.filter(recipient=economist, kind="payout_to_approve").exists()
    assert Notification.objects.filter(recipient=leader, kind="payout_made").exists()


@pytest.mark.django_db
def test_payout_above_the_grant_needs_a_recorded_decision(
    granted: Fund, leader: User, economist: User, initiative: Initiative
) -> None:
    report = _submitted(leader, initiative, {"Personal": 1_200_000_00})
    with pytest.raises(LedgerRefused):
        services.cost_report_approve(actor=economist, report=report)
    assert not LedgerEntry.objects.filter(kind="payout").exists()
    assert CostReport.objects.get(pk=report.pk).state == CostReport.State.SUBMITTED
    services.overrun_decision_record(
        actor=economist,
        initiative=initiative,
        year=2025,
        amount_ore=200_000_00,
        decided_on=dt.date(2025, 5, 2),
        body="Kommunstyrelsen",
        minute_reference="§ 88",
        reason="Fler deltagare än planerat",
    )
    assert services.cost_report_approve(actor=economist, report=report).payout is not None


@pytest.mark.django_db
def test_project_leaders_report_for_their_own_initiatives_only(
    organization: Organization, leader: User, initiative: Initiative, economist: User
) -> None:
    other = make_initiative(organization, "Annan satsning")
    with pytest.raises(PermissionDenied):
        services.cost_report_create(actor=leader, initiative=other, year=2025, period="delar1")
    with pytest.raises(PermissionDenied):
        services.cost_report_create(
            actor=economist, initiative=initiative, year=2025, period="delar1"
        )
    report = services.cost_report_create(
        actor=leader, initiative=initiative, year=2025, period="delar1"
    )
    with pytest.raises(PermissionDenied):
        services.cost_report_approve(actor=leader, report=report)


@pytest.mark.django_db
def test_returned_report_is_changed_and_resubmitted(
    granted: Fund,
    leader: User,
    economist: User,
    initiative: Initiative,
    django_capture_on_commit_callbacks: Any,
) -> None:
    report = _submitted(leader, initiative, {"Personal": 10_00})
    with pytest.raises(ValidationError):
        services.cost_report_return(actor=economist, report=report, comment=" ")
    with django_capture_on_commit_callbacks(execute=True):
        services.cost_report_return(actor=economist, report=report, comment="Bifoga underlag")
    assert Notification.objects.filter(recipient=leader, kind="cost_report_returned").exists()
    services.cost_report_save(actor=leader, report=report, lines=[services.Line("Personal", 20_00)])
    services.cost_report_submit(actor=leader, report=report)
    services.cost_report_approve(actor=economist, report=report)
    assert LedgerEntry.objects.get(kind="payout").amount_ore == 20_00
    with pytest.raises(ValidationError):
        services.cost_report_save(actor=leader, report=report, lines=[services.Line("x", 1)])


@pytest.mark.django_db
def test_the_journey_through_the_pages(
    client: Client, granted: Fund, leader: User, economist: User, initiative: Initiative
) -> None:
    login(client, leader)
    response = client.post(
        reverse("funds:report-new", args=[initiative.pk]), {"year": "2025", "period": "delar1"}
    )
    report = CostReport.objects.get()
    assert response["Location"] == reverse("funds:report", args=[report.pk])
    client.post(
        reverse("funds:report", args=[report.pk]),
        {
            "action": "submit",
            "lines-TOTAL_FORMS": "1",
            "lines-INITIAL_FORMS": "0",
            "lines-0-cost_line": "Personal",
            "lines-0-amount": "250 000",
            "lines-0-comment": "",
        },
    )
    login(client, economist)
    assert "Tidiga insatser" in client.get(reverse("funds:waiting")).content.decode()
    page = client.get(reverse("funds:report", args=[report.pk]))
    key = str(page.context["approval_key"])
    for _click in range(2):  # a double click
        client.post(
            reverse("funds:report", args=[report.pk]), {"action": "approve", "idempotency_key": key}
        )
    assert LedgerEntry.objects.filter(kind="payout").count() == 1
    money = client.get(reverse("funds:initiative", args=[initiative.pk])).content.decode()
    assert "250\xa0000\xa0kr" in money


@pytest.mark.django_db
def test_work_queue_shows_payouts_to_approve(
    client: Client, granted: Fund, leader: User, economist: User, initiative: Initiative
) -> None:
    report = _submitted(leader, initiative, {"Personal": 10_00})
    login(client, economist)
    page = client.get(reverse("shell:home")).content.decode()
    assert reverse("funds:report", args=[report.pk]) in page


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="two real PostgreSQL connections")
def test_two_economists_approving_at_the_same_moment_pay_once(
    organization: Organization, coordinator: User, initiative: Initiative
) -> None:
    from sikt.web.funds.services.funds import fund_create

    fund = fund_create(actor=coordinator, organization=organization, name="Fonden")
    leader = make_user(organization, Role.PROJECT_LEADER)
    audit.create(None, ProjectOrganisation(initiative=initiative, leader_user=leader))
    ledger_services.book(
        actor=coordinator,
        fund=fund,
        kind=ledger_services.Kind.COMMITMENT,
        amount_ore=1_000_000_00,
        year=2025,
        initiative=initiative,
        decision=make_decision(initiative),
    )
    report = _submitted(leader, initiative, {"Personal": 500_000_00})
    economists = [make_user(organization, Role.ECONOMIST) for _ in range(2)]
    barrier = threading.Barrier(2)
    results: list[Any] = []

    def approve(economist: User) -> None:
        try:
            barrier.wait()
            results.append(services.cost_report_approve(actor=economist, report=report))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(e,)) for e in economists]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 2
    assert sorted(result.already for result in results) == [False, True]
    assert LedgerEntry.objects.filter(kind="payout").count() == 1
    assert results[0].payout == results[1].payout
