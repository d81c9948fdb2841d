"""Reporting per period: schedule, values with breakdowns, the workflow, attrition and flags."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from sikt.web.accounts.models import User
from sikt.web.design.models import FollowUpPlan, Indicator
from sikt.web.followup import services
from sikt.web.followup.models import Flag, FlagKind, ProgressReport
from sikt.web.followup.selectors.expected import PartInput, ValueInput
from sikt.web.followup.states import ReportState
from sikt.web.initiatives.models import Initiative
from sikt.web.notifications.models import Notification

pytestmark = pytest.mark.django_db
D = dt.date


def _first(initiative: Initiative) -> ProgressReport:
    return initiative.progress_reports.order_by("period_end").first()  # type: ignore[return-value]


def _outcome(initiative: Initiative) -> Indicator:
    return Indicator.objects.get(element__initiative=initiative, unit="%")


def _values(initiative: Initiative, report: ProgressReport, value: str = "64") -> list[ValueInput]:
    outcome = _outcome(initiative)
    return [
        ValueInput(
            outcome.pk,
            report.period_start,
            Decimal(value),
            parts=[
                PartInput("sex", "Flickor", Decimal("70")),
                PartInput("sex", "Pojkar", Decimal("58")),
            ],
        )
    ]


def test_schedule_follows_the_plan_and_is_idempotent(initiative: Initiative) -> None:
    reports = list(initiative.progress_reports.all())
    assert len(reports) == 12
    assert (reports[0].period_start, reports[0].period_end, reports[0].due_on) == (
        D(2026, 1, 1),
        D(2026, 3, 31),
        D(2026, 4, 15),
    )
    assert services.schedule_sync(initiative) == 0
    FollowUpPlan.objects.filter(initiative=initiative).update(reporting_frequency="interim")
    services.schedule_sync(initiative)
    assert initiative.progress_reports.count() == 9


def test_values_with_a_declared_breakdown_are_saved(initiative: Initiative, leader: User) -> None:
    report = _first(initiative)
    services.report_values_save(actor=leader, report=report, values=_values(initiative, report))
    measurement = report.measurements.get()
    assert measurement.value == Decimal("64")
    assert sorted((p.category, p.value) for p in measurement.parts.all()) == [
        ("Flickor", Decimal("70")),
        ("Pojkar", Decimal("58")),
    ]


def test_undeclared_breakdown_and_negative_values_are_refused(
    initiative: Initiative, leader: User
) -> None:
    report = _first(initiative)
    outcome = _outcome(initiative)
    bad = [
        ValueInput(
            outcome.pk,
            report.period_start,
            Decimal(64),
            parts=[PartInput("area", "Norr", Decimal(1))],
        )
    ]
    with pytest.raises(ValidationError) as caught:
        services.report_values_save(actor=leader, report=report, values=bad)
    assert "bryts inte ned på" in str(caught.value)
    with pytest.raises(ValidationError, match="kan inte vara negativ"):
        services.report_values_save(
            actor=leader,
            report=report,
            values=[ValueInput(outcome.pk, report.period_start, Decimal(-1))],
        )
    assert not report.measurements.exists()


def test_a_share_is_computed_from_numerator_and_denominator(
    initiative: Initiative, leader: User
) -> None:
    report = _first(initiative)
    item = ValueInput(
        _outcome(initiative).pk,
        report.period_start,
        None,
        numerator=Decimal(16),
        denominator=Decimal(25),
    )
    services.report_values_save(actor=leader, report=report, values=[item])
    assert report.measurements.get().value == Decimal("64.000")


def test_a_stale_form_is_a_conflict(initiative: Initiative, leader: User) -> None:
    report = _first(initiative)
    services.report_values_save(
        actor=leader, report=report, values=_values(initiative, report), version=1
    )
    with pytest.raises(ValidationError, match="Någon annan sparade"):
        services.report_values_save(
            actor=leader, report=report, values=_values(initiative, report, "65"), version=1
        )


def test_workflow_submit_return_resubmit_approve(
    django_capture_on_commit_callbacks: Any,
    initiative: Initiative,
    leader: User,
    reviewer: User,
) -> None:
    report = _first(initiative)
    services.report_values_save(actor=leader, report=report, values=_values(initiative, report))
    with django_capture_on_commit_callbacks(execute=True):
        services.report_submit(actor=leader, report=report)
    assert Notification.objects.get(recipient=reviewer).kind == "report_submitted"
    with pytest.raises(PermissionDenied):
        services.report_approve(actor=leader, report=report)
    measurement = report.measurements.get()
    with pytest.raises(ValidationError):
        services.report_return(actor=reviewer, report=report, comment=" ")
    with django_capture_on_commit_callbacks(execute=True):
        services.report_return(
            actor=reviewer,
            report=report,
            comment="Kontrollera värdet",
            notes={measurement.pk: "Stämmer inte med elevregistret"},
        )
    report.refresh_from_db()
    measurement.refresh_from_db()
    assert report.state == ReportState.RETURNED
    assert measurement.return_note == "Stämmer inte med elevregistret"
    assert Notification.objects.filter(recipient=leader, kind="report_returned").exists()
    services.report_values_save(
        actor=leader, report=report, values=_values(initiative, report, "66")
    )
    services.report_submit(actor=leader, report=report)
    services.report_approve(actor=reviewer, report=report)
    report.refresh_from_db()
    measurement.refresh_from_db()
    assert report.state == ReportState.APPROVED and measurement.return_note == ""
    with pytest.raises(ValidationError):
        services.report_values_save(actor=leader, report=report, values=[])


def test_nobody_reviews_their_own_report(initiative: Initiative, reviewer: User) -> None:
    from sikt.web.accounts.models import Role
    from sikt.web.accounts.services import membership_grant

    membership_grant(
        actor=None, user=reviewer, organization=initiative.organization, role=Role.PROJECT_LEADER
    )
    report = _first(initiative)
    services.report_submit(actor=reviewer, report=report)
    with pytest.raises(PermissionDenied):
        services.report_approve(actor=reviewer, report=report)


def test_harm_flags_the_initiative_at_once_and_meets_the_stop_criterion(
    django_capture_on_commit_callbacks: Any,
    initiative: Initiative,
    leader: User,
    reviewer: User,
    steering: User,
) -> None:
    report = _first(initiative)
    with pytest.raises(ValidationError):
        services.attrition_add(actor=leader, report=report, count=1, reason="harm")
    with django_capture_on_commit_callbacks(execute=True):
        services.attrition_add(
            actor=leader,
            report=report,
            count=1,
            reason="harm",
            description="Eleven upplevde gruppen som kränkande",
        )
    kinds = sorted(Flag.objects.filter(initiative=initiative).values_list("kind", flat=True))
    assert kinds == [FlagKind.HARM, FlagKind.STOP_CRITERION]
    told = set(
        Notification.objects.filter(kind="initiative_flagged").values_list(
            "recipient__username", flat=True
        )
    )
    assert told == {reviewer.username, steering.username}
    assert any("flaggad" in message.subject for message in mail.outbox)
    flag = Flag.objects.get(kind=FlagKind.HARM)
    with pytest.raises(PermissionDenied):
        services.flag_handle(actor=leader, flag=flag, handling="x")
    services.flag_handle(actor=steering, flag=flag, handling="Styrgruppen pausar gruppen")
    flag.refresh_from_db()
    assert not flag.is_open and flag.handled_by == steering


def test_ordinary_attrition_raises_no_flag(initiative: Initiative, leader: User) -> None:
    services.attrition_add(actor=leader, report=_first(initiative), count=2, reason="moved")
    assert not Flag.objects.exists()


def test_a_viewer_cannot_report(initiative: Initiative, viewer: User) -> None:
    with pytest.raises(PermissionDenied):
        services.report_submit(actor=viewer, report=_first(initiative))
