"""Development agreements tell the other side: a submitted sprint reaches the funder, the
verdict reaches the participant, a tranche that became payable reaches the funder's payers, and
the daily run reminds a participant of a report of remaining money due or passed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from sikt.web.accounts.models import Organization, Role, User
from sikt.web.agreements import services
from sikt.web.agreements.models import Agreement, SprintProgress, SprintState
from sikt.web.followup.services.reminders import send_reminders
from sikt.web.notifications.models import Notification
from tests.web.factories import make_agreement, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreement(organization: Organization) -> Agreement:
    return make_agreement(organization)


def kinds_of(user: User) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def _submitted(agreement: Agreement, worker: User, capture: Any) -> SprintProgress:
    progress = SprintProgress.objects.get(participation__agreement=agreement)
    with capture(execute=True):
        services.deliverables_mark(
            actor=worker, progress=progress, done=list(progress.sprint.deliverables.all())
        )
        services.sprint_transition(actor=worker, progress=progress, to=SprintState.SUBMITTED)
    return progress


def test_each_step_of_a_sprint_reaches_the_other_side(
    agreement: Agreement, django_capture_on_commit_callbacks: Any
) -> None:
    participant = agreement.participations.get().organization
    worker = make_user(participant, Role.PROJECT_LEADER)
    funder_coordinator = make_user(agreement.funder, Role.COORDINATOR)
    funder_economist = make_user(agreement.funder, Role.ECONOMIST)
    progress = _submitted(agreement, worker, django_capture_on_commit_callbacks)
    assert kinds_of(funder_coordinator) == ["agreement_sprint_submitted"]
    assert kinds_of(worker) == [] and kinds_of(funder_economist) == []
    submitted = Notification.objects.get(recipient=funder_coordinator)
    assert participant.name in submitted.title and "Sprint 1" in submitted.title
    assert submitted.url == f"/overenskommelser/sprintar/{progress.pk}/"

    with django_capture_on_commit_callbacks(execute=True):
        services.sprint_transition(
            actor=funder_coordinator, progress=progress, to=SprintState.APPROVED
        )
    assert kinds_of(worker) == ["agreement_sprint_decided"]
    payable = Notification.objects.get(kind="agreement_tranche_payable", recipient=funder_economist)
    assert payable.url == f"/overenskommelser/delbetalningar/{progress.tranche.pk}/"
    assert "agreement_tranche_payable" in kinds_of(funder_coordinator)


def test_a_returned_sprint_tells_the_participant_and_pays_nothing(
    agreement: Agreement, django_capture_on_commit_callbacks: Any
) -> None:
    participant = agreement.participations.get().organization
    worker = make_user(participant, Role.PROJECT_LEADER)
    funder = make_user(agreement.funder, Role.COORDINATOR)
    progress = _submitted(agreement, worker, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.sprint_transition(
            actor=funder, progress=progress, to=SprintState.RETURNED, comment="Styrgrupp saknas."
        )
    assert kinds_of(worker) == ["agreement_sprint_decided"]
    assert not Notification.objects.filter(kind="agreement_tranche_payable").exists()


def test_the_daily_run_reminds_of_remaining_money_once_before_and_once_after(
    agreement: Agreement, django_capture_on_commit_callbacks: Any
) -> None:
    participation = agreement.participations.get()
    economist = make_user(participation.organization, Role.ECONOMIST)
    outsider = make_user(agreement.funder, Role.ECONOMIST)
    with django_capture_on_commit_callbacks(execute=True):
        early = send_reminders(dt.date(2017, 9, 20))
        soon = send_reminders(dt.date(2017, 9, 22))
        again = send_reminders(dt.date(2017, 9, 23))
    assert "agreement_report_due" not in early
    assert soon["agreement_report_due"] == 1 and "agreement_report_due" not in again
    reminder = Notification.objects.get(recipient=economist)
    assert reminder.kind == "agreement_report_due" and "2017-09-28" in reminder.title
    assert reminder.url == f"/overenskommelser/deltagande/{participation.pk}/aterstar/"
    assert kinds_of(outsider) == []

    with django_capture_on_commit_callbacks(execute=True):
        late = send_reminders(dt.date(2017, 9, 29))
    assert late["agreement_report_overdue"] == 1
    services.remaining_report(
        actor=economist,
        participation=participation,
        report_date=agreement.report_dates.get(due_on=dt.date(2017, 9, 28)),
        remaining=Decimal("0"),
    )
    with django_capture_on_commit_callbacks(execute=True):
        after = send_reminders(dt.date(2018, 1, 5))
    # Only the year-end report (31 December) is still missing now.
    assert after["agreement_report_overdue"] == 1
    assert Notification.objects.filter(recipient=economist).count() == 3
