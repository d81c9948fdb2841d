"""The daily reminder run tells each person once per event."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from sikt.cli import main
from sikt.web.accounts.models import Organization, User
from sikt.web.followup.services.reminders import send_reminders
from sikt.web.initiatives.models import Initiative
from sikt.web.initiatives.states import InitiativeState
from sikt.web.notifications.models import Notification
from tests.web.factories import make_initiative, make_running_initiative

pytestmark = pytest.mark.django_db


def _told(kind: str) -> list[tuple[str, str]]:
    return sorted(
        Notification.objects.filter(kind=kind).values_list("recipient__username", "title")
    )


def test_due_then_overdue_reports_are_told_once(
    django_capture_on_commit_callbacks: Any,
    organization: Organization,
    leader: User,
    reviewer: User,
) -> None:
    make_running_initiative(
        organization,
        title="Läsfrämjande",
        start=dt.date(2026, 5, 1),
        reporting="monthly",
        leader=leader,
    )
    with time_machine.travel(dt.datetime(2026, 6, 10, 6, tzinfo=dt.UTC), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert send_reminders() == {"report_due": 1}
        assert _told("report_due") == [("petra", "Läsfrämjande: Maj 2026 ska lämnas 2026-06-15")]
        with django_capture_on_commit_callbacks(execute=True):
            assert send_reminders() == {}
    with (
        time_machine.travel(dt.datetime(2026, 6, 16, 6, tzinfo=dt.UTC), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert send_reminders() == {"report_overdue": 1}
    overdue = [who for who, title in _told("report_due") if "försenad" in title]
    assert overdue == ["petra", "sara"]


def test_ideas_past_the_answer_time_and_waiting_steps(
    django_capture_on_commit_callbacks: Any, organization: Organization, reviewer: User
) -> None:
    idea = make_initiative(organization, "Läxhjälp")
    Initiative.objects.filter(pk=idea.pk).update(
        state=InitiativeState.IDEA_SUBMITTED,
        idea_submitted_at=timezone.now() - dt.timedelta(days=35),
    )
    plan = make_initiative(organization, "Familjecentral")
    Initiative.objects.filter(pk=plan.pk).update(state=InitiativeState.PLAN_SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        counts = send_reminders()
    assert counts == {"idea_waiting": 1, "decision_to_prepare": 1}
    assert [who for who, _title in _told("idea_waiting")] == ["sara"]


def test_the_command_prints_what_it_sent(
    organization: Organization, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["followup", "remind"]) == 0
    assert capsys.readouterr().out.startswith("reminders sent:")
